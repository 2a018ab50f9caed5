// nn/ops_conv.cpp — 2-D convolution (cross-correlation, as PyTorch's Conv2d) on NCHW batches, by
// im2col and one matrix product per image (darknet's and Caffe's scheme).
#include <algorithm>
#include <cstring>

#include "nn/check.hpp"
#include "nn/linalg.hpp"
#include "nn/ops.hpp"

namespace nn {

namespace {

struct ConvGeometry {
    std::size_t N, C, H, W;        // input
    std::size_t O, kh, kw;         // filters
    std::size_t stride, padding;
    std::size_t out_h, out_w;

    std::size_t patch() const { return C * kh * kw; }     // rows of the column matrix
    std::size_t pixels() const { return out_h * out_w; }  // its columns: the output pixels of one image
};

// The outputs o in [lo, hi) whose input coordinate o * stride + k - padding lies inside [0, extent).
struct Span {
    std::size_t lo, hi;
};
Span inside(std::size_t k, std::size_t extent, std::size_t out, std::size_t stride, std::size_t padding) {
    const std::size_t lo = k >= padding ? 0 : (padding - k + stride - 1) / stride;
    const std::size_t end = extent + padding;  // o * stride + k < extent + padding
    const std::size_t hi = end <= k ? 0 : std::min(out, (end - k + stride - 1) / stride);
    return {std::min(lo, hi), hi};
}

// Calls visit(row, oy, xs, first_x) for every filter tap (c, i, j), the column-matrix row it fills,
// and every output row oy whose input row is inside the image; xs are the output columns whose input
// column is inside, and first_x the offset in the image (C, H, W) of the input under (oy, xs.lo).
template <class Visit>
void for_each_tap_row(const ConvGeometry& g, Visit visit) {
    for (std::size_t c = 0; c < g.C; ++c)
        for (std::size_t i = 0; i < g.kh; ++i)
            for (std::size_t j = 0; j < g.kw; ++j) {
                const std::size_t row = (c * g.kh + i) * g.kw + j;
                const Span xs = inside(j, g.W, g.out_w, g.stride, g.padding);
                Span ys = inside(i, g.H, g.out_h, g.stride, g.padding);
                if (xs.lo == xs.hi) ys = {0, 0};  // this tap reads padding only
                for (std::size_t oy = ys.lo; oy < ys.hi; ++oy) {
                    const std::size_t first_x = (c * g.H + oy * g.stride + i - g.padding) * g.W +
                                                xs.lo * g.stride + j - g.padding;
                    visit(row, oy, xs, first_x);
                }
            }
}

// cols[(c, i, j), (oy, ox)] = x[c, oy s + i - p, ox s + j - p], or 0 in the padding, for one image.
// x: (C, H, W)   cols: (C kh kw, out_h out_w) row-major.
void im2col(const float* x, const ConvGeometry& g, float* cols) {
    // Zero for the padding (all bits 0 is 0.0f); without padding every entry is overwritten below.
    if (g.padding > 0) std::memset(cols, 0, g.patch() * g.pixels() * sizeof(float));
    for_each_tap_row(g, [&](std::size_t row, std::size_t oy, Span xs, std::size_t first_x) {
        float* __restrict out = cols + row * g.pixels() + oy * g.out_w;
        const float* __restrict in = x + first_x;
        const std::size_t s = g.stride;
        if (s == 1)  // a plain loop: the rows are short, a memcpy call would cost more than the copy
            for (std::size_t ox = xs.lo; ox < xs.hi; ++ox) out[ox] = in[ox - xs.lo];
        else
            for (std::size_t ox = xs.lo; ox < xs.hi; ++ox) out[ox] = in[(ox - xs.lo) * s];
    });
}

// The adjoint of im2col: dx[c, y, x] += every column entry that was copied from x[c, y, x].
void col2im_add(const float* cols, const ConvGeometry& g, float* dx) {
    for_each_tap_row(g, [&](std::size_t row, std::size_t oy, Span xs, std::size_t first_x) {
        const float* __restrict in = cols + row * g.pixels() + oy * g.out_w;
        float* __restrict out = dx + first_x;
        const std::size_t s = g.stride;
        if (s == 1)
            for (std::size_t ox = xs.lo; ox < xs.hi; ++ox) out[ox - xs.lo] += in[ox];
        else
            for (std::size_t ox = xs.lo; ox < xs.hi; ++ox) out[(ox - xs.lo) * s] += in[ox];
    });
}

// db[o] += sum over n and p of dy[n, o, p]      dy: (N, O, P)
// Eight float lanes per (n, o) block let the compiler vectorise; the blocks are summed in double.
void add_channel_sums(const float* dy, std::size_t N, std::size_t O, std::size_t P, float* db) {
    for (std::size_t o = 0; o < O; ++o) {
        double total = 0.0;
        for (std::size_t n = 0; n < N; ++n) {
            const float* block = dy + (n * O + o) * P;
            float lanes[8] = {};
            std::size_t p = 0;
            for (; p + 8 <= P; p += 8)
                for (std::size_t l = 0; l < 8; ++l) lanes[l] += block[p + l];
            for (; p < P; ++p) lanes[0] += block[p];
            for (float lane : lanes) total += double(lane);
        }
        db[o] += float(total);
    }
}

ConvGeometry geometry(const Var& x, const Var& w, const Var& b, std::size_t stride, std::size_t padding) {
    const Shape& xs = x.shape();
    const Shape& ws = w.shape();
    NN_CHECK(xs.rank() == 4 && ws.rank() == 4 && xs[1] == ws[1],
             "conv2d: cannot convolve input " << xs << " (N, C, H, W) with filters " << ws << " (O, C, kh, kw)");
    NN_CHECK(b.shape() == Shape({1, ws[0]}) || b.shape() == Shape({ws[0]}),
             "conv2d: bias " << b.shape() << " does not match " << ws[0] << " filters");
    NN_CHECK(stride >= 1, "conv2d: stride must be at least 1");
    NN_CHECK(ws[2] >= 1 && ws[3] >= 1 && xs[2] + 2 * padding >= ws[2] && xs[3] + 2 * padding >= ws[3],
             "conv2d: filters " << ws << " do not fit input " << xs << " with padding " << padding);
    return {xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], stride, padding,
            (xs[2] + 2 * padding - ws[2]) / stride + 1, (xs[3] + 2 * padding - ws[3]) / stride + 1};
}

}  // namespace

