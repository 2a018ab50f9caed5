// nn/sequential.cpp — running a list of modules, and reading its probe points.
#include "nn/sequential.hpp"

#include "nn/check.hpp"
#include "nn/layers.hpp"
#include "nn/ops.hpp"

namespace nn {

namespace {

// Puts every module in evaluation mode for its lifetime, then restores each one's mode (also when
// the forward pass throws).
class EvaluationMode {
public:
    explicit EvaluationMode(std::vector<std::unique_ptr<Module>>& modules) : modules_(modules) {
        for (auto& m : modules_) {
            was_training_.push_back(m->training());
            m->set_training(false);
        }
    }
    ~EvaluationMode() {
        for (std::size_t i = 0; i < modules_.size(); ++i) modules_[i]->set_training(was_training_[i]);
    }
    EvaluationMode(const EvaluationMode&) = delete;
    EvaluationMode& operator=(const EvaluationMode&) = delete;

private:
    std::vector<std::unique_ptr<Module>>& modules_;
    std::vector<bool> was_training_;
};

}  // namespace

void Sequential::mark_probe(std::string name) {
    NN_CHECK(!modules_.empty(), "mark_probe('" << name << "'): add a module first");
    for (const auto& probe : probes_) NN_CHECK(probe.second != name, "mark_probe: '" << name << "' is used twice");
    probes_.emplace_back(modules_.size() - 1, std::move(name));
}

// The activation a Linear at modules_[i] can run fused with (nn::linear_activation), if any.
std::optional<FusedActivation> Sequential::fusable(std::size_t i, std::size_t end) const {
    if (i + 1 >= end || dynamic_cast<const Linear*>(modules_[i].get()) == nullptr) return std::nullopt;
    const auto* activation = dynamic_cast<const Activation*>(modules_[i + 1].get());
    if (activation == nullptr) return std::nullopt;
    switch (activation->kind()) {
        case ActivationKind::Tanh: return FusedActivation::Tanh;
        case ActivationKind::Sigmoid: return FusedActivation::Sigmoid;
        case ActivationKind::ReLU: return FusedActivation::ReLU;
        default: return std::nullopt;
    }
}

Var Sequential::forward(const Var& x, std::size_t first_modules) {
    NN_CHECK(first_modules <= modules_.size(),
             "Sequential::forward: " << first_modules << " of " << modules_.size() << " modules");
    Var h = x;
    for (std::size_t i = 0; i < first_modules; ++i) {
        // Training: a Linear and its activation in one node, the same numbers with half the buffers.
        if (const auto f = grad_enabled() ? fusable(i, first_modules) : std::nullopt) {
            auto& linear = static_cast<Linear&>(*modules_[i]);
            h = linear_activation(h, linear.weight(), linear.bias(), *f);
            ++i;
            continue;
        }
        h = modules_[i]->forward(h);
    }
    return h;
}

std::vector<LayerOutput> Sequential::probe(const Tensor& x) {
    NoGradGuard no_grad;
    EvaluationMode evaluation(modules_);
    std::vector<LayerOutput> outputs;
    outputs.reserve(probes_.size());
    Var h(x);
    std::size_t next_probe = 0;
    for (std::size_t i = 0; i < modules_.size() && next_probe < probes_.size(); ++i) {
        h = modules_[i]->forward(h);
        for (; next_probe < probes_.size() && probes_[next_probe].first == i; ++next_probe)
            outputs.push_back({probes_[next_probe].second, h.value()});
    }
    return outputs;
}

void Sequential::set_training(bool training) {
    for (auto& m : modules_) m->set_training(training);
}

std::vector<Var> Sequential::parameters() {
    std::vector<Var> params;
    for (auto& m : modules_)
        for (Var& p : m->parameters()) params.push_back(p);
    return params;
}

std::vector<std::string> Sequential::probe_names() const {
    std::vector<std::string> names;
    for (const auto& probe : probes_) names.push_back(probe.second);
    return names;
}

std::string Sequential::describe() const {
    std::string text;
    for (std::size_t i = 0; i < modules_.size(); ++i) {
        text += modules_[i]->describe();
        for (const auto& probe : probes_)
            if (probe.first == i) text += "    -> probe " + probe.second;
        text += '\n';
    }
    return text;
}

}  // namespace nn
