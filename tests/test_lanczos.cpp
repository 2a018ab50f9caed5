// tests/test_lanczos.cpp — stochastic Lanczos quadrature: exact cases (diagonal matrices, a deflation
// that spans everything, an early breakdown), its errors, and the renyi estimator's solver=lanczos path
// against the exact eigenvalues.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

#include "estimators/distances.hpp"
#include "estimators/estimator.hpp"
#include "estimators/lanczos.hpp"
#include "estimators/renyi.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using estimators::LanczosOptions;
using estimators::SpectralQuadrature;

namespace {

template <typename F>
double apply(const SpectralQuadrature& q, F f) {
    double sum = 0.0;
    for (std::size_t k = 0; k < q.nodes.size(); ++k) sum += q.weights[k] * f(q.nodes[k]);
    return sum;
}

double sum_of(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

// B B^T / d for B (n, d) standard normal: symmetric positive semi-definite.
nn::Matrix random_psd(std::size_t n, std::size_t d, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix b(n, d), a(n, n);
    for (double& v : b.data) v = rng.normal();
    nn::gemm(nn::Transpose::No, nn::Transpose::Yes, n, n, d, 1.0 / double(d), b.data.data(), d, b.data.data(), d, 0.0,
             a.data.data(), n);
    return a;
}

// N rows of uniform [0, 1) numbers in d dimensions, or (low_rank) the same N points of [0, 1)^4 mapped
// linearly into d dimensions.
nn::Matrix uniform_rows(std::size_t N, std::size_t d, bool low_rank, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix x(N, d);
    if (!low_rank) {
        for (double& v : x.data) v = rng.uniform();
        return x;
    }
    nn::Matrix z(N, 4), map(4, d);
    for (double& v : z.data) v = rng.uniform();
    for (double& v : map.data) v = rng.normal();
    nn::gemm(nn::Transpose::No, nn::Transpose::No, N, d, 4, 1.0, z.data.data(), 4, map.data.data(), d, 0.0,
             x.data.data(), d);
    return x;
}

}  // namespace

TEST_CASE("lanczos: a diagonal matrix's quadrature is exact for every f", "[estimators]") {
    // Rademacher probes have v_i^2 = 1, so v^T f(D) v = tr f(D) for a diagonal D, and 6 steps reach every
    // eigenvalue: tr D = 21, tr D^2 = 91, tr ln D = ln 720, with or without deflation.
    const std::vector<double> diagonal = {1, 2, 3, 4, 5, 6};
    const estimators::BlockProduct product = [&](const nn::Matrix& in, nn::Matrix& out) {
        for (std::size_t i = 0; i < in.rows; ++i)
            for (std::size_t c = 0; c < in.cols; ++c) out.at(i, c) = diagonal[i] * in.at(i, c);
    };
    const SpectralQuadrature q = estimators::lanczos_quadrature(6, product, {.probes = 3, .steps = 6, .deflate = 0});
    CHECK_THAT(sum_of(q.weights), WithinRel(6.0, 1e-12));
    CHECK_THAT(apply(q, [](double l) { return l; }), WithinRel(21.0, 1e-12));
    CHECK_THAT(apply(q, [](double l) { return l * l; }), WithinRel(91.0, 1e-12));
    CHECK_THAT(apply(q, [](double l) { return std::log(l); }), WithinRel(std::log(720.0), 1e-10));
}

TEST_CASE("lanczos: a deflation that spans the space makes tr f(A) exact", "[estimators]") {
    // deflate >= N: Q is a basis of R^N, the projected probes vanish, and each q_j^T f(A) q_j is exact
    // after N steps. Compared with sum f(lambda) over dsyevd's eigenvalues.
    const std::size_t N = 12;
    const nn::Matrix a = random_psd(N, 20, 1);
    nn::Matrix copy = a;
    std::vector<double> eigenvalues(N);
    nn::symmetric_eigenvalues(copy.data.data(), N, eigenvalues.data());
    double cubes = 0.0, roots = 0.0;
    for (double l : eigenvalues) {
        cubes += l * l * l;
        roots += std::sqrt(l);
    }
    const SpectralQuadrature q = estimators::lanczos_quadrature(a, {.probes = 4, .steps = N, .deflate = N});
    CHECK_THAT(apply(q, [](double l) { return l * l * l; }), WithinRel(cubes, 1e-10));
    CHECK_THAT(apply(q, [](double l) { return std::sqrt(std::max(l, 0.0)); }), WithinRel(roots, 1e-8));
}

TEST_CASE("lanczos: a recurrence that finds an invariant subspace stops", "[estimators]") {
    // A = 3 I: every Krylov space is one-dimensional, so each probe gives one node 3 of weight N / probes.
    const std::size_t N = 50;
    const estimators::BlockProduct product = [](const nn::Matrix& in, nn::Matrix& out) {
        for (std::size_t i = 0; i < in.data.size(); ++i) out.data[i] = 3.0 * in.data[i];
    };
    const SpectralQuadrature q = estimators::lanczos_quadrature(N, product, {.probes = 5, .steps = 40, .deflate = 0});
    REQUIRE(q.nodes.size() == 5);
    for (std::size_t k = 0; k < 5; ++k) {
        CHECK_THAT(q.nodes[k], WithinRel(3.0, 1e-14));
        CHECK_THAT(q.weights[k], WithinRel(10.0, 1e-14));
    }
}

TEST_CASE("lanczos: stochastic estimates are seeded, unbiased and close", "[estimators]") {
    // tr A^1.5 of a full-rank Wishart matrix (N = 300, d = 600). Measured over 20 seeds, one estimate's
    // relative error has rms 1.5 %: each must be within 6 %, and their mean (rms 0.35 %) within 1.5 %.
    const nn::Matrix a = random_psd(300, 600, 2);
    nn::Matrix copy = a;
    std::vector<double> eigenvalues(300);
    nn::symmetric_eigenvalues(copy.data.data(), 300, eigenvalues.data());
    double exact = 0.0;
    for (double l : eigenvalues) exact += std::pow(std::max(l, 0.0), 1.5);
    const auto power = [](double l) { return std::pow(std::max(l, 0.0), 1.5); };
    double mean = 0.0;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        const double estimate = apply(estimators::lanczos_quadrature(a, {.seed = seed}), power);
        CHECK_THAT(estimate, WithinRel(exact, 0.06));
        mean += estimate / 20.0;
    }
    CHECK_THAT(mean, WithinRel(exact, 0.015));
    const SpectralQuadrature q = estimators::lanczos_quadrature(a, {.seed = 5});
    CHECK(apply(estimators::lanczos_quadrature(a, {.seed = 5}), power) == apply(q, power));
    CHECK(apply(estimators::lanczos_quadrature(a, {.seed = 6}), power) != apply(q, power));
}

