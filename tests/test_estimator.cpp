// tests/test_estimator.cpp — the estimator factory: dispatch on the name, unknown names, spec errors.
#include <catch2/catch.hpp>

#include "estimators/estimator.hpp"

TEST_CASE("factory: builds an estimator by name", "[estimators]") {
    const auto estimator = estimators::make_estimator("binning");
    REQUIRE(estimator != nullptr);
    CHECK(estimator->spec() == "binning:edges=30,lo=-1,hi=1");
}

TEST_CASE("factory: unknown names list the known estimators", "[estimators]") {
    CHECK_THROWS_WITH(estimators::make_estimator("kde:var=0.1"),
                      "estimator spec 'kde:var=0.1': unknown estimator 'kde'; known estimators: binning");
    CHECK_THROWS_WITH(estimators::make_estimator("Binning"),
                      "estimator spec 'Binning': unknown estimator 'Binning'; known estimators: binning");
    CHECK_THROWS_WITH(estimators::make_estimator(""), "estimator spec '': missing estimator name");
    CHECK_THROWS_AS(estimators::make_estimator("nope"), std::invalid_argument);
}
