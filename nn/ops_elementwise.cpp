// nn/ops_elementwise.cpp — activation functions, applied element by element.
#include <algorithm>

#include "nn/fast_math.hpp"
#include "nn/ops.hpp"

namespace nn {

// y = tanh(x)          dx += dy * (1 - y^2)     (from the saved output y)
Var tanh(const Var& x) {
    Tensor y = Tensor::uninitialized(x.shape());
    tanh_array(x.value().data(), y.data(), y.size());

    return make_result("tanh", std::move(y), {x}, [](Node& self) {
        Node& input = *self.parents[0];
        const bool add = !take_first_share(input);
        tanh_backward(self.value.data(), self.grad.data(), input.grad.data(), input.grad.size(), add);
    });
}

// y = 1 / (1 + exp(-x)) = (1 + tanh(x / 2)) / 2          dx += dy * y * (1 - y)
// The tanh form reuses the vectorised tanh; its absolute error is about 1e-7.
Var sigmoid(const Var& x) {
    Tensor y = Tensor::uninitialized(x.shape());
    sigmoid_array(x.value().data(), y.data(), y.size());

    return make_result("sigmoid", std::move(y), {x}, [](Node& self) {
        Node& input = *self.parents[0];
        const bool add = !take_first_share(input);
        sigmoid_backward(self.value.data(), self.grad.data(), input.grad.data(), input.grad.size(), add);
    });
}

// y = max(x, 0)        dx += dy * [x > 0]      (the subgradient 0 at x = 0, as PyTorch)
Var relu(const Var& x) {
    Tensor y = Tensor::uninitialized(x.shape());
    const float* in = x.value().data();
    float* y_data = y.data();
    for (std::size_t i = 0; i < y.size(); ++i) y_data[i] = std::max(in[i], 0.0f);

    return make_result("relu", std::move(y), {x}, [](Node& self) {
        Node& input = *self.parents[0];
        const float* __restrict out = self.value.data();
        const float* __restrict dy = self.grad.data();
        float* __restrict dx = input.grad.data();
        // dy is loaded unconditionally so that the select is branch-free and the loops vectorise
        // (written as `out > 0 ? dy[i] : 0`, the load is conditional and the loop a branch per element)
        const std::size_t n = input.grad.size();
        if (take_first_share(input))
            for (std::size_t i = 0; i < n; ++i) {
                const float g = dy[i];
                dx[i] = out[i] > 0.0f ? g : 0.0f;
            }
        else
            for (std::size_t i = 0; i < n; ++i) {
                const float g = dy[i];
                dx[i] += out[i] > 0.0f ? g : 0.0f;
            }
    });
}

}  // namespace nn
