// tests/test_geometry.cpp — the layer geometry beside the information plane, on point clouds whose
// saturation, distances, scatter and singular values are known by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "estimators/geometry.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

nn::Matrix matrix(std::size_t rows, std::size_t cols, std::vector<double> values) {
    return nn::Matrix::from_values(rows, cols, std::move(values));
}

}  // namespace

TEST_CASE("saturation counts the ends of each non-linearity", "[estimators]") {
    REQUIRE(estimators::layer_geometry(matrix(2, 2, {0.95, 0.1, -0.92, 0.9}), nullptr, "tanh").saturation == 0.5);
    REQUIRE(estimators::layer_geometry(matrix(2, 2, {0.01, 0.5, 0.97, 0.95}), nullptr, "sigmoid").saturation == 0.5);
    REQUIRE(estimators::layer_geometry(matrix(1, 4, {0.01, 0.5, 0.97, 0.2}), nullptr, "softmax").saturation == 0.5);
    REQUIRE(estimators::layer_geometry(matrix(2, 2, {0.0, 1.0, -1.0, 2.0}), nullptr, "relu").saturation == 0.5);
    REQUIRE(std::isnan(estimators::layer_geometry(matrix(1, 2, {0.0, 1.0}), nullptr, "linear").saturation));
    REQUIRE(std::isnan(estimators::layer_geometry(matrix(1, 2, {0.0, 1.0}), nullptr, "").saturation));
}

TEST_CASE("mean distance of a 3-4-5 triangle", "[estimators]") {
    const auto geometry = estimators::layer_geometry(matrix(3, 2, {0, 0, 3, 4, 0, 4}), nullptr, "linear");
    REQUIRE_THAT(geometry.mean_distance, WithinAbs(4.0, 1e-12));  // (5 + 4 + 3) / 3
    REQUIRE(estimators::layer_geometry(matrix(1, 2, {1, 2}), nullptr, "linear").mean_distance == 0.0);
}

TEST_CASE("beyond geometry_max_rows the spread is measured on evenly spaced rows", "[estimators]") {
    nn::Rng rng(3);
    const std::size_t N = 2 * estimators::geometry_max_rows;
    nn::Matrix all(N, 3), even(N / 2, 3);
    for (double& v : all.data) v = rng.normal();
    for (std::size_t i = 0; i < N / 2; ++i)
        for (std::size_t d = 0; d < 3; ++d) even.at(i, d) = all.at(2 * i, d);
    const auto from_all = estimators::layer_geometry(all, nullptr, "linear");
    const auto from_even = estimators::layer_geometry(even, nullptr, "linear");
    REQUIRE(from_all.mean_distance == from_even.mean_distance);
    REQUIRE(from_all.effective_rank == from_even.effective_rank);
}

TEST_CASE("class separation is Fisher's between over within scatter", "[estimators]") {
    // Class 0 at 0 and 2, class 1 at 10 and 12: means 1 and 11 around 6. Between 4 * 25, within 4 * 1.
    const nn::Matrix t = matrix(4, 1, {0, 2, 10, 12});
    const std::vector<int> labels = {0, 0, 1, 1};
    REQUIRE_THAT(estimators::layer_geometry(t, &labels, "linear").class_separation, WithinRel(25.0, 1e-12));
    REQUIRE(std::isnan(estimators::layer_geometry(t, nullptr, "linear").class_separation));
    const std::vector<int> singletons = {0, 1, 2, 3};  // no scatter within any class
    REQUIRE(std::isinf(estimators::layer_geometry(t, &singletons, "linear").class_separation));
    const std::vector<int> short_labels = {0, 1};
    REQUIRE_THROWS_AS(estimators::layer_geometry(t, &short_labels, "linear"), std::invalid_argument);
    const std::vector<int> negative = {0, -1, 1, 1};
    REQUIRE_THROWS_AS(estimators::layer_geometry(t, &negative, "linear"), std::invalid_argument);
}

TEST_CASE("effective rank: 1 for a line, 2 for a square, both ways round", "[estimators]") {
    const auto line = estimators::layer_geometry(matrix(4, 2, {0, 0, 1, 2, 2, 4, 5, 10}), nullptr, "linear");
    REQUIRE_THAT(line.effective_rank, WithinAbs(1.0, 1e-6));
    const auto square = estimators::layer_geometry(matrix(4, 2, {1, 1, 1, -1, -1, 1, -1, -1}), nullptr, "linear");
    REQUIRE_THAT(square.effective_rank, WithinAbs(2.0, 1e-12));
    // Three unit vectors: centred, a triangle in a plane (singular values 1, 1, 0). With D = 5 > N = 3 the
    // N x N Gram matrix is used, with D = N = 3 the D x D one.
    nn::Matrix wide(3, 5), square3(3, 3);
    for (std::size_t i = 0; i < 3; ++i) wide.at(i, i) = square3.at(i, i) = 1.0;
    REQUIRE_THAT(estimators::layer_geometry(wide, nullptr, "linear").effective_rank, WithinAbs(2.0, 1e-12));
    REQUIRE_THAT(estimators::layer_geometry(square3, nullptr, "linear").effective_rank, WithinAbs(2.0, 1e-12));
    REQUIRE(estimators::layer_geometry(matrix(2, 2, {3, 3, 3, 3}), nullptr, "linear").effective_rank == 0.0);
}

TEST_CASE("geometry columns and values line up", "[estimators]") {
    estimators::LayerGeometry geometry{0.1, 0.2, 0.3, 0.4};
    REQUIRE(estimators::geometry_column_names() ==
            std::vector<std::string>{"saturation", "mean_distance", "class_separation", "effective_rank"});
    REQUIRE(estimators::geometry_values(geometry) == std::vector<double>{0.1, 0.2, 0.3, 0.4});
}
