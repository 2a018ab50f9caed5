// tests/test_optimizer.cpp — SGD and Adam: the first two steps of every variant in closed form, the
// state they keep (and a restored copy of it continuing exactly), zero_grad, skipped parameters,
// invalid options, and a small net that learns XOR.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "nn/layers.hpp"
#include "nn/ops.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"

using Catch::Matchers::WithinRel;

namespace {

// One 2-element parameter p0 and the gradients of two steps. Hyperparameters are floats in the
// optimizers; the closed forms below use exactly those float values, widened to double.
const std::vector<double> p0{1.0, -2.0}, g0{0.5, -0.25}, g1{-0.3, 0.8};
const double lr = double(0.1f), mu = double(0.9f), wd = double(0.5f);
const double beta1 = double(0.9f), beta2 = double(0.999f), eps = double(1e-8f);

nn::Var parameter() { return nn::Var(nn::Tensor({1, 2}, {float(p0[0]), float(p0[1])}), true); }

void set_grad(nn::Var& p, const std::vector<double>& g) { p.grad() = nn::Tensor({1, 2}, {float(g[0]), float(g[1])}); }

// Runs two steps with gradients g0 then g1 and compares the parameter after each with the closed forms.
template <class Optimizer, class Options>
void require_two_steps(const Options& options, double (*after_one)(std::size_t), double (*after_two)(std::size_t)) {
    nn::Var p = parameter();
    Optimizer optimizer({p}, options);
    set_grad(p, g0);
    optimizer.step();
    for (std::size_t i = 0; i < 2; ++i) REQUIRE_THAT(double(p.value()[i]), WithinRel(after_one(i), 1e-6));
    set_grad(p, g1);
    optimizer.step();
    for (std::size_t i = 0; i < 2; ++i) REQUIRE_THAT(double(p.value()[i]), WithinRel(after_two(i), 1e-6));
    REQUIRE(optimizer.steps() == 2);
}

}  // namespace

TEST_CASE("sgd: plain, momentum and Nesterov steps in closed form", "[nn][optim]") {
    SECTION("plain: p -= lr g") {
        require_two_steps<nn::Sgd>(nn::SgdOptions{.lr = 0.1f},
            [](std::size_t i) { return p0[i] - lr * g0[i]; },
            [](std::size_t i) { return p0[i] - lr * g0[i] - lr * g1[i]; });
    }
    SECTION("momentum: b1 = g0, b2 = mu g0 + g1") {
        require_two_steps<nn::Sgd>(nn::SgdOptions{.lr = 0.1f, .momentum = 0.9f},
            [](std::size_t i) { return p0[i] - lr * g0[i]; },
            [](std::size_t i) { return p0[i] - lr * g0[i] - lr * (mu * g0[i] + g1[i]); });
    }
    SECTION("Nesterov: the step is g + mu b") {
        require_two_steps<nn::Sgd>(nn::SgdOptions{.lr = 0.1f, .momentum = 0.9f, .nesterov = true},
            [](std::size_t i) { return p0[i] - lr * (1 + mu) * g0[i]; },
            [](std::size_t i) {
                return p0[i] - lr * (1 + mu) * g0[i] - lr * (g1[i] + mu * (mu * g0[i] + g1[i]));
            });
    }
}

TEST_CASE("sgd: L2 weight decay enters the momentum, decoupled decay does not", "[nn][optim]") {
    SECTION("L2: g += wd p") {
        require_two_steps<nn::Sgd>(nn::SgdOptions{.lr = 0.1f, .momentum = 0.9f, .weight_decay = 0.5f},
            [](std::size_t i) { return p0[i] - lr * (g0[i] + wd * p0[i]); },
            [](std::size_t i) {
                const double b1 = g0[i] + wd * p0[i], p1 = p0[i] - lr * b1;
                return p1 - lr * (mu * b1 + g1[i] + wd * p1);
            });
    }
    SECTION("decoupled: p *= 1 - lr wd, then the momentum step") {
        require_two_steps<nn::Sgd>(
            nn::SgdOptions{.lr = 0.1f, .momentum = 0.9f, .weight_decay = 0.5f, .decoupled_weight_decay = true},
            [](std::size_t i) { return p0[i] * (1 - lr * wd) - lr * g0[i]; },
            [](std::size_t i) {
                const double p1 = p0[i] * (1 - lr * wd) - lr * g0[i];
                return p1 * (1 - lr * wd) - lr * (mu * g0[i] + g1[i]);
            });
    }
}

