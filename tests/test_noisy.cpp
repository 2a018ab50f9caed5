// tests/test_noisy.cpp — Goldfeld et al.'s noisy-layer estimator: two points (far apart: exactly one bit;
// close: the mixture entropy by quadrature), identical rows, the Gaussian channel's closed form, seeds,
// the sigma a noisy network imposes, and every error path.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "estimate_by_spec.hpp"
#include "estimators/noisy.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using estimators::Estimate;
using estimators::Observations;

namespace {

double noise_entropy_bits(std::size_t dims, double sigma) {  // h(Z) = (d/2) log2(2 pi e sigma^2)
    return double(dims) / 2.0 * std::log2(2.0 * std::numbers::pi * std::numbers::e * sigma * sigma);
}

// h(T) in bits of T = B delta + Z, B a fair coin, Z ~ N(0, sigma^2): -integral p log2 p by the trapezoid
// rule on [-12 sigma, delta + 12 sigma], 200,000 intervals.
double two_point_entropy_bits(double delta, double sigma) {
    const double lo = -12.0 * sigma, hi = delta + 12.0 * sigma;
    const std::size_t n = 200000;
    const double h = (hi - lo) / double(n);
    const auto phi = [&](double x) { return std::exp(-x * x / (2 * sigma * sigma)) / std::sqrt(2 * std::numbers::pi * sigma * sigma); };
    double sum = 0.0;
    for (std::size_t k = 0; k <= n; ++k) {
        const double t = lo + h * double(k);
        const double p = 0.5 * phi(t) + 0.5 * phi(t - delta);
        const double term = p > 0.0 ? -p * std::log2(p) : 0.0;
        sum += (k == 0 || k == n) ? term / 2.0 : term;
    }
    return sum * h;
}

}  // namespace

TEST_CASE("noisy: the resolved spec lists every parameter", "[estimators]") {
    CHECK(estimators::make_estimator("noisy")->spec() == "noisy:sigma=0.1,samples=4096,seed=0");
    CHECK(estimators::make_estimator("noisy:seed=7,samples=100,sigma=0.25")->spec() ==
          "noisy:sigma=0.25,samples=100,seed=7");
    CHECK(estimators::make_estimator("noisy")->diagnostic_names() ==
          std::vector<std::string>{"h_t_bits", "mc_stderr_bits"});
}

TEST_CASE("noisy: every spec error names the spec and the problem", "[estimators]") {
    CHECK_THAT(spec_error("noisy:var=0.1"), Contains("estimator spec 'noisy:var=0.1'") &&
                                                Contains("unknown key 'var'; noisy accepts sigma, samples, seed"));
    CHECK_THAT(spec_error("noisy:sigma=0"), Contains("sigma must be positive, got '0'"));
    CHECK_THAT(spec_error("noisy:sigma=-0.1"), Contains("sigma must be positive, got '-0.1'"));
    CHECK_THAT(spec_error("noisy:sigma=inf"), Contains("sigma must be finite"));
    CHECK_THAT(spec_error("noisy:samples=1"), Contains("samples must be >= 2, got '1'"));
    CHECK_THAT(spec_error("noisy:samples=1.5"), Contains("samples must be an integer, got '1.5'"));
    CHECK_THAT(spec_error("noisy:seed=-1"), Contains("seed must be >= 0, got '-1'"));
    CHECK_THROWS_WITH(estimators::NoisyEstimator({.sigma = std::nan("")}), Contains("positive, finite sigma"));
    CHECK_THROWS_WITH(estimators::NoisyEstimator({.samples = 1}), Contains("at least 2 samples, got 1"));
}

TEST_CASE("noisy: two far-apart points carry exactly one bit", "[estimators]") {
    const nn::Matrix t = nn::Matrix::from_values(2, 1, {0.3, 10.3});  // 100 sigma apart
    const std::vector<int> y = {0, 1};
    const Estimate e = estimate_by_spec("noisy:sigma=0.1,samples=2000", t, &y);
    CHECK_THAT(e.i_xt_bits, WithinAbs(1.0, 1e-12));
    CHECK_THAT(*e.i_ty_bits, WithinAbs(1.0, 1e-12));
    // h(T) = 1 bit + h(Z), the Monte Carlo part within 4 standard errors of ||z||^2 / 2 in bits.
    const double stderr_bits = std::sqrt(0.5 / 2000.0) / std::numbers::ln2;
    CHECK_THAT(e.diagnostics[0], WithinAbs(1.0 + noise_entropy_bits(1, 0.1), 4.0 * stderr_bits));
    CHECK_THAT(e.diagnostics[1], WithinAbs(0.0, 1e-12));
}

