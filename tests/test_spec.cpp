// tests/test_spec.cpp — the estimator spec parser: parameters, typed access, defaults, unknown keys,
// every error message, and the shortest round-trip number format of resolved specs.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "estimators/spec.hpp"
#include "nn/rng.hpp"

using estimators::Sign;
using estimators::Spec;

TEST_CASE("spec: name and ordered parameters", "[estimators]") {
    const Spec bare("binning");
    CHECK(bare.name() == "binning");
    CHECK(bare.params().empty());

    const Spec spec("binning:edges=30,lo=-1,hi=1");
    CHECK(spec.name() == "binning");
    CHECK(spec.text() == "binning:edges=30,lo=-1,hi=1");
    const estimators::SpecParams expected = {{"edges", "30"}, {"lo", "-1"}, {"hi", "1"}};
    CHECK(spec.params() == expected);
}

TEST_CASE("spec: typed access with defaults", "[estimators]") {
    Spec spec("kde:var=1e-3,bound=lower,samples=400,shift=-2.5");
    CHECK(spec.real("var", 0.1, Sign::positive) == 1e-3);
    CHECK(spec.real("shift", 0.0) == -2.5);
    CHECK(spec.real("missing", 0.25) == 0.25);
    CHECK_FALSE(spec.find_real("absent").has_value());
    CHECK(spec.integer("samples", 10, 1) == 400);
    CHECK(spec.integer("other", 10, 1) == 10);
    CHECK_FALSE(spec.find_integer("none", 0).has_value());
    CHECK(spec.choice("bound", "upper", {"upper", "lower"}) == "lower");
    CHECK(spec.choice("mode", "fast", {"fast", "exact"}) == "fast");
    CHECK_NOTHROW(spec.finish());
}

TEST_CASE("spec: accepted numbers", "[estimators]") {
    Spec spec("e:a=.5,b=-0,c=0,d=1E2,e=-7");
    CHECK(spec.real("a", 0.0, Sign::positive) == 0.5);
    CHECK(spec.real("b", 1.0, Sign::non_negative) == 0.0);
    CHECK(spec.real("c", 1.0, Sign::non_negative) == 0.0);
    CHECK(spec.real("d", 0.0) == 100.0);
    CHECK(spec.integer("e", 0, -10) == -7);
}

TEST_CASE("spec: malformed specs name the spec and the problem", "[estimators]") {
    const auto message = [](const std::string& text, const std::string& problem) {
        return "estimator spec '" + text + "': " + problem;
    };
    CHECK_THROWS_WITH(Spec(""), message("", "missing estimator name"));
    CHECK_THROWS_WITH(Spec(":edges=3"), message(":edges=3", "missing estimator name"));
    CHECK_THROWS_WITH(Spec("bin ning"),
                      message("bin ning", "invalid estimator name 'bin ning' (letters, digits, '_' and '-' only)"));
    CHECK_THROWS_WITH(Spec("binning:"), message("binning:", "no parameters after ':'"));
    const std::string empty = "empty parameter (two commas in a row, or a comma at the end)";
    CHECK_THROWS_WITH(Spec("binning:edges=3,,lo=1"), message("binning:edges=3,,lo=1", empty));
    CHECK_THROWS_WITH(Spec("binning:edges=3,"), message("binning:edges=3,", empty));
    CHECK_THROWS_WITH(Spec("binning:edges"), message("binning:edges", "parameter 'edges' is not key=value"));
    CHECK_THROWS_WITH(Spec("binning:=3"), message("binning:=3", "empty key in '=3'"));
    CHECK_THROWS_WITH(Spec("binning:edges="), message("binning:edges=", "empty value for key 'edges'"));
    CHECK_THROWS_WITH(Spec("binning:edges=3,lo=0,edges=4"),
                      message("binning:edges=3,lo=0,edges=4", "duplicate key 'edges'"));
    CHECK_THROWS_WITH(Spec("binning: edges=3"),
                      message("binning: edges=3", "invalid key ' edges' (letters, digits, '_' and '-' only)"));
    CHECK_THROWS_AS(Spec("binning:edges"), std::invalid_argument);
}

