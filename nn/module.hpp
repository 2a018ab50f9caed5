// nn/module.hpp — what a layer is: a forward pass built from ops, and its parameters.
// Layers write no backward of their own: autograd differentiates the ops they call.
#pragma once
#include <string>
#include <vector>

#include "nn/autograd.hpp"

namespace nn {

class Module {
public:
    virtual ~Module() = default;
    virtual Var forward(const Var& x) = 0;
    virtual std::vector<Var> parameters() { return {}; }
    virtual std::string describe() const = 0;  // e.g. "Linear(12 -> 10)"

    // Training mode (the default) or evaluation mode. Only layers that act differently while
    // training read it (Dropout); Sequential::set_training sets it on every module.
    void set_training(bool training) { training_ = training; }
    bool training() const { return training_; }

private:
    bool training_ = true;
};

}  // namespace nn
