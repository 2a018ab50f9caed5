// nn/ops.hpp — the table of contents of the engine's differentiable operations.
// Shapes: N rows (samples), D features, K classes; images are (N, C, H, W). Every op checks its shapes
// and throws std::invalid_argument naming itself and the shapes it got.
#pragma once
#include <cstddef>
#include <vector>

#include "nn/autograd.hpp"
#include "nn/rng.hpp"

namespace nn {

// ops_matmul.cpp
Var matmul(const Var& a, const Var& b);     // (N, K) @ (K, M) -> (N, M)
Var add_row(const Var& x, const Var& row);  // (N, D) + (1, D) broadcast over rows -> (N, D)
// add_row(matmul(x, w), b) in one op (one pass and one node less; a dense layer's whole forward)
Var linear(const Var& x, const Var& w, const Var& b);  // (N, K) @ (K, M) + (1, M) -> (N, M)
// f(linear(x, w, b)) in one node, the same numbers as the two ops apart: training runs each Linear
// followed by a tanh, sigmoid or ReLU this way (nn::Sequential). No pre-activation is kept and the
// backward pass forms f'(.) dy in place in the node's own gradient.
enum class FusedActivation { Tanh, Sigmoid, ReLU };
Var linear_activation(const Var& x, const Var& w, const Var& b, FusedActivation f);

// ops_elementwise.cpp: same shape in and out
Var tanh(const Var& x);
Var sigmoid(const Var& x);                  // 1 / (1 + exp(-x))
Var relu(const Var& x);                     // max(x, 0)

// ops_softmax.cpp: along each row of (N, K)
Var softmax(const Var& x);                  // (N, K) -> (N, K), rows sum to 1
Var log_softmax(const Var& x);              // (N, K) -> (N, K)

// ops_loss.cpp: losses and reductions, each -> (1, 1)
Var softmax_cross_entropy(const Var& logits, const std::vector<int>& labels);  // (N, K), (N)
Var nll_loss(const Var& log_probabilities, const std::vector<int>& labels);    // (N, K), (N)
// -mean log(max(p[n, y_n], clip)) on probabilities, as IDNNs trains its softmax output.
Var clipped_cross_entropy(const Var& probabilities, const std::vector<int>& labels, double clip = 1e-50);
Var mse(const Var& prediction, const Tensor& target);  // mean of squared differences, same shapes
Var sum(const Var& x);
Var mean(const Var& x);

// ops_conv.cpp: zero padding of `padding` pixels on every side; H' = (H + 2 padding - kh) / stride + 1
// (N, C, H, W) * (O, C, kh, kw) + bias (1, O) or (O) -> (N, O, H', W')
Var conv2d(const Var& x, const Var& w, const Var& b, std::size_t stride = 1, std::size_t padding = 0);

// ops_pool.cpp: k x k windows every `stride` pixels, no padding; H' = (H - k) / stride + 1
// (max: a window's gradient goes to its first maximum in row-major order)
Var max_pool2d(const Var& x, std::size_t k, std::size_t stride);  // (N, C, H, W) -> (N, C, H', W')
Var avg_pool2d(const Var& x, std::size_t k, std::size_t stride);  // (N, C, H, W) -> (N, C, H', W')

// ops_reshape.cpp: the same values in row-major order under another shape
Var reshape(const Var& x, const Shape& shape);  // any shape with as many elements
Var flatten(const Var& x);                      // (N, C, H, W) or any (N, ...) -> (N, C*H*W)

// ops_noise.cpp: same shape in and out, drawing from rng
Var dropout(const Var& x, double p, Rng& rng);           // zero with probability p, else x / (1 - p)
Var gaussian_noise(const Var& x, double sigma, Rng& rng);  // x + N(0, sigma^2), independent per element

}  // namespace nn