TEST_CASE("lanczos: bad arguments are refused", "[estimators]") {
    const nn::Matrix a = random_psd(4, 4, 3);
    CHECK_THROWS_WITH(estimators::lanczos_quadrature(a, {.probes = 0}), Contains("lanczos: needs probes >= 1, got 0"));
    CHECK_THROWS_WITH(estimators::lanczos_quadrature(a, {.steps = 0}), Contains("lanczos: needs steps >= 1, got 0"));
    CHECK_THROWS_WITH(estimators::lanczos_quadrature(nn::Matrix(3, 4), {}),
                      Contains("lanczos: the matrix must be square, got (3, 4)"));
    CHECK_THROWS_WITH(estimators::lanczos_quadrature(nn::Matrix(0, 0), {}), Contains("lanczos: the matrix has no rows"));
}

TEST_CASE("renyi: entropy from a quadrature", "[estimators]") {
    // Eigenvalues 1/2, 1/4, 1/4 (weights 1, tr A^2 = 3/8): H_1 = 1.5 bits, H_2 = -log2(3/8), H_0.5 =
    // 2 log2(1/sqrt2 + 1); nodes twice as large with trace 2 are the same spectrum; negatives are clipped.
    const SpectralQuadrature q{{0.5, 0.25, 0.25, -1e-12}, {1, 1, 1, 1}, {}};
    const SpectralQuadrature doubled{{1.0, 0.5, 0.5}, {1, 1, 1}, {}};
    CHECK_THAT(estimators::quadrature_entropy_bits(q, 1.0, 0.375, 1.0), WithinRel(1.5, 1e-14));
    CHECK_THAT(estimators::quadrature_entropy_bits(doubled, 2.0, 1.5, 1.0), WithinRel(1.5, 1e-14));
    CHECK_THAT(estimators::quadrature_entropy_bits(q, 1.0, 0.375, 2.0), WithinRel(-std::log2(0.375), 1e-14));
    CHECK_THAT(estimators::quadrature_entropy_bits(q, 1.0, 0.375, 0.5),
               WithinRel(2.0 * std::log2(std::sqrt(0.5) + 1.0), 1e-14));
    CHECK_THAT(estimators::quadrature_entropy_bits(q, 1.0, 0.375, 1.01),
               WithinRel(estimators::renyi_entropy_from_eigenvalues({0.5, 0.25, 0.25}, 1.01), 1e-12));
    // For alpha = 2, 1 - E estimates sum lambda^2; a quadrature that makes it negative is an error.
    CHECK_THROWS_WITH(estimators::quadrature_entropy_bits({{0.5}, {10.0}, {}}, 1.0, 0.0, 2.0),
                      Contains("renyi: the Lanczos estimate of sum lambda^alpha is -1.5"));
    CHECK_THROWS_WITH(estimators::quadrature_entropy_bits(q, 0.0, 0.375, 2.0), Contains("trace is 0"));
    CHECK_THROWS_WITH(estimators::quadrature_entropy_bits({{0.5}, {1.0}, {0, 1}}, 1.0, 0.25, 2.0),
                      Contains("renyi: 1 quadrature nodes for 1 weights and 2 probe indices"));
}

