// tests/test_plot_scale.cpp — the linear data-to-pixel scale and the nice tick values of the plot axes.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "apps/plot_scale.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;

namespace {

void check_ticks(const apps::NiceTicks& ticks, double lo, double hi, double step, const std::vector<double>& values,
                 int decimals) {
    CHECK_THAT(ticks.lo, WithinAbs(lo, 1e-12));
    CHECK_THAT(ticks.hi, WithinAbs(hi, 1e-12));
    CHECK_THAT(ticks.step, WithinAbs(step, 1e-15));
    CHECK(ticks.decimals == decimals);
    REQUIRE(ticks.values.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) CHECK_THAT(ticks.values[i], WithinAbs(values[i], 1e-12));
}

}  // namespace

TEST_CASE("LinearScale maps the domain onto the pixel range", "[apps]") {
    const apps::LinearScale x(0.0, 12.0, 80.0, 440.0);  // 30 px per bit
    CHECK(x(0.0) == 80.0);
    CHECK(x(12.0) == 440.0);
    CHECK(x(6.0) == 260.0);
    CHECK(x(-1.0) == 50.0);  // extrapolates
    const apps::LinearScale y(0.0, 1.0, 400.0, 100.0);  // SVG y grows downwards
    CHECK(y(0.0) == 400.0);
    CHECK(y(1.0) == 100.0);
    CHECK(y(0.25) == 325.0);
    CHECK(y.domain_lo() == 0.0);
    CHECK(y.domain_hi() == 1.0);
    CHECK_THROWS_AS(apps::LinearScale(1.0, 1.0, 0.0, 10.0), std::invalid_argument);
    CHECK_THROWS_AS(apps::LinearScale(2.0, 1.0, 0.0, 10.0), std::invalid_argument);
    CHECK_THROWS_AS(apps::LinearScale(0.0, INFINITY, 0.0, 10.0), std::invalid_argument);
}

TEST_CASE("nice_ticks on typical information-plane ranges", "[apps]") {
    // SZT I(X;T) up to log2(4096) = 12 bits: step 2 fits exactly (step 2.5 would waste half a step).
    check_ticks(apps::nice_ticks(0.0, 12.0), 0.0, 12.0, 2.0, {0, 2, 4, 6, 8, 10, 12}, 0);
    check_ticks(apps::nice_ticks(0.0, 11.3), 0.0, 12.0, 2.0, {0, 2, 4, 6, 8, 10, 12}, 0);
    // I(T;Y) up to 1 bit.
    check_ticks(apps::nice_ticks(0.0, 0.93), 0.0, 1.0, 0.2, {0, 0.2, 0.4, 0.6, 0.8, 1.0}, 1);
    // 0.0125 / 0.0025 = 5 intervals exactly; 0.002 would need 7 and 0.005 wastes 22%.
    check_ticks(apps::nice_ticks(0.0, 0.0123), 0.0, 0.0125, 0.0025, {0, 0.0025, 0.005, 0.0075, 0.01, 0.0125}, 4);
    // A slightly negative estimate (a lower bound) extends the axis below 0 by whole steps.
    check_ticks(apps::nice_ticks(-0.35, 2.2), -0.5, 2.5, 0.5, {-0.5, 0, 0.5, 1, 1.5, 2, 2.5}, 1);
    // Epochs.
    check_ticks(apps::nice_ticks(0.0, 7942.0, 4), 0.0, 8000.0, 2000.0, {0, 2000, 4000, 6000, 8000}, 0);
    check_ticks(apps::nice_ticks(0.0, 50.0), 0.0, 50.0, 10.0, {0, 10, 20, 30, 40, 50}, 0);
    // Rounding noise in the data does not add an interval.
    check_ticks(apps::nice_ticks(0.0, 0.1 + 0.2 + 0.3), 0.0, 0.6, 0.1, {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 1);
}

TEST_CASE("nice_ticks widens a single value", "[apps]") {
    check_ticks(apps::nice_ticks(0.0, 0.0), 0.0, 1.0, 0.2, {0, 0.2, 0.4, 0.6, 0.8, 1.0}, 1);
    const apps::NiceTicks ticks = apps::nice_ticks(5.0, 5.0);  // [4.5, 5.5]
    CHECK(ticks.lo <= 4.5);
    CHECK(ticks.hi >= 5.5);
    CHECK(ticks.values.size() >= 3);
}

TEST_CASE("nice_ticks always covers the data with 1, 2, 2.5 or 5 x 10^k steps", "[apps]") {
    nn::Rng rng(5);
    for (int trial = 0; trial < 2000; ++trial) {
        const double scale = std::pow(10.0, rng.uniform(-6.0, 6.0));
        const double lo = rng.uniform() < 0.5 ? 0.0 : -scale * rng.uniform();
        const double hi = scale * rng.uniform(0.01, 1.0);
        const apps::NiceTicks ticks = apps::nice_ticks(lo, hi);
        INFO("range [" << lo << ", " << hi << "], step " << ticks.step);
        REQUIRE(ticks.lo <= lo);
        REQUIRE(ticks.hi >= hi * (1.0 - 1e-9));
        REQUIRE(ticks.values.size() >= 3);
        REQUIRE(ticks.values.size() <= 10);
        const double exponent = std::floor(std::log10(ticks.step) + 1e-9);
        const double mantissa = ticks.step / std::pow(10.0, exponent);
        const bool nice = std::abs(mantissa - 1.0) < 1e-9 || std::abs(mantissa - 2.0) < 1e-9 ||
                          std::abs(mantissa - 2.5) < 1e-9 || std::abs(mantissa - 5.0) < 1e-9;
        REQUIRE(nice);
        for (std::size_t i = 1; i < ticks.values.size(); ++i)
            REQUIRE_THAT(ticks.values[i] - ticks.values[i - 1], WithinAbs(ticks.step, 1e-9 * ticks.step));
        if (lo == 0.0) REQUIRE(ticks.values.front() == 0.0);
    }
}

TEST_CASE("nice_ticks rejects bad ranges", "[apps]") {
    CHECK_THROWS_AS(apps::nice_ticks(1.0, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(apps::nice_ticks(0.0, NAN), std::invalid_argument);
    CHECK_THROWS_AS(apps::nice_ticks(0.0, INFINITY), std::invalid_argument);
    CHECK_THROWS_AS(apps::nice_ticks(0.0, 1.0, 0), std::invalid_argument);
}

TEST_CASE("format_tick prints fixed decimals and never -0", "[apps]") {
    CHECK(apps::format_tick(2.5, 1) == "2.5");
    CHECK(apps::format_tick(0.0, 1) == "0.0");
    CHECK(apps::format_tick(-0.0, 0) == "0");
    CHECK(apps::format_tick(-1e-17, 2) == "0.00");
    CHECK(apps::format_tick(-0.5, 1) == "-0.5");
    CHECK(apps::format_tick(0.1 + 0.2, 1) == "0.3");
    CHECK(apps::format_tick(8000.0, 0) == "8000");
    CHECK(apps::format_tick(0.0075, 4) == "0.0075");
}
