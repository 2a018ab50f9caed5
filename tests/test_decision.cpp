// tests/test_decision.cpp — the decision-rule estimator: I(X;Ŷ) = H(Ŷ) and I(Y;Ŷ) from confusion counts
// worked out by hand, the argmax of a softmax layer, a linear probe that separates what is separable,
// and every error.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "estimators/decision.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using estimators::DecisionEstimator;
using estimators::DecisionOptions;

TEST_CASE("decision: a softmax layer decides by its argmax, counted by hand", "[estimators]") {
    // Four rows: decisions 0, 1, 1, 1 against labels 0, 0, 1, 1.
    // H(Ŷ) = -(1/4 log2 1/4 + 3/4 log2 3/4) = 0.811278...; I(Y;Ŷ) = H(Ŷ) - H(Ŷ|Y) = 0.811278 - 1/2.
    const nn::Matrix t = nn::Matrix::from_values(4, 2, {0.9, 0.1, 0.4, 0.6, 0.2, 0.8, 0.3, 0.7});
    const std::vector<int> y = {0, 0, 1, 1};
    DecisionEstimator decision(DecisionOptions{});
    const estimators::Estimate e = decision.estimate({.t = &t, .y = &y, .activation = "softmax"});
    const double h = -(0.25 * std::log2(0.25) + 0.75 * std::log2(0.75));
    REQUIRE_THAT(e.i_xt_bits, WithinAbs(h, 1e-12));
    REQUIRE_THAT(*e.i_ty_bits, WithinAbs(h - 0.5, 1e-12));
    REQUIRE_THAT(e.diagnostics.at(0), WithinAbs(0.75, 1e-12));
}

TEST_CASE("decision: a linear probe separates separable classes and finds nothing in noise", "[estimators]") {
    // Three classes, each a cloud around its own corner: the probe decides every row right, so
    // I(Y:Ŷ) = H(Y) = log2 3. A layer of pure noise leaves the decisions (nearly) independent of Y.
    nn::Rng rng(5);
    const std::size_t per_class = 40;
    nn::Matrix clouds(3 * per_class, 2), noise(3 * per_class, 2);
    std::vector<int> y(3 * per_class);
    const double centres[3][2] = {{0, 0}, {4, 0}, {0, 4}};
    for (std::size_t r = 0; r < y.size(); ++r) {
        y[r] = int(r / per_class);
        clouds.at(r, 0) = centres[y[r]][0] + 0.5 * rng.normal();
        clouds.at(r, 1) = centres[y[r]][1] + 0.5 * rng.normal();
        noise.at(r, 0) = rng.normal();
        noise.at(r, 1) = rng.normal();
    }
    DecisionEstimator decision(DecisionOptions{});
    const estimators::Estimate separated = decision.estimate({.t = &clouds, .y = &y, .activation = "relu"});
    REQUIRE_THAT(*separated.i_ty_bits, WithinAbs(std::log2(3.0), 1e-12));
    REQUIRE(separated.diagnostics.at(0) == 1.0);
    const estimators::Estimate blind = decision.estimate({.t = &noise, .y = &y});
    REQUIRE(*blind.i_ty_bits < 0.25);
    // the same seed gives the same decisions
    REQUIRE(decision.estimate({.t = &noise, .y = &y}).i_ty_bits == blind.i_ty_bits);
}

TEST_CASE("decision: spec, and the inputs it refuses", "[estimators]") {
    REQUIRE(estimators::make_estimator("decision")->spec() == "decision:epochs=200,lr=0.01,seed=1");
    REQUIRE(estimators::make_estimator("decision:epochs=50,lr=0.1,seed=3")->spec() == "decision:epochs=50,lr=0.1,seed=3");
    REQUIRE_THROWS_WITH(estimators::make_estimator("decision:epochs=0"), Contains("epochs"));
    REQUIRE_THROWS_WITH(estimators::make_estimator("decision:lr=-1"), Contains("lr"));
    REQUIRE_THROWS_WITH(estimators::make_estimator("decision:bins=3"), Contains("unknown key 'bins'"));

    const nn::Matrix t = nn::Matrix::from_values(2, 1, {0.1, 0.2});
    const std::vector<int> y = {0, 1}, short_y = {0};
    DecisionEstimator decision(DecisionOptions{});
    REQUIRE_THROWS_WITH(decision.estimate({.t = &t}), Contains("needs the class labels"));
    REQUIRE_THROWS_WITH(decision.estimate({.t = &t, .y = &short_y}), Contains("1 labels for 2 rows"));
    REQUIRE_THROWS_WITH(decision.estimate({.t = &t, .y_matrix = &t}), Contains("autoencoder"));
}
