// apps/model.hpp — the networks a TrainConfig describes.
#pragma once
#include <cstddef>

#include "apps/train_config.hpp"
#include "nn/rng.hpp"
#include "nn/sequential.hpp"

namespace apps {

// in -> [Linear -> activation] per hidden width -> Linear -> Softmax over `classes`.
// Probe points: dense1 ... denseL (each hidden layer after its activation) and softmax (the output),
// as IDNNs records them. The output's logits are the output of module size() - 2.
nn::Sequential build_classifier(const TrainConfig& config, std::size_t inputs, std::size_t classes, nn::Rng& rng);

}  // namespace apps
