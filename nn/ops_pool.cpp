// nn/ops_pool.cpp — max and average pooling over k x k windows of NCHW batches (no padding, the
// windows that fit; PyTorch's MaxPool2d / AvgPool2d with ceil_mode false).
#include <cstdint>
#include <limits>
#include <vector>

#include "nn/buffer_pool.hpp"
#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

namespace {

struct PoolGeometry {
    std::size_t planes;  // N C: every channel of every image is pooled on its own
    std::size_t H, W, k, stride, out_h, out_w;
};

PoolGeometry geometry(const char* op, const Var& x, std::size_t k, std::size_t stride) {
    const Shape& s = x.shape();
    NN_CHECK(s.rank() == 4, op << ": expects (N, C, H, W), got " << s);
    NN_CHECK(k >= 1 && stride >= 1, op << ": window " << k << " and stride " << stride << " must be at least 1");
    NN_CHECK(k <= s[2] && k <= s[3], op << ": a " << k << " x " << k << " window does not fit " << s);
    return {s[0] * s[1], s[2], s[3], k, stride, (s[2] - k) / stride + 1, (s[3] - k) / stride + 1};
}

Shape output_shape(const Var& x, const PoolGeometry& g) { return {x.shape()[0], x.shape()[1], g.out_h, g.out_w}; }

}  // namespace

// y[oy, ox] = max over the window of x      dx[argmax] += dy (the first maximum in row-major order,
// as PyTorch), so a tie sends the whole gradient to one input.
Var max_pool2d(const Var& x, std::size_t k, std::size_t stride) {
    const PoolGeometry g = geometry("max_pool2d", x, k, stride);
    NN_CHECK(g.H * g.W <= std::numeric_limits<std::uint32_t>::max(),
             "max_pool2d: the planes of " << x.shape() << " are too large");
    Tensor y = Tensor::uninitialized(output_shape(x, g));
    // Where each output came from, as an offset in its input plane (pool memory: no allocation per step).
    std::vector<std::uint32_t, PoolAllocator<std::uint32_t>> argmax(y.size());
    const float* in = x.value().data();
    std::size_t out = 0;
    for (std::size_t plane = 0; plane < g.planes; ++plane, in += g.H * g.W)
        for (std::size_t oy = 0; oy < g.out_h; ++oy)
            for (std::size_t ox = 0; ox < g.out_w; ++ox, ++out) {
                const std::size_t corner = oy * g.stride * g.W + ox * g.stride;
                std::size_t best = corner;
                float top = in[corner];
                for (std::size_t i = 0; i < k; ++i)
                    for (std::size_t j = 0; j < k; ++j) {
                        // strict: ties keep the first. Selects, not a branch: the winner of a window of
                        // activations is unpredictable.
                        const std::size_t at = corner + i * g.W + j;
                        const bool greater = in[at] > top;
                        best = greater ? at : best;
                        top = greater ? in[at] : top;
                    }
                y[out] = top;
                argmax[out] = std::uint32_t(best);
            }

    return make_result("max_pool2d", std::move(y), {x}, [g, argmax = std::move(argmax)](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        const float* dy = self.grad.data();
        const std::size_t per_plane = g.out_h * g.out_w;
        for (std::size_t plane = 0; plane < g.planes; ++plane, dx += g.H * g.W)
            for (std::size_t o = plane * per_plane; o < (plane + 1) * per_plane; ++o) dx[argmax[o]] += dy[o];
    });
}

// y[oy, ox] = (1 / k^2) sum over the window of x      dx[every window element] += dy / k^2
Var avg_pool2d(const Var& x, std::size_t k, std::size_t stride) {
    const PoolGeometry g = geometry("avg_pool2d", x, k, stride);
    const float scale = 1.0f / float(k * k);
    Tensor y = Tensor::uninitialized(output_shape(x, g));
    const float* in = x.value().data();
    std::size_t out = 0;
    for (std::size_t plane = 0; plane < g.planes; ++plane, in += g.H * g.W)
        for (std::size_t oy = 0; oy < g.out_h; ++oy)
            for (std::size_t ox = 0; ox < g.out_w; ++ox, ++out) {
                float total = 0.0f;
                for (std::size_t i = 0; i < k; ++i)
                    for (std::size_t j = 0; j < k; ++j) total += in[(oy * g.stride + i) * g.W + ox * g.stride + j];
                y[out] = total * scale;
            }

    return make_result("avg_pool2d", std::move(y), {x}, [g, scale](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        const float* dy = self.grad.data();
        std::size_t o = 0;
        for (std::size_t plane = 0; plane < g.planes; ++plane, dx += g.H * g.W)
            for (std::size_t oy = 0; oy < g.out_h; ++oy)
                for (std::size_t ox = 0; ox < g.out_w; ++ox, ++o) {
                    const float share = dy[o] * scale;
                    float* window = dx + oy * g.stride * g.W + ox * g.stride;
                    for (std::size_t i = 0; i < g.k; ++i)
                        for (std::size_t j = 0; j < g.k; ++j) window[i * g.W + j] += share;
                }
    });
}

}  // namespace nn