namespace {

// Adam's second step from the moments of g0 and g1 (the gradients as weight decay left them):
// m2 = (1 - b1)(b1 g0 + g1), v2 = (1 - b2)(b2 g0^2 + g1^2), p2 = p1 - lr / (1 - b1^2) m2 / (sqrt(v2 / (1 - b2^2)) + eps)
double adam_second(double p1, double first, double second) {
    const double m2 = (1 - beta1) * (beta1 * first + second);
    const double v2 = (1 - beta2) * (beta2 * first * first + second * second);
    return p1 - lr / (1 - beta1 * beta1) * m2 / (std::sqrt(v2) / std::sqrt(1 - beta2 * beta2) + eps);
}

// The first step is the bias-corrected m / sqrt(v) = g / |g|: every element moves by about lr.
double adam_first(double p, double g) { return p - lr * g / (std::abs(g) + eps); }

}  // namespace

TEST_CASE("adam: two steps in closed form, plain, with L2 decay, and AdamW", "[nn][optim]") {
    SECTION("plain") {
        require_two_steps<nn::Adam>(nn::AdamOptions{.lr = 0.1f},
            [](std::size_t i) { return adam_first(p0[i], g0[i]); },
            [](std::size_t i) { return adam_second(adam_first(p0[i], g0[i]), g0[i], g1[i]); });
    }
    SECTION("L2: g += wd p before the moments") {
        require_two_steps<nn::Adam>(nn::AdamOptions{.lr = 0.1f, .weight_decay = 0.5f},
            [](std::size_t i) { return adam_first(p0[i], g0[i] + wd * p0[i]); },
            [](std::size_t i) {
                const double p1 = adam_first(p0[i], g0[i] + wd * p0[i]);
                return adam_second(p1, g0[i] + wd * p0[i], g1[i] + wd * p1);
            });
    }
    SECTION("AdamW: p *= 1 - lr wd, the moments see the raw gradient") {
        require_two_steps<nn::Adam>(nn::AdamOptions{.lr = 0.1f, .weight_decay = 0.5f, .decoupled_weight_decay = true},
            [](std::size_t i) { return adam_first(p0[i] * (1 - lr * wd), g0[i]); },
            [](std::size_t i) {
                const double p1 = adam_first(p0[i] * (1 - lr * wd), g0[i]);
                return adam_second(p1 * (1 - lr * wd), g0[i], g1[i]);
            });
    }
}

TEST_CASE("optimizer state: the momentum buffer, and Adam's moments", "[nn][optim]") {
    nn::Var p = parameter();
    nn::Sgd sgd({p}, {.lr = 0.1f, .momentum = 0.9f});
    set_grad(p, g0);
    sgd.step();
    REQUIRE(sgd.state().size() == 1);
    REQUIRE(sgd.state()[0]->values() == p.grad().values());  // b1 = g0

    nn::Var q = parameter();
    nn::Adam adam({q}, {.lr = 0.1f});
    set_grad(q, g0);
    adam.step();
    REQUIRE(adam.state().size() == 2);  // m, then v
    for (std::size_t i = 0; i < 2; ++i) {
        REQUIRE_THAT(double((*adam.state()[0])[i]), WithinRel((1 - beta1) * g0[i], 1e-6));
        REQUIRE_THAT(double((*adam.state()[1])[i]), WithinRel((1 - beta2) * g0[i] * g0[i], 1e-6));
    }
}

TEST_CASE("an optimizer given another's state() and steps() continues exactly as the other", "[nn][optim]") {
    // What a checkpoint restores: after two steps, a fresh optimizer on copies of the parameters takes
    // over the state, and the third and fourth steps agree to the bit.
    auto check = [](auto make) {
        nn::Var p = parameter(), q = parameter();
        auto original = make(p);
        for (const auto& g : {g0, g1}) {
            set_grad(p, g);
            original.step();
        }
        q.value() = p.value();
        auto restored = make(q);
        const std::vector<nn::Tensor*> from = original.state(), to = restored.state();
        REQUIRE(from.size() == to.size());
        for (std::size_t k = 0; k < from.size(); ++k) *to[k] = *from[k];
        restored.set_steps(original.steps());
        for (const auto& g : {g1, g0}) {
            set_grad(p, g);
            set_grad(q, g);
            original.step();
            restored.step();
            REQUIRE(q.value().values() == p.value().values());
        }
        REQUIRE(restored.steps() == 4);
    };
    check([](nn::Var& p) { return nn::Sgd({p}, {.lr = 0.1f, .momentum = 0.9f, .nesterov = true}); });
    check([](nn::Var& p) { return nn::Adam({p}, {.lr = 0.1f, .weight_decay = 0.5f, .decoupled_weight_decay = true}); });
}