TEST_CASE("spec: bad integers", "[estimators]") {
    const auto problem = [](const std::string& value, long long min) {
        Spec spec("binning:edges=" + value);
        try {
            spec.integer("edges", 30, min);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    CHECK(problem("x", 2) == "estimator spec 'binning:edges=x': edges must be an integer, got 'x'");
    CHECK(problem("1e", 2) == "estimator spec 'binning:edges=1e': edges must be an integer, got '1e'");
    CHECK(problem("30.0", 2) == "estimator spec 'binning:edges=30.0': edges must be an integer, got '30.0'");
    CHECK(problem("3x", 2) == "estimator spec 'binning:edges=3x': edges must be an integer, got '3x'");
    CHECK(problem("99999999999999999999", 2) ==
          "estimator spec 'binning:edges=99999999999999999999': edges must be an integer, got "
          "'99999999999999999999'");
    CHECK(problem("1", 2) == "estimator spec 'binning:edges=1': edges must be >= 2, got '1'");
    CHECK(problem("-3", 0) == "estimator spec 'binning:edges=-3': edges must be >= 0, got '-3'");
    CHECK(problem("2", 2) == "no error");
}

TEST_CASE("spec: bad real numbers", "[estimators]") {
    const auto problem = [](const std::string& value, Sign sign) {
        Spec spec("binning:size=" + value);
        try {
            spec.real("size", 0.07, sign);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    const auto prefix = [](const std::string& value) { return "estimator spec 'binning:size=" + value + "': "; };
    CHECK(problem("abc", Sign::any) == prefix("abc") + "size must be a number, got 'abc'");
    CHECK(problem("1e", Sign::any) == prefix("1e") + "size must be a number, got '1e'");
    CHECK(problem("0x10", Sign::any) == prefix("0x10") + "size must be a number, got '0x10'");
    CHECK(problem("1e999", Sign::any) == prefix("1e999") + "size must be a number, got '1e999'");
    CHECK(problem("nan", Sign::any) == prefix("nan") + "size must be finite, got 'nan'");
    CHECK(problem("-inf", Sign::any) == prefix("-inf") + "size must be finite, got '-inf'");
    CHECK(problem("-0.1", Sign::positive) == prefix("-0.1") + "size must be positive, got '-0.1'");
    CHECK(problem("0", Sign::positive) == prefix("0") + "size must be positive, got '0'");
    CHECK(problem("-1", Sign::non_negative) == prefix("-1") + "size must be non-negative, got '-1'");
    CHECK(problem("-1", Sign::any) == "no error");
}

TEST_CASE("spec: bad choice", "[estimators]") {
    Spec spec("kde:bound=middle");
    CHECK_THROWS_WITH(spec.choice("bound", "upper", {"upper", "lower"}),
                      "estimator spec 'kde:bound=middle': bound must be one of upper, lower; got 'middle'");
}

TEST_CASE("spec: finish rejects keys the estimator never asked for", "[estimators]") {
    Spec spec("binning:edge=30,lo=-1");
    spec.find_integer("edges", 2);
    spec.find_real("lo");
    spec.find_real("hi");
    spec.find_real("size", Sign::positive);
    CHECK_THROWS_WITH(spec.finish(),
                      "estimator spec 'binning:edge=30,lo=-1': unknown key 'edge'; binning accepts edges, lo, hi, size");

    const Spec plain("decision:epochs=3");
    CHECK_THROWS_WITH(plain.finish(),
                      "estimator spec 'decision:epochs=3': unknown key 'epochs'; decision takes no parameters");
    CHECK_NOTHROW(Spec("decision").finish());
}

TEST_CASE("spec: fail names the whole spec", "[estimators]") {
    const Spec spec("binning:lo=1,hi=0");
    CHECK_THROWS_WITH(spec.fail("lo must be < hi"), "estimator spec 'binning:lo=1,hi=0': lo must be < hi");
}

TEST_CASE("spec: numbers are formatted in the shortest form that round-trips", "[estimators]") {
    using estimators::format_number;
    CHECK(format_number(30) == "30");
    CHECK(format_number(std::size_t(30)) == "30");
    CHECK(format_number(-1.0) == "-1");
    CHECK(format_number(1.0) == "1");
    CHECK(format_number(0.07) == "0.07");
    CHECK(format_number(1e-6) == "1e-06");
    CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");

    nn::Rng rng(11);
    for (int i = 0; i < 1000; ++i) {
        const double value = std::ldexp(rng.uniform(-1.0, 1.0), int(rng.uniform_int(80)) - 40);
        const std::string text = format_number(value);
        double back = 0.0;
        std::from_chars(text.data(), text.data() + text.size(), back);
        REQUIRE(back == value);
        // ... and the spec parser reads it back too.
        Spec spec("e:v=" + text);
        REQUIRE(spec.real("v", 0.0) == value);
    }
}

TEST_CASE("spec: format_spec", "[estimators]") {
    using estimators::format_spec;
    CHECK(format_spec("binning", {}) == "binning");
    CHECK(format_spec("binning", {{"size", "0.07"}}) == "binning:size=0.07");
    CHECK(format_spec("binning", {{"edges", "30"}, {"lo", "-1"}, {"hi", "1"}}) == "binning:edges=30,lo=-1,hi=1");
    const Spec spec("renyi:alpha=1.01,rule=tapia,gamma=0.8");
    CHECK(format_spec(spec.name(), spec.params()) == spec.text());
}

TEST_CASE("spec: then takes the rest of the text as an inner spec", "[estimators]") {
    Spec spec("compress:method=pca,dim=4,then=ksg:k=3,variant=2");
    const estimators::SpecParams expected = {{"method", "pca"}, {"dim", "4"}, {"then", "ksg:k=3,variant=2"}};
    CHECK(spec.params() == expected);
    CHECK(spec.find_text("then") == std::optional<std::string>("ksg:k=3,variant=2"));
    CHECK_FALSE(spec.find_text("what").has_value());
    CHECK(estimators::format_spec(spec.name(), spec.params()) == spec.text());

    // Nested: the outer `then` holds a compress spec with its own `then`.
    Spec outer("compress:dim=3,then=compress:dim=2,then=binning:edges=10");
    CHECK(outer.find_text("then") == std::optional<std::string>("compress:dim=2,then=binning:edges=10"));
    Spec inner(*outer.find_text("then"));
    CHECK(inner.find_text("then") == std::optional<std::string>("binning:edges=10"));
    CHECK(Spec("compress:then=kl").params() == estimators::SpecParams{{"then", "kl"}});
    // Only a key named exactly `then` swallows: 'thenx' is an ordinary key.
    CHECK(Spec("e:thenx=1,a=2").params() == estimators::SpecParams{{"thenx", "1"}, {"a", "2"}});
}

TEST_CASE("spec: then must be last and not empty", "[estimators]") {
    CHECK_THROWS_WITH(Spec("compress:then=binning,dim=4"),
                      "estimator spec 'compress:then=binning,dim=4': key 'then' must be the last: it takes the rest "
                      "of the text ('binning,dim=4') as an estimator spec");
    CHECK_THROWS_WITH(Spec("compress:dim=4,then="), "estimator spec 'compress:dim=4,then=': empty value for key 'then'");
    // then=... swallows a later then=, so a second one is part of the inner text, not a duplicate key.
    CHECK_THROWS_WITH(Spec("compress:then=kl,then=ksg"),
                      "estimator spec 'compress:then=kl,then=ksg': key 'then' must be the last: it takes the rest of "
                      "the text ('kl,then=ksg') as an estimator spec");
}
