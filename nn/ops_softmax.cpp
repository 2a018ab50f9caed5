// nn/ops_softmax.cpp — softmax and log-softmax along the rows of an (N, K) matrix.
#include <algorithm>
#include <cmath>

#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

namespace {

void check_rows(const char* op, const Var& x) {
    NN_CHECK(x.shape().rank() == 2 && x.shape()[1] > 0, op << ": expects an (N, K) matrix, got " << x.shape());
}

// For one row x of length K: its maximum and log sum_k exp(x_k - max), in double.
// Subtracting the maximum keeps exp() from overflowing.
std::pair<float, double> row_max_and_log_sum_exp(const float* x, std::size_t K) {
    const float max = *std::max_element(x, x + K);
    double sum = 0.0;
    for (std::size_t k = 0; k < K; ++k) sum += std::exp(double(x[k] - max));
    return {max, std::log(sum)};
}

}  // namespace

// y_k = exp(x_k) / sum_j exp(x_j)          dx_k += y_k * (dy_k - sum_j dy_j y_j)
Var softmax(const Var& x) {
    check_rows("softmax", x);
    const std::size_t N = x.shape()[0], K = x.shape()[1];
    Tensor y = Tensor::uninitialized(x.shape());
    for (std::size_t n = 0; n < N; ++n) {
        const float* xr = x.value().data() + n * K;
        float* yr = y.data() + n * K;
        const float max = *std::max_element(xr, xr + K);  // exp(x - max) <= 1 cannot overflow
        double sum = 0.0;
        for (std::size_t k = 0; k < K; ++k) {
            yr[k] = std::exp(xr[k] - max);
            sum += yr[k];
        }
        for (std::size_t k = 0; k < K; ++k) yr[k] = float(yr[k] / sum);
    }

    return make_result("softmax", std::move(y), {x}, [N, K](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        for (std::size_t n = 0; n < N; ++n) {
            const float* out = self.value.data() + n * K;
            const float* dy = self.grad.data() + n * K;
            double dot = 0.0;
            for (std::size_t k = 0; k < K; ++k) dot += double(dy[k]) * out[k];
            for (std::size_t k = 0; k < K; ++k) dx[n * K + k] += float(out[k] * (dy[k] - dot));
        }
    });
}

// y_k = x_k - log sum_j exp(x_j)           dx_k += dy_k - exp(y_k) * sum_j dy_j
Var log_softmax(const Var& x) {
    check_rows("log_softmax", x);
    const std::size_t N = x.shape()[0], K = x.shape()[1];
    Tensor y(x.shape());
    for (std::size_t n = 0; n < N; ++n) {
        const float* xr = x.value().data() + n * K;
        const auto [max, log_sum] = row_max_and_log_sum_exp(xr, K);
        for (std::size_t k = 0; k < K; ++k) y[n * K + k] = float(double(xr[k] - max) - log_sum);
    }

    return make_result("log_softmax", std::move(y), {x}, [N, K](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        for (std::size_t n = 0; n < N; ++n) {
            const float* out = self.value.data() + n * K;
            const float* dy = self.grad.data() + n * K;
            double total = 0.0;
            for (std::size_t k = 0; k < K; ++k) total += dy[k];
            for (std::size_t k = 0; k < K; ++k)
                dx[n * K + k] += float(dy[k] - std::exp(double(out[k])) * total);
        }
    });
}

}  // namespace nn