// y[n, o, oy, ox] = b[o] + sum_{c,i,j} w[o, c, i, j] x[n, c, oy s + i - p, ox s + j - p]
// Per image n, with its column matrix X_n (C kh kw, P) and W as (O, C kh kw):   Y_n (O, P) = W X_n + b,
// dW += dY_n X_n^T      dX_n = W^T dY_n, added back to dx by col2im      db[o] += sum of dY_n[o, .]
// One image at a time: X_n stays in cache and the scratch is small even for a large probe set (a whole
// batch of LeNet-5's first layer would take 10 MB). The backward pass rebuilds X_n instead of keeping it,
// which measured as fast as keeping the whole batch's columns.
Var conv2d(const Var& x, const Var& w, const Var& b, std::size_t stride, std::size_t padding) {
    const ConvGeometry g = geometry(x, w, b, stride, padding);
    const std::size_t R = g.patch(), P = g.pixels(), image = g.C * g.H * g.W;
    Tensor cols = Tensor::uninitialized({R, P});  // pool memory: no allocation per step
    Tensor y = Tensor::uninitialized({g.N, g.O, g.out_h, g.out_w});
    for (std::size_t n = 0; n < g.N; ++n) {
        float* y_n = y.data() + n * g.O * P;
        for (std::size_t o = 0; o < g.O; ++o) std::fill_n(y_n + o * P, P, b.value()[o]);
        im2col(x.value().data() + n * image, g, cols.data());
        gemm(Transpose::No, Transpose::No, g.O, P, R, 1.0f, w.value().data(), R, cols.data(), P, 1.0f, y_n, P);
    }

    return make_result("conv2d", std::move(y), {x, w, b}, [g, R, P, image](Node& self) {
        Node& input = *self.parents[0];
        Node& weight = *self.parents[1];
        Node& bias = *self.parents[2];
        if (bias.requires_grad) add_channel_sums(self.grad.data(), g.N, g.O, P, zeroed_share(bias));
        float weight_beta = weight.requires_grad ? share_beta(weight) : 1.0f;  // 0: the first image overwrites
        float* dx = input.requires_grad ? zeroed_share(input) : nullptr;
        Tensor columns = Tensor::uninitialized({R, P});  // X_n, then dX_n
        for (std::size_t n = 0; n < g.N; ++n) {
            const float* dy_n = self.grad.data() + n * g.O * P;
            if (weight.requires_grad) {
                im2col(input.value.data() + n * image, g, columns.data());
                gemm(Transpose::No, Transpose::Yes, g.O, R, P, 1.0f, dy_n, P, columns.data(), P, weight_beta,
                     weight.grad.data(), R);
                weight_beta = 1.0f;
            }
            if (input.requires_grad) {
                gemm(Transpose::Yes, Transpose::No, R, P, g.O, 1.0f, weight.value.data(), R, dy_n, P, 0.0f,
                     columns.data(), P);
                col2im_add(columns.data(), g, dx + n * image);
            }
        }
    });
}

}  // namespace nn