TEST_CASE("zero_grad zeroes every gradient, creating missing ones", "[nn][optim]") {
    nn::Var a = parameter(), b(nn::Tensor({3, 1}, 1.0f), true);
    set_grad(a, g0);
    nn::Adam adam({a, b}, {});
    adam.zero_grad();
    REQUIRE(a.grad().values() == nn::Tensor({1, 2}).values());
    REQUIRE(b.grad().shape() == b.shape());
    REQUIRE(b.grad().values() == nn::Tensor({3, 1}).values());
}

TEST_CASE("a parameter without a gradient is left alone", "[nn][optim]") {
    for (int adam : {0, 1}) {
        INFO((adam ? "adam" : "sgd"));
        nn::Var a = parameter(), b = parameter();
        set_grad(a, g0);
        std::unique_ptr<nn::Optimizer> optimizer;
        if (adam) optimizer = std::make_unique<nn::Adam>(std::vector<nn::Var>{a, b}, nn::AdamOptions{.lr = 0.1f});
        else optimizer = std::make_unique<nn::Sgd>(std::vector<nn::Var>{a, b}, nn::SgdOptions{.lr = 0.1f, .momentum = 0.9f});
        optimizer->step();
        REQUIRE(b.value()[0] == float(p0[0]));
        REQUIRE(b.value()[1] == float(p0[1]));
        REQUIRE(b.grad().size() == 0);
        REQUIRE(a.value()[0] != float(p0[0]));
    }
}

TEST_CASE("optimizers reject invalid options and constant parameters", "[nn][optim]") {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::vector<nn::Var> params{parameter()};
    for (const nn::SgdOptions& bad : {nn::SgdOptions{.lr = 0.0f}, nn::SgdOptions{.lr = -0.1f}, nn::SgdOptions{.lr = nan},
                                      nn::SgdOptions{.lr = inf}, nn::SgdOptions{.momentum = 1.0f},
                                      nn::SgdOptions{.momentum = -0.1f}, nn::SgdOptions{.momentum = nan},
                                      nn::SgdOptions{.nesterov = true}, nn::SgdOptions{.weight_decay = -1.0f},
                                      nn::SgdOptions{.weight_decay = nan}})
        REQUIRE_THROWS_AS(nn::Sgd(params, bad), std::invalid_argument);
    for (const nn::AdamOptions& bad : {nn::AdamOptions{.lr = 0.0f}, nn::AdamOptions{.lr = nan}, nn::AdamOptions{.lr = inf},
                                       nn::AdamOptions{.beta1 = 1.0f}, nn::AdamOptions{.beta1 = -0.1f},
                                       nn::AdamOptions{.beta2 = 1.0f}, nn::AdamOptions{.beta2 = nan},
                                       nn::AdamOptions{.eps = 0.0f}, nn::AdamOptions{.eps = -1e-8f},
                                       nn::AdamOptions{.weight_decay = -1.0f}})
        REQUIRE_THROWS_AS(nn::Adam(params, bad), std::invalid_argument);
    const std::vector<nn::Var> constant{nn::Var(nn::Tensor({1, 1}))};
    REQUIRE_THROWS_AS(nn::Sgd(constant, {}), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::Adam(constant, {}), std::invalid_argument);
}

TEST_CASE("a 2-8-2 tanh network learns XOR with Adam", "[nn][optim][module]") {
    nn::Rng rng(51);
    nn::Sequential net;
    net.add<nn::Linear>(2, 8, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Tanh);
    net.add<nn::Linear>(8, 2, nn::Init::GlorotUniform, rng);
    nn::Adam adam(net.parameters(), {.lr = 0.05f});
    const nn::Var x(nn::Tensor({4, 2}, {0, 0, 0, 1, 1, 0, 1, 1}));
    const std::vector<int> labels{0, 1, 1, 0};

    const auto correct = [&] {
        const nn::Tensor logits = net.forward(x).value();
        int right = 0;
        for (std::size_t n = 0; n < 4; ++n) right += int((logits.at(n, 1) > logits.at(n, 0)) == (labels[n] == 1));
        return right;
    };
    REQUIRE(correct() < 4);
    int steps = 0;
    double loss = 0.0;
    while (steps < 200 && (correct() < 4 || loss > 0.1)) {
        adam.zero_grad();
        const nn::Var l = nn::softmax_cross_entropy(net.forward(x), labels);
        loss = l.value()[0];
        nn::backward(l);
        adam.step();
        ++steps;
    }
    INFO("steps " << steps << ", loss " << loss);
    REQUIRE(correct() == 4);
    REQUIRE(loss <= 0.1);
}
