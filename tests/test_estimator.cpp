// tests/test_estimator.cpp — the estimator factory: dispatch on the name, unknown names, spec errors, and
// the refusal of NaN and infinite observations that every registered estimator goes through.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"

TEST_CASE("factory: builds an estimator by name", "[estimators]") {
    const auto estimator = estimators::make_estimator("binning");
    REQUIRE(estimator != nullptr);
    CHECK(estimator->spec() == "binning:edges=30,lo=-1,hi=1");
}

TEST_CASE("factory: unknown names list the known estimators", "[estimators]") {
    using Catch::Matchers::Contains;
    using Catch::Matchers::StartsWith;
    // the list names every registered estimator
    CHECK_THROWS_WITH(estimators::make_estimator("kdee:var=0.1"),
                      StartsWith("estimator spec 'kdee:var=0.1': unknown estimator 'kdee'; known estimators: ") &&
                          Contains("binning") && Contains("renyi"));
    CHECK_THROWS_WITH(estimators::make_estimator("Binning"),
                      StartsWith("estimator spec 'Binning': unknown estimator 'Binning'; known estimators: binning"));
    CHECK_THROWS_WITH(estimators::make_estimator(""), "estimator spec '': missing estimator name");
    CHECK_THROWS_AS(estimators::make_estimator("nope"), std::invalid_argument);
}

namespace {

// A spec for each registered name: the name alone, or for an estimator with required parameters the
// least it needs. A new estimator with required parameters fails the tests below until it is added here.
std::string spec_for(const std::string& name) {
    if (name == "compress") return "compress:dim=1,then=binning";
    return name;
}

}  // namespace

TEST_CASE("factory: the registry lists its names, and each builds", "[estimators]") {
    const std::vector<std::string> names = estimators::estimator_names();
    for (const char* expected : {"binning", "decision", "edge", "kde", "kl", "ksg", "mine", "noisy", "renyi"})
        CHECK(std::count(names.begin(), names.end(), expected) == 1);
    for (const std::string& name : names) {
        INFO(name);
        const auto estimator = estimators::make_estimator(spec_for(name));
        CHECK(estimator->spec().rfind(name, 0) == 0);  // the resolved spec starts with the name
    }
}

TEST_CASE("factory: every estimator refuses NaN and infinite observations, naming where", "[estimators]") {
    using Catch::Matchers::Equals;
    // Valid in every other respect: 40 rows, distinct finite activations, two balanced classes, so that
    // the only thing wrong is the one value planted below.
    const std::size_t n = 40;
    nn::Matrix t(n, 3), x(n, 2);
    std::vector<int> y(n);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < 3; ++c) t.at(r, c) = std::sin(double(r * 3 + c));
        for (std::size_t c = 0; c < 2; ++c) x.at(r, c) = std::cos(double(r * 2 + c));
        y[r] = int(r % 2);
    }
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    for (const std::string& name : estimators::estimator_names()) {
        INFO(name);
        const auto estimator = estimators::make_estimator(spec_for(name));
        nn::Matrix bad_t = t;
        bad_t.at(12, 2) = -nan;  // the sign of a NaN is not shown
        CHECK_THROWS_AS(estimator->estimate({.t = &bad_t, .x = &x, .y = &y}), std::invalid_argument);
        CHECK_THROWS_WITH(estimator->estimate({.t = &bad_t, .x = &x, .y = &y}),
                          Equals(name + ": activation at row 12, column 2 is nan"));
        bad_t.at(12, 2) = t.at(12, 2);
        bad_t.at(39, 0) = inf;
        CHECK_THROWS_WITH(estimator->estimate({.t = &bad_t, .y = &y}),
                          Equals(name + ": activation at row 39, column 0 is inf"));
        bad_t.at(39, 0) = -inf;
        CHECK_THROWS_WITH(estimator->estimate({.t = &bad_t}), Equals(name + ": activation at row 39, column 0 is -inf"));
        nn::Matrix bad_x = x;
        bad_x.at(0, 1) = nan;
        CHECK_THROWS_WITH(estimator->estimate({.t = &t, .x = &bad_x, .y = &y}),
                          Equals(name + ": input x at row 0, column 1 is nan"));
        nn::Matrix bad_output = t;
        bad_output.at(5, 0) = inf;
        CHECK_THROWS_WITH(estimator->estimate({.t = &t, .x = &x, .y_matrix = &bad_output}),
                          Equals(name + ": y_matrix at row 5, column 0 is inf"));
    }
}

TEST_CASE("factory: the finiteness check passes finite observations through unchanged", "[estimators]") {
    // T copies the labels: two equally likely bins, so binning gives I(X;T) = H(T) = 1 bit and I(T;Y) = 1 bit.
    const nn::Matrix t = nn::Matrix::from_values(4, 1, {0, 1, 0, 1});
    const std::vector<int> y = {0, 1, 0, 1};
    const auto estimator = estimators::make_estimator("binning");
    const estimators::Estimate estimate = estimator->estimate({.t = &t, .y = &y});
    CHECK(estimate.i_xt_bits == 1.0);
    REQUIRE(estimate.i_ty_bits.has_value());
    CHECK(*estimate.i_ty_bits == 1.0);
    CHECK(estimator->diagnostic_names() == std::vector<std::string>{"clipped_fraction"});
    REQUIRE(estimate.diagnostics.size() == 1);
    CHECK(estimate.diagnostics[0] == 0.0);
}
