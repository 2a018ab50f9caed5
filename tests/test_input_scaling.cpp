// tests/test_input_scaling.cpp — the input scalings of training: hand-computed values of unit, symmetric
// and standardize, the test rows scaled by the training rows' statistics, constant features, and errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "datasets/input_scaling.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

void check_values(const nn::Tensor& x, const std::vector<float>& expected, double tolerance) {
    REQUIRE(x.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("element " << i);
        CHECK_THAT(x[i], WithinAbs(expected[i], tolerance));
    }
}

}  // namespace

TEST_CASE("unit leaves the inputs as loaded", "[datasets]") {
    nn::Tensor x({2, 2}, {0.0f, 0.25f, 1.0f, 0.5f});
    datasets::scale_inputs("unit", x, {});
    check_values(x, {0.0f, 0.25f, 1.0f, 0.5f}, 0.0);
}

TEST_CASE("symmetric maps 0..1 to -1..1 as 2x - 1 on every row", "[datasets]") {
    nn::Tensor x({2, 3}, {0.0f, 0.25f, 1.0f, 0.5f, 0.75f, 0.1f});
    datasets::scale_inputs("symmetric", x, {0});  // the fit rows do not matter
    check_values(x, {-1.0f, -0.5f, 1.0f, 0.0f, 0.5f, -0.8f}, 1e-7);
    CHECK(x.shape() == nn::Shape({2, 3}));
}

TEST_CASE("standardize uses the mean and variance of the training rows for every row", "[datasets]") {
    // Training rows 0 and 2. Feature 0: values 1 and 5, mean 3, population variance 4, so x' = (x - 3) / 2
    // (sqrt(4 + 1e-8) differs from 2 by 1e-9 relative); over all four rows the mean would be 4.
    // Feature 1: 5 and 5 on the training rows, constant: centred only, x' = x - 5.
    nn::Tensor x({4, 2}, {1.0f, 5.0f,
                          3.0f, 6.0f,
                          5.0f, 5.0f,
                          7.0f, 4.0f});
    datasets::scale_inputs("standardize", x, {0, 2});
    check_values(x, {-1.0f, 0.0f,
                     0.0f, 1.0f,
                     1.0f, 0.0f,
                     2.0f, -1.0f}, 1e-6);
}

TEST_CASE("standardize adds 1e-8 to the variance", "[datasets]") {
    // Values 0 and 2e-4: mean 1e-4, variance 1e-8, so x' = (x - 1e-4) / sqrt(2e-8) = -+1/sqrt(2) instead of -+1.
    nn::Tensor x({3, 1}, {0.0f, 2e-4f, 4e-4f});
    datasets::scale_inputs("standardize", x, {0, 1});
    const double root_half = std::sqrt(0.5);
    check_values(x, {float(-root_half), float(root_half), float(3.0 * root_half)}, 1e-4);
}

TEST_CASE("a feature constant on the training rows does not divide by zero", "[datasets]") {
    // The training rows give feature 1 the value 0.3 three times: centred to 0 there, and a test row's
    // 0.8 becomes 0.5, not 0.5 / sqrt(1e-8) = 5000.
    nn::Tensor x({4, 2}, {0.0f, 0.3f,
                          1.0f, 0.3f,
                          2.0f, 0.3f,
                          1.0f, 0.8f});
    datasets::scale_inputs("standardize", x, {0, 1, 2});
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(std::isfinite(x[i]));
    CHECK_THAT(x.at(0, 1), WithinAbs(0.0, 1e-7));
    CHECK_THAT(x.at(2, 1), WithinAbs(0.0, 1e-7));
    CHECK_THAT(x.at(3, 1), WithinAbs(0.5, 1e-6));
    // Feature 0 is not constant: mean 1, variance 2/3.
    CHECK_THAT(x.at(0, 0), WithinAbs(-1.0 / std::sqrt(2.0 / 3.0), 1e-5));
    CHECK_THAT(x.at(3, 0), WithinAbs(0.0, 1e-7));
}

TEST_CASE("standardize treats the values of an image, C*H*W, as its features", "[datasets]") {
    nn::Rng rng(5);
    nn::Tensor x({40, 2, 3, 3});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(rng.uniform());
    std::vector<std::size_t> train;
    for (std::size_t r = 0; r < 40; r += 2) train.push_back(r);
    datasets::scale_inputs("standardize", x, train);
    CHECK(x.shape() == nn::Shape({40, 2, 3, 3}));
    for (std::size_t j = 0; j < x.cols(); ++j) {
        double sum = 0.0, squares = 0.0;
        for (std::size_t r : train) {
            sum += x.at(r, j);
            squares += double(x.at(r, j)) * x.at(r, j);
        }
        INFO("feature " << j);
        CHECK_THAT(sum / 20.0, WithinAbs(0.0, 1e-6));
        CHECK_THAT(squares / 20.0, WithinAbs(1.0, 1e-5));  // variance / (variance + 1e-8)
    }
}

TEST_CASE("scale_inputs rejects an unknown mode and standardize without usable training rows", "[datasets]") {
    nn::Tensor x({2, 2}, {0.0f, 1.0f, 1.0f, 0.0f});
    CHECK_THROWS_AS(datasets::scale_inputs("minmax", x, {0}), std::invalid_argument);
    CHECK_THROWS_WITH(datasets::scale_inputs("minmax", x, {0}),
                      Contains("inputs: unknown value 'minmax'") && Contains("unit, symmetric, standardize"));
    CHECK_THROWS_WITH(datasets::scale_inputs("standardize", x, {}), Contains("no training rows"));
    CHECK_THROWS_WITH(datasets::scale_inputs("standardize", x, {0, 2}), Contains("training row 2 outside the 2 rows"));
    check_values(x, {0.0f, 1.0f, 1.0f, 0.0f}, 0.0);  // a refused call changes nothing
}

TEST_CASE("input_scaling_names lists the modes scale_inputs takes", "[datasets]") {
    CHECK(datasets::input_scaling_names() == std::vector<std::string>{"unit", "symmetric", "standardize"});
    for (const std::string& name : datasets::input_scaling_names()) {
        nn::Tensor x({2, 1}, {0.0f, 1.0f});
        CHECK_NOTHROW(datasets::scale_inputs(name, x, {0, 1}));
    }
}
