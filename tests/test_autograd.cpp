// tests/test_autograd.cpp — the graph and the reverse sweep: no-grad mode, seeds, accumulation of leaf
// gradients across sweeps, rebuilt intermediate gradients, error paths, and a very deep graph.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "gradcheck.hpp"
#include "nn/ops.hpp"
#include "nn/optimizer.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("a result keeps its parents only when one of them needs a gradient", "[nn][grad]") {
    const nn::Var w(nn::Tensor({2, 2}, 1.0f), true), c(nn::Tensor({2, 2}, 2.0f));
    const nn::Var y = nn::matmul(c, w);
    REQUIRE(y.requires_grad());
    REQUIRE(std::string(y.node()->op) == "matmul");
    REQUIRE(y.node()->parents.size() == 2);
    REQUIRE(y.node()->parents[1] == w.node());
    REQUIRE(static_cast<bool>(y.node()->backward));

    const nn::Var z = nn::matmul(c, c);
    REQUIRE_FALSE(z.requires_grad());
    REQUIRE(z.node()->parents.empty());
    REQUIRE_FALSE(static_cast<bool>(z.node()->backward));

    nn::backward(nn::sum(y));  // the constant gets no gradient
    REQUIRE(c.grad().size() == 0);
    REQUIRE(w.grad().shape() == w.shape());
}

TEST_CASE("NoGradGuard builds no graph and restores the mode, also when nested", "[nn][grad]") {
    const nn::Var x(nn::Tensor({1, 2}, 0.5f), true);
    REQUIRE(nn::grad_enabled());
    {
        nn::NoGradGuard outer;
        REQUIRE_FALSE(nn::grad_enabled());
        {
            nn::NoGradGuard inner;
            REQUIRE_FALSE(nn::grad_enabled());
        }
        REQUIRE_FALSE(nn::grad_enabled());
        const nn::Var y = nn::tanh(x);
        REQUIRE_FALSE(y.requires_grad());
        REQUIRE(y.node()->parents.empty());
        REQUIRE_FALSE(static_cast<bool>(y.node()->backward));
        REQUIRE_THAT(double(y.value()[0]), WithinAbs(std::tanh(0.5), 4e-7));  // the value is still computed
        REQUIRE_THROWS_AS(nn::backward(nn::sum(y)), std::invalid_argument);
    }
    REQUIRE(nn::grad_enabled());
    REQUIRE(nn::tanh(x).requires_grad());
}

TEST_CASE("backward of a non-scalar takes a seed of its shape", "[nn][grad]") {
    nn::Var x(nn::Tensor({2, 2}, {0.1f, -0.2f, 0.3f, 2.0f}), true);
    const nn::Var y = nn::tanh(x);
    const nn::Tensor seed({2, 2}, {1.0f, -2.0f, 0.5f, 3.0f});
    nn::backward(y, seed);
    for (std::size_t i = 0; i < 4; ++i) {  // dx = seed * (1 - y^2), from the float outputs y
        const double out = y.value()[i];
        REQUIRE_THAT(double(x.grad()[i]), WithinAbs(double(seed[i]) * (1 - out * out), 1e-6));
    }
    REQUIRE_THROWS_AS(nn::backward(y), std::invalid_argument);  // not a scalar: needs a seed
    REQUIRE_THROWS_AS(nn::backward(y, nn::Tensor({4, 1})), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::backward(y, nn::Tensor({2, 2, 1})), std::invalid_argument);
}

TEST_CASE("leaf gradients accumulate across sweeps, intermediate ones are rebuilt, zero_grad resets",
          "[nn][grad]") {
    nn::Var x(nn::Tensor({1, 3}, {0.5f, -1.0f, 2.0f}), true);
    const nn::Var t = nn::tanh(x);
    const nn::Var loss = nn::sum(t);
    std::vector<float> once(3);
    for (std::size_t i = 0; i < 3; ++i) once[i] = 1.0f - t.value()[i] * t.value()[i];

    nn::backward(loss);
    for (std::size_t i = 0; i < 3; ++i) REQUIRE(x.grad()[i] == once[i]);
    nn::backward(loss);
    for (std::size_t i = 0; i < 3; ++i) {
        REQUIRE(x.grad()[i] == 2.0f * once[i]);  // PyTorch semantics: leaves add up
        REQUIRE(t.grad()[i] == 1.0f);            // the intermediate is rebuilt, not 2
    }

    nn::Sgd optimizer({x}, {});
    optimizer.zero_grad();
    for (std::size_t i = 0; i < 3; ++i) REQUIRE(x.grad()[i] == 0.0f);
    nn::backward(loss);
    for (std::size_t i = 0; i < 3; ++i) REQUIRE(x.grad()[i] == once[i]);
}

TEST_CASE("a leaf with a gradient of the wrong shape starts again from zero", "[nn][grad]") {
    nn::Var x(nn::Tensor({1, 2}, 1.0f), true);
    x.grad() = nn::Tensor({5}, 100.0f);
    nn::backward(nn::sum(x));
    REQUIRE(x.grad().shape() == x.shape());
    REQUIRE(x.grad()[0] == 1.0f);
    REQUIRE(x.grad()[1] == 1.0f);
}

TEST_CASE("backward of a root used by no gradient throws", "[nn][grad]") {
    const nn::Var x(nn::Tensor({1, 1}, 1.0f));
    REQUIRE_THROWS_AS(nn::backward(x), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::backward(nn::tanh(x)), std::invalid_argument);
}

TEST_CASE("a leaf as the root receives the seed", "[nn][grad]") {
    nn::Var x(nn::Tensor({1, 2}, 1.0f), true);
    nn::backward(x, nn::Tensor({1, 2}, {3.0f, -4.0f}));
    REQUIRE(x.grad()[0] == 3.0f);
    REQUIRE(x.grad()[1] == -4.0f);
}

TEST_CASE("an intermediate used twice waits for both contributions (a diamond)", "[nn][grad]") {
    nn::Rng rng(21);
    check_gradients([](const auto& in) {
        const nn::Var t = nn::tanh(in[0]);
        return nn::matmul(nn::sigmoid(t), nn::matmul(t, in[1]));
    }, {random_tensor({3, 3}, rng), random_tensor({3, 2}, rng)});
}

TEST_CASE("a chain of 20000 tanh ops runs backward without overflowing the stack", "[nn][grad]") {
    const std::size_t depth = 20000;
    nn::Var x(nn::Tensor({1, 1}, 0.5f), true);
    float expected = 1.0f;
    {
        nn::Var h = x;
        std::vector<float> outputs;
        for (std::size_t i = 0; i < depth; ++i) {
            h = nn::tanh(h);
            outputs.push_back(h.value()[0]);
        }
        nn::backward(h);
        // The same products in the same order as the sweep: dh_i/dh_(i-1) = 1 - h_i^2.
        for (std::size_t i = depth; i-- > 0;) expected *= 1.0f - outputs[i] * outputs[i];
    }  // the whole chain is released here
    REQUIRE(expected > 0.0f);
    REQUIRE_THAT(double(x.grad()[0]), WithinRel(double(expected), 1e-6));
}
