// nn/ops_matmul.cpp — the linear-algebra ops: matrix product, bias broadcast, and the dense layer with
// and without its activation.
#include <algorithm>

#include "nn/check.hpp"
#include "nn/fast_math.hpp"
#include "nn/linalg.hpp"
#include "nn/ops.hpp"

namespace nn {

// C = A @ B            dA += dC @ B^T           dB += A^T @ dC      (beta 0 for a first share)
Var matmul(const Var& a, const Var& b) {  // (N, K) @ (K, M) -> (N, M)
    NN_CHECK(a.shape().rank() == 2 && b.shape().rank() == 2 && a.shape()[1] == b.shape()[0],
             "matmul: cannot multiply " << a.shape() << " by " << b.shape());
    const std::size_t N = a.shape()[0], K = a.shape()[1], M = b.shape()[1];
    Tensor c = Tensor::uninitialized({N, M});  // beta 0: gemm assigns every element
    gemm(Transpose::No, Transpose::No, N, M, K, 1.0f, a.value().data(), K, b.value().data(), M, 0.0f,
         c.data(), M);

    return make_result("matmul", std::move(c), {a, b}, [N, K, M](Node& self) {
        Node& left = *self.parents[0];
        Node& right = *self.parents[1];
        if (left.requires_grad)
            gemm(Transpose::No, Transpose::Yes, N, K, M, 1.0f, self.grad.data(), M, right.value.data(), M,
                 share_beta(left), left.grad.data(), K);
        if (right.requires_grad)
            gemm(Transpose::Yes, Transpose::No, K, M, N, 1.0f, left.value.data(), K, self.grad.data(), M,
                 share_beta(right), right.grad.data(), M);
    });
}

// y[n, d] = x[n, d] + row[d]       dx += dy        drow[d] += sum_n dy[n, d]
Var add_row(const Var& x, const Var& row) {  // (N, D) + (1, D) -> (N, D)
    NN_CHECK(x.shape().rank() == 2 && row.shape() == Shape({1, x.shape()[1]}),
             "add_row: cannot add " << row.shape() << " to each row of " << x.shape());
    const std::size_t N = x.shape()[0], D = x.shape()[1];
    Tensor y = x.value();
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t d = 0; d < D; ++d) y[n * D + d] += row.value()[d];

    return make_result("add_row", std::move(y), {x, row}, [N, D](Node& self) {
        Node& input = *self.parents[0];
        Node& bias = *self.parents[1];
        if (input.requires_grad) {
            if (take_first_share(input))
                std::copy(self.grad.data(), self.grad.data() + N * D, input.grad.data());
            else
                for (std::size_t i = 0; i < N * D; ++i) input.grad[i] += self.grad[i];
        }
        if (bias.requires_grad) add_column_sums(self.grad.data(), N, D, zeroed_share(bias));
    });
}

namespace {

// The shares of a node computed as X W + b (parents X, W, b) given dY:  dX += dY W^T   dW += X^T dY
// db[m] += sum_n dY[n, m], each written as the first share or added (nn/autograd.hpp).
void dense_backward(Node& self, const float* dy, std::size_t N, std::size_t K, std::size_t M) {
    Node& input = *self.parents[0];
    Node& weight = *self.parents[1];
    Node& bias = *self.parents[2];
    if (input.requires_grad)
        gemm(Transpose::No, Transpose::Yes, N, K, M, 1.0f, dy, M, weight.value.data(), M, share_beta(input),
             input.grad.data(), K);
    if (weight.requires_grad && bias.requires_grad) {  // one pass over dY for both
        const float weight_beta = share_beta(weight);
        weight_and_bias_gradients(N, K, M, input.value.data(), dy, weight_beta, weight.grad.data(), zeroed_share(bias));
    } else if (weight.requires_grad) {
        gemm(Transpose::Yes, Transpose::No, K, M, N, 1.0f, input.value.data(), K, dy, M, share_beta(weight),
             weight.grad.data(), M);
    } else if (bias.requires_grad) {
        add_column_sums(dy, N, M, zeroed_share(bias));
    }
}

// X W + b for `op`, after checking the shapes: (N, K) @ (K, M) + (1, M).
Tensor dense_forward(const char* op, const Var& x, const Var& w, const Var& b) {
    NN_CHECK(x.shape().rank() == 2 && w.shape().rank() == 2 && x.shape()[1] == w.shape()[0] &&
                 b.shape() == Shape({1, w.shape()[1]}),
             op << ": cannot compute " << x.shape() << " @ " << w.shape() << " + " << b.shape());
    const std::size_t N = x.shape()[0], K = x.shape()[1], M = w.shape()[1];
    Tensor y = Tensor::uninitialized({N, M});
    gemm_plus_row(N, M, K, x.value().data(), w.value().data(), b.value().data(), y.data());
    return y;
}

}  // namespace

// Y = X W + b           dX += dY W^T      dW += X^T dY      db[m] += sum_n dY[n, m]   (beta 0 for a first share)
Var linear(const Var& x, const Var& w, const Var& b) {  // (N, K) @ (K, M) + (1, M) -> (N, M)
    Tensor y = dense_forward("linear", x, w, b);  // checks the shapes first
    const std::size_t N = x.shape()[0], K = x.shape()[1], M = w.shape()[1];

    return make_result("linear", std::move(y), {x, w, b}, [N, K, M](Node& self) {
        dense_backward(self, self.grad.data(), N, K, M);
    });
}

// y = f(x W + b)    dz = dy f'(y)    dX += dz W^T    dW += X^T dz    db[m] += sum_n dz[n, m]
// f'(y) from the output alone: tanh 1 - y^2, sigmoid y (1 - y), ReLU [y > 0]. The activation
// overwrites the product where it stands and dz overwrites dy: a layer keeps two N x M buffers per step
// (y and its gradient) where linear() then an activation keep four, which on a full batch of SZT
// patterns is the difference between fitting the cache and not.
Var linear_activation(const Var& x, const Var& w, const Var& b, FusedActivation f) {
    Tensor y = dense_forward("linear_activation", x, w, b);  // checks the shapes first
    const std::size_t N = x.shape()[0], K = x.shape()[1], M = w.shape()[1];
    float* out = y.data();
    switch (f) {
        case FusedActivation::Tanh: tanh_array(out, out, N * M); break;
        case FusedActivation::Sigmoid: sigmoid_array(out, out, N * M); break;
        case FusedActivation::ReLU:
            for (std::size_t i = 0; i < N * M; ++i) out[i] = std::max(out[i], 0.0f);
            break;
    }

    return make_result("linear_activation", std::move(y), {x, w, b}, [N, K, M, f](Node& self) {
        const float* activation = self.value.data();
        float* dz = self.grad.data();  // dy, then dz in its place
        switch (f) {
            case FusedActivation::Tanh: tanh_backward(activation, dz, dz, N * M, /*add=*/false); break;
            case FusedActivation::Sigmoid: sigmoid_backward(activation, dz, dz, N * M, /*add=*/false); break;
            case FusedActivation::ReLU:  // dy loaded unconditionally, so that the loop vectorises
                for (std::size_t i = 0; i < N * M; ++i) {
                    const float g = dz[i];
                    dz[i] = activation[i] > 0.0f ? g : 0.0f;
                }
                break;
        }
        dense_backward(self, dz, N, K, M);
    });
}

}  // namespace nn
