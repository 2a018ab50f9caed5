// nn/sequential.hpp — a network as a list of modules, with named probe points: the layers whose
// outputs the information plane follows (e.g. dense1 ... dense5, softmax).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nn/module.hpp"
#include "nn/ops.hpp"

namespace nn {

// One probe point's output for a whole probe set: (N, D_l), or (N, C, H, W) for images.
struct LayerOutput {
    std::string name;
    Tensor value;
};

class Sequential {
public:
    template <class M, class... Args>
    M& add(Args&&... args) {
        auto module = std::make_unique<M>(std::forward<Args>(args)...);
        M& ref = *module;
        modules_.push_back(std::move(module));
        return ref;
    }

    // The output of the module added last becomes the probe point `name`.
    void mark_probe(std::string name);

    // With grad mode on, each Linear followed by a tanh, sigmoid or ReLU runs as one node
    // (nn::linear_activation: the same numbers, half the buffers); probe() runs every module alone.
    Var forward(const Var& x) { return forward(x, modules_.size()); }
    Var forward(const Var& x, std::size_t first_modules);  // only the first `first_modules` modules

    // Every probe point's output for inputs x, computed by the same forward() as training, without
    // building a graph and in evaluation mode (no dropout; each module's mode is restored after).
    // Gaussian noise layers stay on: recording a noisy network samples its noise (Goldfeld et al.).
    // Returned in network order.
    std::vector<LayerOutput> probe(const Tensor& x);

    // Training (the default) or evaluation mode for every module (see Module::set_training).
    void set_training(bool training);

    std::vector<Var> parameters();
    std::size_t size() const { return modules_.size(); }
    Module& module(std::size_t i) { return *modules_.at(i); }
    std::vector<std::string> probe_names() const;
    std::string describe() const;  // one module per line

private:
    std::optional<FusedActivation> fusable(std::size_t i, std::size_t end) const;

    std::vector<std::unique_ptr<Module>> modules_;
    std::vector<std::pair<std::size_t, std::string>> probes_;  // (index of the module, name)
};

}  // namespace nn