TEST_CASE("renyi: the control variates make H_2 exact", "[estimators]") {
    // At alpha = 2, g(l) = l - l^2: each probe's share of E is exactly its control u_p - v_p, so the
    // regression fits b = (1, -1) and E = tr A - tr A^2 whatever the probes' nodes: H_2 = -log2 tr A^2.
    // A fixed node (1/2, weight 1) counts as it is. Three probes are too few to fit: the plain sum.
    const SpectralQuadrature q{{0.5, 0.1, 0.2, 0.05, 0.3, 0.02},
                               {1.0, 2.0, 1.0, 3.0, 0.5, 4.0},
                               {SpectralQuadrature::fixed, 0, 1, 2, 3, 3}};
    CHECK_THAT(estimators::quadrature_entropy_bits(q, 1.0, 0.3, 2.0), WithinRel(-std::log2(0.3), 1e-12));
    const SpectralQuadrature doubled{{1.0, 0.2, 0.4, 0.1, 0.6, 0.04}, q.weights, q.probe};
    CHECK_THAT(estimators::quadrature_entropy_bits(doubled, 2.0, 1.2, 2.0), WithinRel(-std::log2(0.3), 1e-12));
    const SpectralQuadrature three{{0.5, 0.1, 0.2, 0.05}, {1.0, 2.0, 1.0, 3.0}, {SpectralQuadrature::fixed, 0, 1, 2}};
    // plain: E = 0.25 + 2 (0.09) + 0.16 + 3 (0.0475) = 0.7325
    CHECK_THAT(estimators::quadrature_entropy_bits(three, 1.0, 0.3, 2.0), WithinRel(-std::log2(1.0 - 0.7325), 1e-12));
}

TEST_CASE("renyi: solver=lanczos agrees with the exact eigenvalues", "[estimators]") {
    // est-renyi-N's rows (uniform in d = 784, sigma = sqrt(d) N^(-1/(4+d))) and a low-rank case (4
    // dimensions mapped into 784, sigma twice as large), N = 512. The tolerances are several times the
    // standard deviations measured over seeds (docs/estimators.md, section renyi, for N = 2048).
    const std::size_t N = 512, d = 784;
    for (const bool low_rank : {false, true}) {
        const nn::Matrix x = uniform_rows(N, d, low_rank, 7);
        const double sigma = (low_rank ? 2.0 : 1.0) * std::sqrt(double(d)) * std::pow(double(N), -1.0 / (4.0 + d));
        nn::Matrix a = estimators::pairwise_squared_distances(x);
        estimators::normalized_gram_in_place(a, sigma, estimators::Rbf::rbf2);
        const double approximate = estimators::lanczos_entropy_bits(a, 1.01, {});
        const double exact = estimators::matrix_entropy_bits(a, 1.01);
        INFO("low rank " << low_rank << ": exact " << exact << ", lanczos " << approximate);
        CHECK_THAT(approximate, WithinRel(exact, 0.02));
    }
}

TEST_CASE("renyi: solver=lanczos estimates both informations close to solver=exact", "[estimators]") {
    // T = tanh(X W) in 10 dimensions with labels argmax T: H(T), H(X) and the Hadamard joint H(X,T) by
    // Lanczos; H(T,Y)'s per-class blocks (about 50 rows) take their eigenvalues.
    const std::size_t N = 512, d = 784, h = 10;
    const nn::Matrix x = uniform_rows(N, d, false, 8);
    nn::Rng rng(9);
    nn::Matrix w(d, h), t(N, h);
    for (double& v : w.data) v = 3.0 * rng.normal() / std::sqrt(double(d));
    nn::gemm(nn::Transpose::No, nn::Transpose::No, N, h, d, 1.0, x.data.data(), d, w.data.data(), h, 0.0,
             t.data.data(), h);
    for (double& v : t.data) v = std::tanh(v);
    std::vector<int> y(N);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = 1; k < h; ++k)
            if (t.at(i, k) > t.at(i, std::size_t(y[i]))) y[i] = int(k);
    const estimators::Observations observations{.t = &t, .x = &x, .y = &y};
    const estimators::Estimate exact = estimators::make_estimator("renyi:solver=exact")->estimate(observations);
    const estimators::Estimate approximate = estimators::make_estimator("renyi:solver=lanczos")->estimate(observations);
    INFO("exact I(X;T) " << exact.i_xt_bits << ", I(T;Y) " << *exact.i_ty_bits << "; lanczos " << approximate.i_xt_bits
                         << ", " << *approximate.i_ty_bits);
    CHECK_THAT(approximate.diagnostics[2], WithinRel(exact.diagnostics[2], 0.02));  // H(T)
    CHECK_THAT(approximate.i_xt_bits, WithinAbs(exact.i_xt_bits, 0.05));
    CHECK_THAT(*approximate.i_ty_bits, WithinAbs(*exact.i_ty_bits, 0.05));
    // solver=auto takes the eigenvalues at this N: the exact result to the last bit.
    const estimators::Estimate automatic = estimators::make_estimator("renyi")->estimate(observations);
    CHECK(automatic.i_xt_bits == exact.i_xt_bits);
    CHECK(*automatic.i_ty_bits == *exact.i_ty_bits);
}
