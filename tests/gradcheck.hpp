// tests/gradcheck.hpp — the gradient check of the float engine (STYLE.md E4 adapted to float): one
// backward() of L = <f(inputs), r> for a random projection r against central differences of L, and
// the random tensors the op tests feed it.
#pragma once
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "nn/autograd.hpp"
#include "nn/ops.hpp"
#include "nn/rng.hpp"

using Function = std::function<nn::Var(const std::vector<nn::Var>&)>;

// Every element N(0, 1).
inline nn::Tensor random_tensor(const nn::Shape& shape, nn::Rng& rng) {
    nn::Tensor t(shape);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = float(rng.normal());
    return t;
}

// Every element U(lo, hi).
inline nn::Tensor uniform_tensor(const nn::Shape& shape, double lo, double hi, nn::Rng& rng) {
    nn::Tensor t(shape);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = float(rng.uniform(lo, hi));
    return t;
}

// Every element at least `gap` away from 0 (inputs of ReLU: no kink inside a finite difference).
inline nn::Tensor away_from_zero_tensor(const nn::Shape& shape, double gap, nn::Rng& rng) {
    nn::Tensor t(shape);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double magnitude = rng.uniform(gap, 1.0);
        t[i] = float(rng.uniform() < 0.5 ? -magnitude : magnitude);
    }
    return t;
}

// <f(inputs), r>: f evaluated in float on constant inputs, the products summed in double so that
// the sum adds no rounding error of its own to the finite difference.
inline double project(const Function& f, const std::vector<nn::Tensor>& inputs, const nn::Tensor& r) {
    std::vector<nn::Var> vars(inputs.begin(), inputs.end());
    const nn::Tensor out = f(vars).value();
    double total = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i) total += double(out[i]) * double(r[i]);
    return total;
}

// Checks backward() of `f` against central differences of L = <f(inputs), r> for a random r: one
// backward pass gives dL/d(every input element). Twice: once on leaves whose grads are pre-filled with
// noise, so that an op which assigns (=) into a leaf instead of accumulating (+=) fails; once with every
// input passed through a reshape first, so that the op writes the first share into an intermediate
// node's unwritten gradient (nn/autograd.hpp) and an op that adds to it instead fails. In float, h = 1e-2 balances truncation error
// (h^2 f'''/6) against rounding error (~1e-7 |f| / h) (STYLE.md Part D); the divisor is the step
// actually taken, x + h and x - h being rounded to float. Pass: |a - n| <= 1e-4 or <= 1e-3 |n|.
inline void check_gradients(const Function& f, std::vector<nn::Tensor> inputs, std::uint64_t seed = 7,
                            float h = 1e-2f) {
    nn::Rng rng(seed);
    std::vector<nn::Var> vars;
    std::vector<nn::Tensor> noise;
    for (const nn::Tensor& t : inputs) {
        vars.emplace_back(t, /*requires_grad=*/true);
        noise.push_back(random_tensor(t.shape(), rng));
        vars.back().grad() = noise.back();
    }
    const nn::Var out = f(vars);
    const nn::Tensor r = random_tensor(out.shape(), rng);
    nn::backward(out, r);

    std::vector<nn::Var> leaves, intermediates;  // the second pass: leaf -> reshape -> f
    for (const nn::Tensor& t : inputs) {
        leaves.emplace_back(t, /*requires_grad=*/true);
        intermediates.push_back(nn::reshape(leaves.back(), t.shape()));
    }
    nn::backward(f(intermediates), r);

    for (std::size_t k = 0; k < inputs.size(); ++k)
        for (std::size_t i = 0; i < inputs[k].size(); ++i) {
            const float saved = inputs[k][i];
            const float x_up = saved + h, x_down = saved - h;
            inputs[k][i] = x_up;
            const double up = project(f, inputs, r);
            inputs[k][i] = x_down;
            const double down = project(f, inputs, r);
            inputs[k][i] = saved;

            const double numeric = (up - down) / (double(x_up) - double(x_down));
            const double analytic = double(vars[k].grad()[i]) - double(noise[k][i]);
            const double through_intermediate = leaves[k].grad()[i];
            INFO("input " << k << ", element " << i << ": analytic " << analytic << " (" << through_intermediate
                          << " through an intermediate), numeric " << numeric);
            REQUIRE_THAT(analytic, Catch::Matchers::WithinAbs(numeric, 1e-4) ||
                                       Catch::Matchers::WithinRel(numeric, 1e-3));
            REQUIRE_THAT(through_intermediate, Catch::Matchers::WithinAbs(numeric, 1e-4) ||
                                                   Catch::Matchers::WithinRel(numeric, 1e-3));
        }
}
