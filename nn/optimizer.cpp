// nn/optimizer.cpp — the update rules. Moments are float like the parameters; the bias corrections,
// which involve powers of beta close to 1, are computed in double.
#include "nn/optimizer.hpp"

#include <cmath>

#include "nn/check.hpp"

namespace nn {

namespace {

std::vector<Tensor> zeros_like(const std::vector<Var>& parameters) {
    std::vector<Tensor> state;
    state.reserve(parameters.size());
    for (const Var& p : parameters) state.emplace_back(p.shape(), 0.0f);
    return state;
}

bool has_grad(const Var& p) { return p.grad().shape() == p.shape(); }

}  // namespace

Optimizer::Optimizer(std::vector<Var> parameters) : parameters_(std::move(parameters)) {
    for (const Var& p : parameters_) NN_CHECK(p.requires_grad(), "optimizer: a parameter does not require a gradient");
}

void Optimizer::zero_grad() {
    for (Var& p : parameters_) {
        if (has_grad(p)) p.grad().fill(0.0f);
        else p.grad() = Tensor(p.shape(), 0.0f);
    }
}

Sgd::Sgd(std::vector<Var> parameters, SgdOptions options)
    : Optimizer(std::move(parameters)), options_(options), velocity_(zeros_like(parameters_)) {
    NN_CHECK(std::isfinite(options_.lr) && options_.lr > 0.0f, "sgd: lr must be a positive number, got " << options_.lr);
    NN_CHECK(options_.momentum >= 0.0f && options_.momentum < 1.0f, "sgd: momentum must be in [0, 1), got " << options_.momentum);
    NN_CHECK(options_.weight_decay >= 0.0f, "sgd: weight_decay must be >= 0, got " << options_.weight_decay);
    NN_CHECK(!options_.nesterov || options_.momentum > 0.0f, "sgd: nesterov needs a momentum > 0");
}

// https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (dampening 0):
//   g += wd p;  b = mu b + g (b = g on the first step);  g = g + mu b (Nesterov) or b;  p -= lr g
void Sgd::step() {
    ++steps_;
    const float lr = options_.lr, mu = options_.momentum, wd = options_.weight_decay;
    const bool decoupled = options_.decoupled_weight_decay, nesterov = options_.nesterov, first = steps_ == 1;
    const float l2 = decoupled ? 0.0f : wd;  // L2: wd w joins the gradient; decoupled: w shrinks directly
    for (std::size_t k = 0; k < parameters_.size(); ++k) {
        Var& p = parameters_[k];
        if (!has_grad(p)) continue;
        const std::size_t n = p.value().size();
        float* __restrict w = p.value().data();
        const float* __restrict grad = p.grad().data();
        float* __restrict b = velocity_[k].data();
        // One branch-free loop per case, so that each vectorises.
        if (decoupled && wd != 0.0f)
            for (std::size_t i = 0; i < n; ++i) w[i] *= 1.0f - lr * wd;
        if (mu == 0.0f) {
            for (std::size_t i = 0; i < n; ++i) w[i] -= lr * (grad[i] + l2 * w[i]);
        } else if (first) {  // the buffer starts as the first gradient (PyTorch)
            for (std::size_t i = 0; i < n; ++i) {
                const float g = grad[i] + l2 * w[i];
                b[i] = g;
                w[i] -= lr * (nesterov ? g + mu * g : g);
            }
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                const float g = grad[i] + l2 * w[i];
                b[i] = mu * b[i] + g;
                w[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
            }
        }
    }
}

std::vector<Tensor*> Sgd::state() {
    std::vector<Tensor*> out;
    for (Tensor& t : velocity_) out.push_back(&t);
    return out;
}

Adam::Adam(std::vector<Var> parameters, AdamOptions options)
    : Optimizer(std::move(parameters)), options_(options), m_(zeros_like(parameters_)), v_(zeros_like(parameters_)) {
    NN_CHECK(std::isfinite(options_.lr) && options_.lr > 0.0f, "adam: lr must be a positive number, got " << options_.lr);
    NN_CHECK(options_.beta1 >= 0.0f && options_.beta1 < 1.0f && options_.beta2 >= 0.0f && options_.beta2 < 1.0f,
             "adam: betas must be in [0, 1), got " << options_.beta1 << ", " << options_.beta2);
    NN_CHECK(options_.eps > 0.0f, "adam: eps must be positive, got " << options_.eps);
    NN_CHECK(options_.weight_decay >= 0.0f, "adam: weight_decay must be >= 0, got " << options_.weight_decay);
}

// Kingma & Ba (2015), Algorithm 1, in PyTorch's arrangement
// (https://pytorch.org/docs/stable/generated/torch.optim.Adam.html):
//   m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2;
//   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
void Adam::step() {
    ++steps_;
    const float b1 = options_.beta1, b2 = options_.beta2, lr = options_.lr, wd = options_.weight_decay;
    const float step_size = float(double(lr) / (1.0 - std::pow(double(b1), double(steps_))));
    const float correction2_sqrt = float(std::sqrt(1.0 - std::pow(double(b2), double(steps_))));
    for (std::size_t k = 0; k < parameters_.size(); ++k) {
        Var& p = parameters_[k];
        if (!has_grad(p)) continue;
        float* w = p.value().data();
        const float* grad = p.grad().data();
        float* m = m_[k].data();
        float* v = v_[k].data();
        for (std::size_t i = 0; i < p.value().size(); ++i) {
            float g = grad[i];
            if (options_.decoupled_weight_decay) w[i] *= 1.0f - lr * wd;
            else g += wd * w[i];
            m[i] = b1 * m[i] + (1.0f - b1) * g;
            v[i] = b2 * v[i] + (1.0f - b2) * g * g;
            w[i] -= step_size * m[i] / (std::sqrt(v[i]) / correction2_sqrt + options_.eps);
        }
    }
}

std::vector<Tensor*> Adam::state() {
    std::vector<Tensor*> out;
    for (Tensor& t : m_) out.push_back(&t);
    for (Tensor& t : v_) out.push_back(&t);
    return out;
}

}  // namespace nn
