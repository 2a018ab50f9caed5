// nn/init.hpp — weight initialisation schemes of the peers, drawn from an explicit Rng.
#pragma once
#include <cstddef>
#include <string>

#include "nn/rng.hpp"
#include "nn/tensor.hpp"

namespace nn {

enum class Init {
    TruncatedNormal,  // N(0, 1/fan_in) cut at 2 std, redrawn outside (IDNNs; tf.truncated_normal)
    GlorotUniform,    // U(-a, a), a = sqrt(6 / (fan_in + fan_out)) (Keras' default)
    HeNormal,         // N(0, 2/fan_in) (He et al. 2015; PyTorch kaiming_normal_)
};

Init parse_init(const std::string& name);  // "truncated_normal", "glorot_uniform", "he_normal"
std::string to_string(Init init);

// Fills every element of `weights` with an independent draw, in storage order.
void initialize(Tensor& weights, Init init, std::size_t fan_in, std::size_t fan_out, Rng& rng);

}  // namespace nn
