// tests/test_mine.cpp — the MINE estimator: correlated Gaussians against -1/2 log2(1 - rho^2), independent
// variables near 0, the same seed giving the same bits, labels one-hot and y_matrix, and every error.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "correlated_gaussians.hpp"
#include "estimators/estimator.hpp"
#include "estimators/mine.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using estimators::MineEstimator;
using estimators::MineOptions;

namespace {

// Settings that train in a fraction of a second on 2000 rows (the defaults take lr = 1e-4 and 500 steps).
MineOptions quick() {
    MineOptions options;
    options.iterations = 300;
    options.lr = 3e-3;
    options.hidden = 32;
    return options;
}

}  // namespace

TEST_CASE("mine: correlated Gaussians, rho 0.9, come out near -1/2 log2(1 - rho^2)", "[estimators]") {
    // I = -1/2 log2(1 - 0.81) = 1.198 bits. The DV bound lies below it (seeds 1-3 give 1.10 bits with
    // these settings); 0.15 bit covers that gap and the spread between seeds.
    nn::Matrix x, t;
    correlated_gaussians(0.9, 2000, 3, x, t);
    MineEstimator mine(quick());
    const estimators::Estimate e = mine.estimate({.t = &t, .x = &x});
    REQUIRE_THAT(e.i_xt_bits, WithinAbs(-0.5 * std::log2(1.0 - 0.81), 0.15));
    REQUIRE_FALSE(e.i_ty_bits.has_value());
}

TEST_CASE("mine: independent variables give close to 0 bits", "[estimators]") {
    nn::Matrix x, t;
    correlated_gaussians(0.0, 2000, 4, x, t);
    MineEstimator mine(quick());
    REQUIRE_THAT(mine.estimate({.t = &t, .x = &x}).i_xt_bits, WithinAbs(0.0, 0.05));
}

TEST_CASE("mine: the same seed gives the same bits, another seed other bits", "[estimators]") {
    nn::Matrix x, t;
    correlated_gaussians(0.5, 300, 5, x, t);
    MineOptions options = quick();
    options.iterations = 50;
    const double first = MineEstimator(options).estimate({.t = &t, .x = &x}).i_xt_bits;
    MineEstimator again(options);
    REQUIRE(again.estimate({.t = &t, .x = &x}).i_xt_bits == first);
    REQUIRE(again.estimate({.t = &t, .x = &x}).i_xt_bits == first);  // no state kept between calls
    options.seed = 2;
    REQUIRE(MineEstimator(options).estimate({.t = &t, .x = &x}).i_xt_bits != first);
}

TEST_CASE("mine: labels enter one-hot and a y_matrix as it is", "[estimators]") {
    // T is its label plus a little noise, two balanced classes: I(T;Y) = H(Y) = 1 bit, approached from
    // below by the bound. A y_matrix correlated with T at rho 0.9 gives about 1.2 bits, as above.
    nn::Rng rng(6);
    const std::size_t n = 1000;
    nn::Matrix x(n, 1), t(n, 1);
    std::vector<int> y(n);
    for (std::size_t r = 0; r < n; ++r) {
        y[r] = int(r % 2);
        x.at(r, 0) = rng.normal();
        t.at(r, 0) = y[r] + 0.05 * rng.normal();
    }
    MineEstimator mine(quick());
    const estimators::Estimate labels = mine.estimate({.t = &t, .x = &x, .y = &y});
    REQUIRE(labels.i_ty_bits.has_value());
    REQUIRE(*labels.i_ty_bits > 0.8);
    REQUIRE(*labels.i_ty_bits < 1.1);
    REQUIRE_THAT(labels.i_xt_bits, WithinAbs(0.0, 0.1));  // x is independent of T here

    nn::Matrix a, b;
    correlated_gaussians(0.9, 2000, 3, a, b);
    const estimators::Estimate matrix = mine.estimate({.t = &a, .x = &a, .y_matrix = &b});
    REQUIRE_THAT(*matrix.i_ty_bits, WithinAbs(-0.5 * std::log2(1.0 - 0.81), 0.15));
}

TEST_CASE("mine: the factory resolves every parameter and rejects bad ones", "[estimators]") {
    REQUIRE(estimators::make_estimator("mine")->spec() ==
            "mine:iterations=500,batch=256,lr=1e-04,hidden=100,alpha=0.01,seed=1");
    REQUIRE(estimators::make_estimator("mine:iterations=20,batch=64,lr=1e-3,hidden=8,alpha=1,seed=7")->spec() ==
            "mine:iterations=20,batch=64,lr=0.001,hidden=8,alpha=1,seed=7");
    REQUIRE(estimators::make_estimator("mine")->diagnostic_names().empty());
    const char* bad[][2] = {
        {"mine:iterations=0", "iterations"}, {"mine:batch=0", "batch"},    {"mine:hidden=0", "hidden"},
        {"mine:lr=0", "lr"},                 {"mine:lr=-1", "lr"},         {"mine:alpha=0", "alpha"},
        {"mine:alpha=1.5", "alpha"},         {"mine:seed=-1", "seed"},     {"mine:epochs=5", "epochs"},
        {"mine:iterations=x", "iterations"},
    };
    for (const auto& [spec, key] : bad) {
        INFO(spec);
        REQUIRE_THROWS_WITH(estimators::make_estimator(spec), Contains(key));
        REQUIRE_THROWS_AS(estimators::make_estimator(spec), std::invalid_argument);
    }
}

TEST_CASE("mine: estimate refuses missing, mismatched and non-finite inputs", "[estimators]") {
    MineOptions options = quick();
    options.iterations = 1;
    MineEstimator mine(options);
    const nn::Matrix t(4, 1, 0.5), x(4, 2, 1.0), short_x(3, 2, 1.0), empty(0, 1), short_y_matrix(3, 1);
    nn::Matrix nan_t(4, 1, 0.5), infinite_x(4, 2, 1.0);
    nan_t.at(2, 0) = std::nan("");
    infinite_x.at(1, 1) = HUGE_VAL;
    const std::vector<int> y = {0, 1, 0, 1}, short_y = {0, 1}, negative_y = {0, -1, 0, 1};
    using estimators::Observations;
    const std::pair<Observations, const char*> cases[] = {
        {{.x = &x}, "no activations"},
        {{.t = &t}, "needs the inputs x"},
        {{.t = &empty, .x = &empty}, "T is empty"},
        {{.t = &t, .x = &short_x}, "3 rows of x for 4 rows of T"},
        {{.t = &nan_t, .x = &x}, "T holds a non-finite value"},
        {{.t = &t, .x = &infinite_x}, "x holds a non-finite value"},
        {{.t = &t, .x = &x, .y = &short_y}, "2 labels for 4 rows"},
        {{.t = &t, .x = &x, .y = &negative_y}, "label -1 is negative"},
        {{.t = &t, .x = &x, .y = &y, .y_matrix = &t}, "both y and y_matrix"},
        {{.t = &t, .x = &x, .y_matrix = &short_y_matrix}, "3 rows of y_matrix for 4 rows of T"},
    };
    for (const auto& [observations, message] : cases) {
        INFO(message);
        REQUIRE_THROWS_WITH(mine.estimate(observations), Contains(message));
    }
    nn::Rng rng(1);
    REQUIRE_THROWS_WITH(estimators::mine_bound_nats(x, short_x, options, rng), Contains("4 rows against 3 rows"));
    REQUIRE_THROWS_AS(MineEstimator(MineOptions{.alpha = 2.0}), std::invalid_argument);
}
