// nn/layers.cpp — Linear and Activation.
#include "nn/layers.hpp"

#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

Linear::Linear(std::size_t in, std::size_t out, Init init, Rng& rng)
    : weight_(Tensor({in, out}), /*requires_grad=*/true), bias_(Tensor({1, out}), /*requires_grad=*/true) {
    initialize(weight_.value(), init, in, out, rng);
}

Var Linear::forward(const Var& x) { return linear(x, weight_, bias_); }

std::string Linear::describe() const {
    return "Linear(" + std::to_string(weight_.shape()[0]) + " -> " + std::to_string(weight_.shape()[1]) + ")";
}

ActivationKind parse_activation(const std::string& name) {
    if (name == "tanh") return ActivationKind::Tanh;
    if (name == "sigmoid") return ActivationKind::Sigmoid;
    if (name == "relu") return ActivationKind::ReLU;
    if (name == "softmax") return ActivationKind::Softmax;
    if (name == "linear") return ActivationKind::Identity;
    NN_CHECK(false, "unknown activation '" << name << "' (known: tanh, sigmoid, relu, softmax, linear)");
}

std::string to_string(ActivationKind kind) {
    switch (kind) {
        case ActivationKind::Tanh: return "tanh";
        case ActivationKind::Sigmoid: return "sigmoid";
        case ActivationKind::ReLU: return "relu";
        case ActivationKind::Softmax: return "softmax";
        case ActivationKind::Identity: return "linear";
    }
    return "?";
}

Var Activation::forward(const Var& x) {
    switch (kind_) {
        case ActivationKind::Tanh: return tanh(x);
        case ActivationKind::Sigmoid: return sigmoid(x);
        case ActivationKind::ReLU: return relu(x);
        case ActivationKind::Softmax: return softmax(x);
        case ActivationKind::Identity: return x;
    }
    return x;
}

}  // namespace nn
