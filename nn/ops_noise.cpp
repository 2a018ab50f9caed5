// nn/ops_noise.cpp — the random ops: inverted dropout, and the additive Gaussian noise of Goldfeld et
// al.'s noisy networks ("Estimating Information Flow in Deep Neural Networks", ICML 2019).
#include <cmath>

#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

// y = x * m / (1 - p), m ~ Bernoulli(1 - p) per element      dx += dy * m / (1 - p)   (same mask)
// Inverted dropout (PyTorch's nn.Dropout): the expected output equals x, so evaluation needs no
// rescaling. p = 0 returns x itself and draws nothing.
Var dropout(const Var& x, double p, Rng& rng) {
    NN_CHECK(p >= 0.0 && p < 1.0, "dropout: p = " << p << " must lie in [0, 1)");
    if (p == 0.0) return x;
    const float keep_scale = float(1.0 / (1.0 - p));
    Tensor mask = Tensor::uninitialized(x.shape());  // 0 or 1 / (1 - p)
    Tensor y = Tensor::uninitialized(x.shape());
    const float* in = x.value().data();
    for (std::size_t i = 0; i < y.size(); ++i) {
        mask[i] = rng.uniform() < p ? 0.0f : keep_scale;
        y[i] = in[i] * mask[i];
    }

    return make_result("dropout", std::move(y), {x}, [mask = std::move(mask)](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        const float* dy = self.grad.data();
        for (std::size_t i = 0; i < self.grad.size(); ++i) dx[i] += dy[i] * mask[i];
    });
}

// y = x + sigma z, z ~ N(0, 1) per element      dx += dy
// sigma = 0 returns x itself and draws nothing.
Var gaussian_noise(const Var& x, double sigma, Rng& rng) {
    NN_CHECK(std::isfinite(sigma) && sigma >= 0.0,
             "gaussian_noise: sigma = " << sigma << " must be finite and >= 0");
    if (sigma == 0.0) return x;
    Tensor y = Tensor::uninitialized(x.shape());
    const float* in = x.value().data();
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = float(double(in[i]) + sigma * rng.normal());

    return make_result("gaussian_noise", std::move(y), {x}, [](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        const float* dy = self.grad.data();
        for (std::size_t i = 0; i < self.grad.size(); ++i) dx[i] += dy[i];
    });
}

}  // namespace nn
