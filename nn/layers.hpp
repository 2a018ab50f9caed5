// nn/layers.hpp — the layers of a dense network: Linear and the activation functions.
#pragma once
#include <cstddef>
#include <string>

#include "nn/init.hpp"
#include "nn/module.hpp"
#include "nn/rng.hpp"

namespace nn {

// y = x W + b      x: (N, in)   W: (in, out)   b: (1, out), zero at start   y: (N, out)
class Linear : public Module {
public:
    Linear(std::size_t in, std::size_t out, Init init, Rng& rng);

    Var forward(const Var& x) override;
    std::vector<Var> parameters() override { return {weight_, bias_}; }
    std::string describe() const override;

    Var& weight() { return weight_; }
    Var& bias() { return bias_; }

private:
    Var weight_;
    Var bias_;
};

enum class ActivationKind { Tanh, Sigmoid, ReLU, Softmax, Identity };

ActivationKind parse_activation(const std::string& name);  // "tanh", "sigmoid", "relu", "softmax", "linear"
std::string to_string(ActivationKind kind);

// y = f(x) element by element (softmax: along each row).
class Activation : public Module {
public:
    explicit Activation(ActivationKind kind) : kind_(kind) {}

    Var forward(const Var& x) override;
    std::string describe() const override { return to_string(kind_); }
    ActivationKind kind() const { return kind_; }

private:
    ActivationKind kind_;
};

}  // namespace nn
