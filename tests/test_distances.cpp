// tests/test_distances.cpp — pairwise squared distances against the definition, on points far from
// the origin (where the Gram-matrix formula would cancel without centring), and degenerate shapes.
#include <catch2/catch.hpp>

#include "estimators/distances.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;

TEST_CASE("pairwise_squared_distances of three points by hand", "[estimators]") {
    nn::Matrix x(3, 2);
    x.data = {0, 0, 3, 4, 1, 1};
    const nn::Matrix d = estimators::pairwise_squared_distances(x);
    REQUIRE(d.rows == 3);
    REQUIRE(d.cols == 3);
    const double expected[9] = {0, 25, 2, 25, 0, 13, 2, 13, 0};
    for (int i = 0; i < 9; ++i) REQUIRE_THAT(d.data[i], WithinAbs(expected[i], 1e-12));
}

TEST_CASE("pairwise_squared_distances equals the definition far from the origin", "[estimators]") {
    nn::Rng rng(3);
    nn::Matrix x(40, 5);
    for (double& v : x.data) v = 1e4 + 1e-3 * rng.normal();  // spread 1e-3 around 1e4
    const nn::Matrix d = estimators::pairwise_squared_distances(x);
    for (std::size_t i = 0; i < 40; ++i)
        for (std::size_t j = 0; j < 40; ++j) {
            double direct = 0.0;
            for (std::size_t k = 0; k < 5; ++k) {
                const double diff = x.at(i, k) - x.at(j, k);
                direct += diff * diff;
            }
            REQUIRE_THAT(d.at(i, j), WithinAbs(direct, 1e-9 * 1e-6 + 1e-6 * direct));
            REQUIRE(d.at(i, j) == d.at(j, i));
        }
}

TEST_CASE("pairwise_squared_distances of identical rows, one row and no columns", "[estimators]") {
    nn::Matrix same(4, 3, 0.7);
    for (double v : estimators::pairwise_squared_distances(same).data) REQUIRE(v == 0.0);
    REQUIRE(estimators::pairwise_squared_distances(nn::Matrix(1, 3, 2.0)).data == std::vector<double>{0.0});
    for (double v : estimators::pairwise_squared_distances(nn::Matrix(3, 0)).data) REQUIRE(v == 0.0);
}
