// tests/test_init.cpp — the weight initialisation schemes: sample moments of a 200 x 500 tensor against
// each distribution's, the truncation and Glorot bounds, reproducibility, names and errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/init.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr std::size_t fan_in = 200, fan_out = 500;

struct Moments {
    double mean = 0.0;
    double std = 0.0;
    double max_abs = 0.0;
    double fraction_beyond = 0.0;  // of |w| > the threshold given
};

Moments moments(const nn::Tensor& w, double threshold) {
    Moments m;
    const double n = double(w.size());
    for (float v : w.values()) m.mean += v / n;
    for (float v : w.values()) {
        m.std += (v - m.mean) * (v - m.mean) / n;
        m.max_abs = std::max(m.max_abs, double(std::abs(v)));
        if (std::abs(v) > threshold) m.fraction_beyond += 1.0 / n;
    }
    m.std = std::sqrt(m.std);
    return m;
}

nn::Tensor draw(nn::Init init, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Tensor w({fan_in, fan_out});
    nn::initialize(w, init, fan_in, fan_out, rng);
    return w;
}

// For n = 100000 draws: the sample mean is within 5 standard errors (5 sigma / sqrt(n)) of 0, and the
// sample std within 1% of sigma (its standard error is sigma sqrt((kurtosis - 1) / 4n) <= 0.22% sigma).
void require_moments(const Moments& m, double sigma) {
    const double n = double(fan_in * fan_out);
    REQUIRE_THAT(m.mean, WithinAbs(0.0, 5.0 * sigma / std::sqrt(n)));
    REQUIRE_THAT(m.std, WithinRel(sigma, 0.01));
}

}  // namespace

TEST_CASE("truncated_normal: N(0, 1/fan_in) cut at 2 std", "[nn][module]") {
    const double sigma = 1.0 / std::sqrt(double(fan_in));
    const double limit = 2.0 * sigma;
    const Moments m = moments(draw(nn::Init::TruncatedNormal, 41), limit);
    // Cut at +-2, N(0, 1) keeps variance 1 - 2 * 2 phi(2) / (2 Phi(2) - 1) = 0.77374
    require_moments(m, sigma * std::sqrt(0.7737413));
    REQUIRE(m.max_abs <= double(float(limit)));
    REQUIRE(m.max_abs > 0.99 * limit);  // the tails up to the cut are there
}

TEST_CASE("glorot_uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out))", "[nn][module]") {
    const double a = std::sqrt(6.0 / double(fan_in + fan_out));
    const Moments m = moments(draw(nn::Init::GlorotUniform, 42), a);
    require_moments(m, a / std::sqrt(3.0));
    REQUIRE(m.max_abs <= double(float(a)));
    REQUIRE(m.max_abs > 0.999 * a);
}

TEST_CASE("he_normal: N(0, 2/fan_in), not truncated", "[nn][module]") {
    const double sigma = std::sqrt(2.0 / double(fan_in));
    const Moments m = moments(draw(nn::Init::HeNormal, 43), 2.0 * sigma);
    require_moments(m, sigma);
    // P(|z| > 2) = 4.55%; its standard error over 1e5 draws is 0.066%
    REQUIRE_THAT(m.fraction_beyond, WithinAbs(0.0455, 0.004));
}

TEST_CASE("initialisation is reproducible from the seed", "[nn][module]") {
    for (nn::Init init : {nn::Init::TruncatedNormal, nn::Init::GlorotUniform, nn::Init::HeNormal}) {
        INFO(nn::to_string(init));
        REQUIRE(draw(init, 7).values() == draw(init, 7).values());
        REQUIRE_FALSE(draw(init, 7).values() == draw(init, 8).values());
    }
}

TEST_CASE("init names round-trip, unknown names and empty fans throw", "[nn][module]") {
    for (const std::string name : {"truncated_normal", "glorot_uniform", "he_normal"})
        REQUIRE(nn::to_string(nn::parse_init(name)) == name);
    REQUIRE_THROWS_AS(nn::parse_init("xavier"), std::invalid_argument);
    REQUIRE_THROWS_WITH(nn::parse_init("xavier"), Catch::Matchers::Contains("xavier"));

    nn::Rng rng(44);
    nn::Tensor w({2, 2});
    REQUIRE_THROWS_AS(nn::initialize(w, nn::Init::HeNormal, 0, 2, rng), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::initialize(w, nn::Init::GlorotUniform, 2, 0, rng), std::invalid_argument);
}