TEST_CASE("noisy: two points approach one bit as they separate, as the quadrature says", "[estimators]") {
    const double sigma = 0.1;
    double previous = 0.0;
    for (const double delta : {0.05, 0.1, 0.2, 0.4}) {
        const nn::Matrix t = nn::Matrix::from_values(2, 1, {0.0, delta});
        const Estimate e = estimate_by_spec("noisy:sigma=0.1,samples=20000,seed=3", t);
        const double truth = two_point_entropy_bits(delta, sigma) - noise_entropy_bits(1, sigma);
        CHECK_THAT(e.i_xt_bits, WithinAbs(truth, 4.0 * e.diagnostics[1]));
        CHECK(e.diagnostics[1] < 0.01);
        CHECK(e.i_xt_bits > previous);
        previous = e.i_xt_bits;
    }
    CHECK(previous > 0.9);
    CHECK(previous < 1.0);
}

TEST_CASE("noisy: identical rows carry no information", "[estimators]") {
    const nn::Matrix t(300, 3, 0.8123456789);  // more rows than one block of samples
    std::vector<int> y(300);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = int(i % 3);
    for (const char* spec : {"noisy:sigma=1e-3", "noisy:sigma=10,samples=500"}) {
        const Estimate e = estimate_by_spec(spec, t, &y);
        CHECK_THAT(e.i_xt_bits, WithinAbs(0.0, 1e-12));
        CHECK_THAT(*e.i_ty_bits, WithinAbs(0.0, 1e-12));
    }
}

TEST_CASE("noisy: a Gaussian layer matches the Gaussian channel's closed form", "[estimators]") {
    // f(X) = X ~ N(0, s^2), N = 2000 rows: T = X + Z is close to N(0, s^2 + sigma^2), so
    // I(X;T) = 1/2 log2(1 + s^2 / sigma^2) (Cover & Thomas eq. 9.16). Tolerance: 4 Monte Carlo standard
    // errors plus 0.02 bits for the 2000 mixture centres standing in for the Gaussian.
    nn::Rng rng(42);
    for (const double s : {0.5, 1.0, 2.0}) {
        nn::Matrix t(2000, 1);
        for (double& v : t.data) v = s * rng.normal();
        const Estimate e = estimate_by_spec("noisy:sigma=0.5,samples=8000,seed=1", t);
        const double truth = 0.5 * std::log2(1.0 + s * s / 0.25);
        CHECK_THAT(e.i_xt_bits, WithinAbs(truth, 4.0 * e.diagnostics[1] + 0.02));
        CHECK_THAT(e.diagnostics[0], WithinAbs(0.5 * std::log2(2 * std::numbers::pi * std::numbers::e * (s * s + 0.25)),
                                               4.0 * e.diagnostics[1] + 0.02));
    }
}

TEST_CASE("noisy: labels that name separated clusters give log2 k, independent labels 0", "[estimators]") {
    // k points 50 sigma apart, each shared by `size` rows: I(X;T) = log2 k exactly.
    const std::size_t k = 4, size = 30;
    nn::Matrix t(k * size, 2);
    std::vector<int> cluster(k * size), independent(k * size);
    for (std::size_t i = 0; i < k * size; ++i) {
        cluster[i] = int(i / size);
        independent[i] = int(i % 2);  // each point half in class 0, half in class 1
        t.at(i, 0) = 25.0 * double(cluster[i]);
        t.at(i, 1) = -0.5;
    }
    const Estimate named = estimate_by_spec("noisy:sigma=0.5,samples=1000", t, &cluster);
    CHECK_THAT(named.i_xt_bits, WithinAbs(2.0, 1e-12));
    CHECK_THAT(*named.i_ty_bits, WithinAbs(2.0, 1e-12));
    // p(t | y) = p(t) for both classes.
    CHECK_THAT(*estimate_by_spec("noisy:sigma=0.5,samples=1000", t, &independent).i_ty_bits, WithinAbs(0.0, 1e-12));
    // Spread the rows of each point (spread 1 against sigma 0.5): the labels that name the clusters
    // still carry 2 bits, X now more.
    nn::Rng rng(5);
    for (double& v : t.data) v += rng.normal();
    const Estimate spread = estimate_by_spec("noisy:sigma=0.5,samples=1000", t, &cluster);
    CHECK_THAT(*spread.i_ty_bits, WithinAbs(2.0, 1e-9));
    CHECK(spread.i_xt_bits > 2.5);
    CHECK(spread.i_xt_bits < std::log2(double(k * size)));
}

