// tests/test_estimator.cpp — the estimator factory: dispatch on the name, unknown names, spec errors.
#include <catch2/catch.hpp>

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
