// nn/optimizer.hpp — SGD (momentum, Nesterov) and Adam, each with weight decay either as L2 added to
// the gradient or decoupled (SGDW / AdamW). The updates follow PyTorch's documented algorithms
// (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW) so that settings carry over.
#pragma once
#include <vector>

#include "nn/autograd.hpp"

namespace nn {

class Optimizer {
public:
    explicit Optimizer(std::vector<Var> parameters);
    virtual ~Optimizer() = default;

    void zero_grad();      // every parameter's gradient to 0
    virtual void step() = 0;

    // The optimizer's per-parameter state tensors, in a fixed order (for checkpoints and tests).
    virtual std::vector<Tensor*> state() = 0;
    long steps() const { return steps_; }
    void set_steps(long steps) { steps_ = steps; }

protected:
    std::vector<Var> parameters_;
    long steps_ = 0;
};

struct SgdOptions {
    float lr = 0.01f;
    float momentum = 0.0f;
    bool nesterov = false;
    float weight_decay = 0.0f;
    bool decoupled_weight_decay = false;  // p *= 1 - lr * wd (SGDW) instead of g += wd * p
};

class Sgd : public Optimizer {
public:
    Sgd(std::vector<Var> parameters, SgdOptions options);
    void step() override;
    std::vector<Tensor*> state() override;

private:
    SgdOptions options_;
    std::vector<Tensor> velocity_;  // the momentum buffer b of each parameter
};

struct AdamOptions {
    float lr = 1e-3f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float weight_decay = 0.0f;
    bool decoupled_weight_decay = false;  // AdamW: p *= 1 - lr * wd, instead of g += wd * p
};

class Adam : public Optimizer {
public:
    Adam(std::vector<Var> parameters, AdamOptions options);
    void step() override;
    std::vector<Tensor*> state() override;

private:
    AdamOptions options_;
    std::vector<Tensor> m_;  // first moment of each parameter
    std::vector<Tensor> v_;  // second moment
};

}  // namespace nn