TEST_CASE("noisy: the seed fixes the estimate, a shift of T changes nothing", "[estimators]") {
    nn::Rng rng(8);
    nn::Matrix t(200, 3);
    for (double& v : t.data) v = std::tanh(rng.normal());
    std::vector<int> y(200);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = t.at(i, 0) > 0.0 ? 1 : 0;
    const Estimate a = estimate_by_spec("noisy:sigma=0.2,samples=1000,seed=11", t, &y);
    const Estimate b = estimate_by_spec("noisy:sigma=0.2,samples=1000,seed=11", t, &y);
    const Estimate c = estimate_by_spec("noisy:sigma=0.2,samples=1000,seed=12", t, &y);
    CHECK(a.i_xt_bits == b.i_xt_bits);
    CHECK(*a.i_ty_bits == *b.i_ty_bits);
    CHECK(a.diagnostics == b.diagnostics);
    CHECK(a.i_xt_bits != c.i_xt_bits);
    CHECK_THAT(a.i_xt_bits, WithinAbs(c.i_xt_bits, 4.0 * (a.diagnostics[1] + c.diagnostics[1])));
    // One instance called twice draws the same noise again (a fresh Rng per call).
    auto estimator = estimators::make_estimator("noisy:sigma=0.2,samples=1000,seed=11");
    const Observations observations{.t = &t, .y = &y};
    CHECK(estimator->estimate(observations).i_xt_bits == estimator->estimate(observations).i_xt_bits);

    nn::Matrix shifted = t;
    for (double& v : shifted.data) v += 1e3;
    const Estimate moved = estimate_by_spec("noisy:sigma=0.2,samples=1000,seed=11", shifted, &y);
    CHECK_THAT(moved.i_xt_bits, WithinAbs(a.i_xt_bits, 1e-9));
    CHECK_THAT(*moved.i_ty_bits, WithinAbs(*a.i_ty_bits, 1e-9));
}

TEST_CASE("noisy: a noisy network sets sigma, or refuses another", "[estimators]") {
    using estimators::noisy_spec_for_network;
    CHECK(noisy_spec_for_network("kde:var=0.1", 0.3) == "kde:var=0.1");
    CHECK(noisy_spec_for_network("noisy", 0.0) == "noisy");
    CHECK(noisy_spec_for_network("noisy:sigma=0.2", 0.0) == "noisy:sigma=0.2");
    CHECK(noisy_spec_for_network("noisy", 0.3) == "noisy:sigma=0.3");
    CHECK(noisy_spec_for_network("noisy:samples=100,seed=2", 0.3) == "noisy:sigma=0.3,samples=100,seed=2");
    CHECK(noisy_spec_for_network("noisy:seed=2,sigma=0.3", 0.3) == "noisy:seed=2,sigma=0.3");
    CHECK_THROWS_WITH(noisy_spec_for_network("noisy:sigma=0.2", 0.3),
                      Contains("estimator spec 'noisy:sigma=0.2'") &&
                          Contains("sigma = 0.2 differs from the network's noise_sigma = 0.3"));
    CHECK_THROWS_WITH(noisy_spec_for_network("noisy:sigma=x", 0.3), Contains("sigma must be a number"));
    CHECK_THROWS_WITH(noisy_spec_for_network("noisy", -1.0), Contains("noise_sigma must be finite and >= 0"));
}

TEST_CASE("noisy: malformed observations are rejected", "[estimators]") {
    auto noisy = estimators::make_estimator("noisy:samples=10");
    const auto message = [&](const Observations& observations) {
        try {
            noisy->estimate(observations);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message({}), Contains("noisy: no activations given"));
    const nn::Matrix no_rows(0, 3), no_cols(4, 0);
    CHECK_THAT(message({.t = &no_rows}), Contains("no rows"));
    CHECK_THAT(message({.t = &no_cols}), Contains("no columns"));
    nn::Matrix bad(3, 2, 0.1);
    bad.at(1, 0) = std::numeric_limits<double>::infinity();
    CHECK_THAT(message({.t = &bad}), Contains("activation at row 1, column 0 is inf"));
    const nn::Matrix t(3, 2, 0.1);
    const std::vector<int> two = {0, 1};
    CHECK_THAT(message({.t = &t, .y = &two}), Contains("noisy: 2 labels for 3 rows of T"));
    CHECK_THAT(message({.t = &t, .y_matrix = &t}), Contains("noisy: I(T;Y) needs class labels"));
    auto tiny = estimators::make_estimator("noisy:sigma=1e-170");
    CHECK_THROWS_WITH(tiny->estimate({.t = &t}), Contains("leaves the range of doubles"));
}
