// apps/model.hpp — the networks a TrainConfig describes, with their probe points (the layers whose
// outputs the information plane follows).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "apps/train_config.hpp"
#include "nn/rng.hpp"
#include "nn/sequential.hpp"

namespace apps {

struct Network {
    nn::Sequential model;
    std::vector<std::string> activations;  // per probe point, its non-linearity: tanh, relu, ..., linear
    bool reconstructs = false;             // an autoencoder: its output is compared with its input
};

// mlp: in -> [Linear -> activation] per hidden width -> Linear -> Softmax over `classes`. Probe points
// dense1 ... denseL (each hidden layer after its activation) and softmax (the output), as IDNNs records
// them; the logits are the output of module size() - 2.
// lenet5: LeNet-5 on (N, 1, 28, 28) images, probe points conv1, conv2 (after pooling), dense1, dense2,
// softmax (apps/model.cpp has the layers).
// autoencoder (Tapia & Estevez): in -> [Linear -> activation] per encoder width -> Linear to the
// linear code -> [Linear -> activation] per encoder width in reverse -> Linear -> Sigmoid back to `inputs`.
// Probe points encoder1 ... encoderL, code, decoder1 ... decoderL, output.
// Every hidden dense layer (not the convolutions, the code or the output) gets Gaussian noise of
// config.noise_sigma after its activation, before its probe point (Goldfeld et al.: the noise is part of
// the layer, on in training and recording), and dropout of config.dropout after it (training only).
Network build_network(const TrainConfig& config, std::size_t inputs, std::size_t classes, nn::Rng& rng);

}  // namespace apps
