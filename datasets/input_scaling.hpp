// datasets/input_scaling.hpp — how the inputs are scaled before training: as loaded ([0, 1]), mapped to
// [-1, 1] as ibsgd does for MNIST, or standardised per feature with statistics of the training rows only.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "nn/tensor.hpp"

namespace datasets {

// The names scale_inputs takes, in the order the options list them: unit, symmetric, standardize.
const std::vector<std::string>& input_scaling_names();

// Rescales x (N, D) or (N, C, H, W), each row one sample and its C*H*W values the features, in place:
//   "unit":        unchanged (the loaders give [0, 1]: MNIST byte / 255, SZT bits 0/1)
//   "symmetric":   x' = 2 x - 1, in float as ibsgd's utils.get_mnist (X = X * 2.0 - 1.0 on float32)
//   "standardize": x' = (x - mean_d) / sqrt(var_d + 1e-8), mean_d and the population variance var_d of
//                  feature d over the rows `fit_rows` only (the training rows), applied to every row so
//                  that the test rows see the training statistics. A feature constant on fit_rows
//                  (var_d = 0) is only centred, as scikit-learn's StandardScaler does: dividing by
//                  sqrt(1e-8) would turn a test value that differs from the constant into 10^4 times it.
// Throws std::invalid_argument for an unknown mode (listing the known ones), and for "standardize" with
// no fit rows or a row index outside x.
void scale_inputs(const std::string& mode, nn::Tensor& x, const std::vector<std::size_t>& fit_rows);

}  // namespace datasets
