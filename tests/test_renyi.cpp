// tests/test_renyi.cpp — the matrix-based Rényi estimator: closed forms (identical rows, rows far apart,
// the alpha -> 1 limit, a 3 x 3 spectrum by hand), Tapia's MatrixEstimator values from numpy, invariances,
// the label kernels against the definition, the alignment state, and every error path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "estimators/renyi.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using estimators::Estimate;
using estimators::Observations;

namespace {

nn::Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix m(rows, cols);
    for (double& v : m.data) v = rng.normal();
    return m;
}

// The five points of tests/test_kernel_width.cpp, a second variable T and labels: the numpy references
// below are MatrixEstimator's formulas applied to them (population variance, epsilon 1e-8, gamma 2).
const nn::Matrix five_x = nn::Matrix::from_values(5, 2, {0, 0, 1, 0, 0, 2, 3, 1, 1.5, 1.25});
const nn::Matrix five_t =
    nn::Matrix::from_values(5, 3, {0.1, -0.2, 0.3, 0.5, 0.4, -0.1, -0.3, 0.2, 0.8, 0.9, -0.7, 0.2, 0.0, 0.6, -0.5});
const std::vector<int> five_y = {0, 0, 1, 1, 0};

Estimate run(const std::string& spec, const nn::Matrix& t, const nn::Matrix* x = nullptr,
             const std::vector<int>* y = nullptr) {
    Observations observations;
    observations.t = &t;
    observations.x = x;
    observations.y = y;
    return estimators::make_estimator(spec)->estimate(observations);
}

// K / N straight from the definition, K = exp(-|vi - vj|^2 / (2 sigma^2)).
nn::Matrix gram_by_definition(const nn::Matrix& v, double sigma) {
    const std::size_t n = v.rows;
    nn::Matrix a(n, n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            double d2 = 0.0;
            for (std::size_t k = 0; k < v.cols; ++k) d2 += (v.at(i, k) - v.at(j, k)) * (v.at(i, k) - v.at(j, k));
            a.at(i, j) = std::exp(-d2 / (2 * sigma * sigma)) / double(n);
        }
    return a;
}

nn::Matrix hadamard(const nn::Matrix& a, const nn::Matrix& b) {
    nn::Matrix c = a;
    for (std::size_t i = 0; i < c.data.size(); ++i) c.data[i] *= b.data[i];
    return c;
}

double entropy_of(nn::Matrix a, double alpha) { return estimators::matrix_entropy_bits(a, alpha); }

nn::Matrix permuted_rows(const nn::Matrix& m, const std::vector<std::size_t>& order) {
    nn::Matrix p(m.rows, m.cols);
    for (std::size_t i = 0; i < m.rows; ++i) std::copy_n(m.row(order[i]), m.cols, p.row(i));
    return p;
}

}  // namespace

TEST_CASE("renyi: entropy of eigenvalues, renormalised, Shannon at alpha 1, no underflow at large alpha",
          "[estimators]") {
    for (double alpha : {0.5, 1.0, 1.01, 2.0, 50.0}) {
        CHECK_THAT(estimators::renyi_entropy_from_eigenvalues({0.5, 0.5, -1e-17}, alpha), WithinAbs(1.0, 1e-14));
        CHECK_THAT(estimators::renyi_entropy_from_eigenvalues({2.0, 2.0}, alpha), WithinAbs(1.0, 1e-14));
    }
    // p = (1/2, 1/4, 1/4): Shannon 1.5 bits, collision entropy -log2(1/4 + 1/16 + 1/16) = -log2(0.375).
    CHECK_THAT(estimators::renyi_entropy_from_eigenvalues({0.5, 0.25, 0.25}, 1.0), WithinAbs(1.5, 1e-14));
    CHECK_THAT(estimators::renyi_entropy_from_eigenvalues({0.5, 0.25, 0.25}, 2.0), WithinAbs(-std::log2(0.375), 1e-14));
    // alpha = 1e4: 0.5^alpha underflows to 0 in double, yet H = (alpha log2(1/2) + log2(1 + 2 * 2^-alpha)) /
    // (1 - alpha) = alpha / (alpha - 1).
    CHECK_THAT(estimators::renyi_entropy_from_eigenvalues({0.5, 0.25, 0.25}, 1e4), WithinRel(1e4 / (1e4 - 1), 1e-13));
    CHECK_THROWS_WITH(estimators::renyi_entropy_from_eigenvalues({0.0, -1e-18}, 1.01),
                      "renyi: the Gram matrix has no positive eigenvalue");
    CHECK_THROWS_WITH(estimators::renyi_entropy_from_eigenvalues({1.0}, 0.0), "renyi: needs alpha > 0, got 0");
}

TEST_CASE("renyi: identical rows give A = J/N, one eigenvalue 1, H = 0 for any alpha", "[estimators]") {
    const nn::Matrix same(6, 3, 0.42);
    for (double alpha : {0.5, 1.0, 1.01, 2.0, 10.0}) {
        CHECK_THAT(estimators::renyi_entropy_bits(same, 0.3, alpha), WithinAbs(0.0, 1e-12));
        CHECK_THAT(run("renyi:alpha=" + std::to_string(alpha) + ",rule=tapia", same).i_xt_bits, WithinAbs(0.0, 1e-12));
    }
}

TEST_CASE("renyi: rows far apart give A = I/N and H = log2 N for any alpha", "[estimators]") {
    nn::Matrix apart(8, 2);
    for (std::size_t i = 0; i < 8; ++i) apart.at(i, i % 2) = double(i);  // every distance >= 1
    for (double alpha : {0.5, 1.0, 1.01, 2.0, 10.0}) {
        CHECK_THAT(estimators::renyi_entropy_bits(apart, 1e-3, alpha), WithinAbs(3.0, 1e-12));
        CHECK_THAT(estimators::renyi_entropy_bits(apart, 1e-3, alpha, estimators::Rbf::rbf1), WithinAbs(3.0, 1e-12));
    }
}

TEST_CASE("renyi: alpha -> 1 agrees with the Shannon formula", "[estimators]") {
    const nn::Matrix t = random_matrix(30, 4, 11);
    const double shannon = estimators::renyi_entropy_bits(t, 1.5, 1.0);
    CHECK_THAT(estimators::renyi_entropy_bits(t, 1.5, 1.000001), WithinAbs(shannon, 1e-5));
    CHECK_THAT(estimators::renyi_entropy_bits(t, 1.5, 0.999999), WithinAbs(shannon, 1e-5));
    // and H_alpha decreases with alpha (a property of Rényi entropies), so alpha = 1.01 sits just below.
    CHECK(estimators::renyi_entropy_bits(t, 1.5, 1.01) < shannon);
    CHECK(estimators::renyi_entropy_bits(t, 1.5, 1.01) > shannon - 0.05);
}

TEST_CASE("renyi: three points by hand, eigenvalues of the 3 x 3 from the closed form", "[estimators]") {
    // Points 0, 1, 3 on a line, sigma = 1: K = [[1, a, b], [a, 1, c], [b, c, 1]], a = e^-1/2, b = e^-9/2,
    // c = e^-2, and A = K / 3. Eigenvalues of a symmetric 3 x 3 by the trigonometric formula.
    const double a = std::exp(-0.5), b = std::exp(-4.5), c = std::exp(-2.0);
    const double m[3][3] = {{1, a, b}, {a, 1, c}, {b, c, 1}};
    const double q = 1.0;  // trace / 3
    const double p = std::sqrt(((m[0][0] - q) * (m[0][0] - q) * 3 + 2 * (a * a + b * b + c * c)) / 6);
    const double bm[3][3] = {{0, a / p, b / p}, {a / p, 0, c / p}, {b / p, c / p, 0}};  // (K - qI) / p
    const double det = bm[0][0] * (bm[1][1] * bm[2][2] - bm[1][2] * bm[2][1]) -
                       bm[0][1] * (bm[1][0] * bm[2][2] - bm[1][2] * bm[2][0]) +
                       bm[0][2] * (bm[1][0] * bm[2][1] - bm[1][1] * bm[2][0]);
    const double phi = std::acos(std::clamp(det / 2, -1.0, 1.0)) / 3;
    const double pi = std::acos(-1.0);
    const double k1 = q + 2 * p * std::cos(phi), k3 = q + 2 * p * std::cos(phi + 2 * pi / 3), k2 = 3 * q - k1 - k3;
    const double l[3] = {k1 / 3, k2 / 3, k3 / 3};
    REQUIRE_THAT(l[0] + l[1] + l[2], WithinAbs(1.0, 1e-14));

    const nn::Matrix x = nn::Matrix::from_values(3, 1, {0, 1, 3});
    for (double alpha : {1.01, 2.0, 0.5}) {
        const double h = std::log2(std::pow(l[0], alpha) + std::pow(l[1], alpha) + std::pow(l[2], alpha)) / (1 - alpha);
        CHECK_THAT(estimators::renyi_entropy_bits(x, 1.0, alpha), WithinAbs(h, 1e-12));
        CHECK_THAT(run("renyi:rule=fixed,sigma=1,alpha=" + std::to_string(alpha), x).i_xt_bits, WithinAbs(h, 1e-12));
    }
    const double shannon = -(l[0] * std::log2(l[0]) + l[1] * std::log2(l[1]) + l[2] * std::log2(l[2]));
    CHECK_THAT(estimators::renyi_entropy_bits(x, 1.0, 1.0), WithinAbs(shannon, 1e-12));
    // rbf1 with sigma = sqrt(2) is the same kernel as rbf2 with sigma = 1.
    CHECK_THAT(estimators::renyi_entropy_bits(x, std::sqrt(2.0), 1.0, estimators::Rbf::rbf1),
               WithinAbs(shannon, 1e-12));
}

TEST_CASE("renyi: Tapia's MatrixEstimator values from numpy", "[estimators]") {
    // numpy 1.24: sigma = 2 N^(-1/(4+d)) sqrt(d) from the shape, rows standardised by (v - mean) /
    // sqrt(var + 1e-8) (population variance), A = exp(-D^2 / (2 sigma^2)) / N, eigvalsh clipped at 0 and
    // renormalised; H(X,T) of N A_X o A_T; I(T;Y) with Ky = (y_i == y_j) and A_T o Ky / trace.
    struct Case {
        double alpha, h_t, i_xt, i_ty;
    };
    const Case cases[] = {{1.01, 1.2917704654168234, 0.7158215590148793, 0.4939919984725447},
                          {2.0, 0.8868033509253975, 0.27120499598448955, 0.33643904833243377},
                          {1.0, 1.2982467629136314, 0.7240352378063544, 0.4968710509113312}};
    for (const Case& c : cases) {
        const Estimate e = run("renyi:rule=tapia,gamma=2,alpha=" + std::to_string(c.alpha), five_t, &five_x, &five_y);
        CHECK_THAT(e.diagnostics[2], WithinAbs(c.h_t, 1e-12));
        CHECK_THAT(e.i_xt_bits, WithinAbs(c.i_xt, 1e-12));
        REQUIRE(e.i_ty_bits);
        CHECK_THAT(*e.i_ty_bits, WithinAbs(c.i_ty, 1e-12));
    }
    // H(X) alone under the three standardisations (numpy, alpha 1.01): dims, global (x_is_image), none.
    CHECK_THAT(run("renyi:rule=tapia", five_x).i_xt_bits, WithinAbs(1.2905060163662756, 1e-12));
    CHECK_THAT(run("renyi:rule=tapia,standardize=global", five_x).i_xt_bits, WithinAbs(1.2730217354606164, 1e-12));
    CHECK_THAT(run("renyi:rule=tapia,standardize=none", five_x).i_xt_bits, WithinAbs(1.2276796488263917, 1e-12));
    // standardize_x applies to X only: with X standardised globally, I(X;T) changes and H(T) does not.
    const Estimate both = run("renyi:rule=tapia", five_t, &five_x);
    const Estimate image = run("renyi:rule=tapia,standardize_x=global", five_t, &five_x);
    CHECK(image.diagnostics[2] == both.diagnostics[2]);
    CHECK(std::abs(image.i_xt_bits - both.i_xt_bits) > 1e-3);
}

TEST_CASE("renyi: I(T, T) = H(T) when the kernel is 0 or 1, and I(T, T) <= H(T) otherwise", "[estimators]") {
    // Three clusters of identical rows (sizes 2, 3, 3) far apart: K is 0 between and 1 within clusters, so
    // K o K = K and H(T,T) = H(T); the spectrum is the cluster proportions.
    const nn::Matrix clusters = nn::Matrix::from_values(8, 2, {0, 0, 0, 0, 10, 0, 10, 0, 10, 0, 0, 10, 0, 10, 0, 10});
    for (double alpha : {1.01, 2.0}) {
        const double h = std::log2(std::pow(0.25, alpha) + 2 * std::pow(0.375, alpha)) / (1 - alpha);
        const Estimate e = run("renyi:rule=fixed,sigma=0.01,alpha=" + std::to_string(alpha), clusters, &clusters);
        CHECK_THAT(e.diagnostics[2], WithinAbs(h, 1e-12));
        CHECK_THAT(e.i_xt_bits, WithinAbs(h, 1e-12));
    }
    // A smooth kernel: H(A o A / tr) >= H(A) (Sánchez Giraldo et al.), so I(T;T) <= H(T), and > 0.
    const nn::Matrix t = random_matrix(25, 3, 5);
    const Estimate e = run("renyi", t, &t);
    CHECK(e.i_xt_bits < e.diagnostics[2]);
    CHECK(e.i_xt_bits > 0.1);
}

TEST_CASE("renyi: I(X, T) is symmetric in X and T", "[estimators]") {
    const nn::Matrix x = random_matrix(20, 3, 1), t = random_matrix(20, 2, 2);
    for (const char* spec :
         {"renyi", "renyi:rule=scott", "renyi:rule=knn,k=3", "renyi:rule=graph", "renyi:rule=silverman"})
        CHECK_THAT(run(spec, t, &x).i_xt_bits, WithinAbs(run(spec, x, &t).i_xt_bits, 1e-12));
}

TEST_CASE("renyi: a permutation of the rows leaves every value unchanged", "[estimators]") {
    const nn::Matrix x = random_matrix(24, 3, 3), t = random_matrix(24, 4, 4);
    std::vector<int> y(24);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = int(i % 3);
    nn::Rng rng(9);
    const std::vector<std::size_t> order = rng.permutation(24);
    const nn::Matrix px = permuted_rows(x, order), pt = permuted_rows(t, order);
    std::vector<int> py(24);
    for (std::size_t i = 0; i < 24; ++i) py[i] = y[order[i]];
    for (const char* spec : {"renyi", "renyi:rule=tapia,standardize=global", "renyi:rule=scott,alpha=2",
                             "renyi:rule=silverman", "renyi:rule=knn,k=4", "renyi:rule=graph,quantile=0.2",
                             "renyi:rule=fixed,sigma=1.3,alpha=1", "renyi:rule=alignment,candidates=20",
                             "renyi:label_kernel=rbf,sigma_y=0.8,kernel=rbf1"}) {
        const Estimate a = run(spec, t, &x, &y), b = run(spec, pt, &px, &py);
        CAPTURE(spec);
        CHECK_THAT(b.i_xt_bits, WithinAbs(a.i_xt_bits, 1e-11));
        CHECK_THAT(*b.i_ty_bits, WithinAbs(*a.i_ty_bits, 1e-11));
        for (std::size_t d = 0; d < 3; ++d) CHECK_THAT(b.diagnostics[d], WithinRel(a.diagnostics[d], 1e-11));
    }
}

TEST_CASE("renyi: scaling T and sigma together leaves H unchanged, and Tapia's rule is scale-free", "[estimators]") {
    const nn::Matrix t = random_matrix(15, 3, 6);
    nn::Matrix scaled = t;
    for (double& v : scaled.data) v *= 7.5;
    CHECK_THAT(estimators::renyi_entropy_bits(scaled, 7.5 * 0.9, 1.01),
               WithinAbs(estimators::renyi_entropy_bits(t, 0.9, 1.01), 1e-11));
    CHECK_THAT(run("renyi:rule=fixed,sigma=6.75", scaled).i_xt_bits,
               WithinAbs(run("renyi:rule=fixed,sigma=0.9", t).i_xt_bits, 1e-11));
    // Standardisation removes the scale (up to the 1e-8 under the square root), and the width depends
    // only on N and d.
    CHECK_THAT(run("renyi:rule=tapia", scaled).i_xt_bits, WithinAbs(run("renyi:rule=tapia", t).i_xt_bits, 1e-7));
    // The data-driven rules scale sigma with the data.
    for (const char* spec : {"renyi:rule=knn,k=3", "renyi:rule=graph", "renyi:rule=silverman"})
        CHECK_THAT(run(spec, scaled).i_xt_bits, WithinAbs(run(spec, t).i_xt_bits, 1e-10));
}

TEST_CASE("renyi: I(T, Y) with the delta and RBF label kernels equals the definition", "[estimators]") {
    // The estimator uses a C x C matrix for H(Y) and per-class blocks for H(T,Y) (delta); here the full
    // N x N matrices of the definition.
    const nn::Matrix t = random_matrix(7, 2, 8);
    const std::vector<int> y = {0, 1, 2, 0, 1, 0, 2};
    const double sigma = 0.8;
    const nn::Matrix a_t = gram_by_definition(t, sigma);
    for (double sigma_y : {0.0, 0.7}) {  // 0: the delta kernel
        const double off = sigma_y == 0.0 ? 0.0 : std::exp(-2.0 / (2 * sigma_y * sigma_y));
        nn::Matrix a_y(7, 7);
        for (std::size_t i = 0; i < 7; ++i)
            for (std::size_t j = 0; j < 7; ++j) a_y.at(i, j) = (y[i] == y[j] ? 1.0 : off) / 7.0;
        for (double alpha : {1.01, 1.0, 3.0}) {
            const double expected =
                entropy_of(a_t, alpha) + entropy_of(a_y, alpha) - entropy_of(hadamard(a_t, a_y), alpha);
            const std::string spec = "renyi:rule=fixed,sigma=0.8,alpha=" + std::to_string(alpha) +
                                     (sigma_y == 0.0 ? "" : ",label_kernel=rbf,sigma_y=0.7");
            CAPTURE(spec);
            CHECK_THAT(*run(spec, t, nullptr, &y).i_ty_bits, WithinAbs(expected, 1e-12));
        }
    }
    // T = the labels themselves, classes far apart: I(T;Y) = H(Y) = H of the class proportions (3/7, 2/7, 2/7).
    const nn::Matrix labels_as_t = nn::Matrix::from_values(7, 1, {0, 10, 20, 0, 10, 0, 20});
    const double h_y = -(3.0 / 7 * std::log2(3.0 / 7) + 2 * (2.0 / 7 * std::log2(2.0 / 7)));
    CHECK_THAT(*run("renyi:rule=fixed,sigma=0.1,alpha=1", labels_as_t, nullptr, &y).i_ty_bits, WithinAbs(h_y, 1e-12));
}

TEST_CASE("renyi: I(X, T) equals the definition, and H(X) follows a change of X", "[estimators]") {
    const nn::Matrix x = random_matrix(9, 3, 12), t = random_matrix(9, 2, 13);
    const nn::Matrix a_x = gram_by_definition(x, 1.1), a_t = gram_by_definition(t, 1.1);
    const double expected = entropy_of(a_x, 1.01) + entropy_of(a_t, 1.01) - entropy_of(hadamard(a_x, a_t), 1.01);
    auto estimator = estimators::make_estimator("renyi:rule=fixed,sigma=1.1");
    Observations observations{.t = &t, .x = &x};
    CHECK_THAT(estimator->estimate(observations).i_xt_bits, WithinAbs(expected, 1e-12));
    CHECK_THAT(estimator->estimate(observations).i_xt_bits, WithinAbs(expected, 1e-12));  // H(X) kept

    // A different X in the same estimator gives what a fresh estimator gives (H(X) is not stale).
    nn::Matrix other = x;
    other.at(4, 1) += 0.5;
    observations.x = &other;
    const double changed = estimator->estimate(observations).i_xt_bits;
    CHECK_THAT(changed, WithinAbs(run("renyi:rule=fixed,sigma=1.1", t, &other).i_xt_bits, 1e-14));
    CHECK(std::abs(changed - expected) > 1e-6);
}

TEST_CASE("renyi: I(T, X prime) of an autoencoder equals the definition", "[estimators]") {
    const nn::Matrix t = random_matrix(9, 2, 14), output = random_matrix(9, 4, 15);
    const nn::Matrix a_t = gram_by_definition(t, 0.9), a_r = gram_by_definition(output, 0.9);
    for (double alpha : {1.01, 1.0}) {
        const double expected = entropy_of(a_t, alpha) + entropy_of(a_r, alpha) - entropy_of(hadamard(a_t, a_r), alpha);
        Observations observations{.t = &t, .y_matrix = &output};
        const Estimate e = estimators::make_estimator("renyi:rule=fixed,sigma=0.9,alpha=" + std::to_string(alpha))
                               ->estimate(observations);
        REQUIRE(e.i_ty_bits);
        CHECK_THAT(*e.i_ty_bits, WithinAbs(expected, 1e-12));
    }
    // Under rule=tapia X' is standardised like X: standardize_x changes I(T;X') and not H(T).
    Observations observations{.t = &t, .y_matrix = &output};
    const Estimate dims = estimators::make_estimator("renyi")->estimate(observations);
    const Estimate global = estimators::make_estimator("renyi:standardize_x=global")->estimate(observations);
    CHECK(dims.diagnostics[2] == global.diagnostics[2]);
    CHECK(std::abs(*dims.i_ty_bits - *global.i_ty_bits) > 1e-6);
    const Estimate both_global = estimators::make_estimator("renyi:standardize=global")->estimate(observations);
    CHECK(std::abs(*dims.i_ty_bits - *both_global.i_ty_bits) > 1e-6);
}

TEST_CASE("renyi: without X, I(X, T) = H(T) and sigma_x is NaN, and without y, no I(T, Y)", "[estimators]") {
    const auto estimator = estimators::make_estimator("renyi");
    CHECK(estimator->diagnostic_names() == std::vector<std::string>{"sigma_t", "sigma_x", "h_t_bits"});
    const Estimate e = run("renyi", five_t);
    CHECK(e.i_xt_bits == e.diagnostics[2]);
    CHECK(std::isnan(e.diagnostics[1]));
    CHECK_FALSE(e.i_ty_bits);
    const Estimate with_x = run("renyi", five_t, &five_x);
    CHECK_THAT(with_x.diagnostics[1], WithinRel(estimators::tapia_width(5, 2, 2.0), 1e-15));
    CHECK_THAT(with_x.diagnostics[0], WithinRel(estimators::tapia_width(5, 3, 2.0), 1e-15));
}

TEST_CASE("renyi: each width rule reaches the estimator", "[estimators]") {
    // The values of tests/test_kernel_width.cpp for the same five points.
    const std::pair<const char*, double> cases[] = {
        {"renyi:rule=fixed,sigma=0.37", 0.37},
        {"renyi:rule=scott", 1.52944898266346},
        {"renyi:rule=tapia", 2.162967494240398},
        {"renyi:rule=silverman", 0.6758410979256062},
        {"renyi:rule=knn,k=2", 1.811122446166927},
        {"renyi:rule=graph,quantile=0.25", 1.5206906325745548},
        {"renyi:rule=alignment,candidates=50", 1.2755895434349074},
        {"renyi:rule=alignment,candidates=50,kernel=rbf1", 1.9259825723915123},
    };
    for (const auto& [spec, sigma] : cases) {
        CAPTURE(spec);
        CHECK_THAT(run(spec, five_x, &five_x, &five_y).diagnostics[0], WithinRel(sigma, 1e-12));
        CHECK_THAT(run(spec, five_x, &five_x, &five_y).diagnostics[1], WithinRel(sigma, 1e-12));
    }
}

TEST_CASE("renyi: alignment keeps state, sigma = 0.9 old + 0.1 new", "[estimators]") {
    // numpy as in tests/test_kernel_width.cpp: sigma* = 1.9259825723915123 for the five points and
    // 5.132897268594923 for them with the second column times 3 (50 candidates, rbf1, delta labels).
    nn::Matrix stretched = five_x;
    for (std::size_t i = 0; i < 5; ++i) stretched.at(i, 1) *= 3.0;
    const char* spec = "renyi:rule=alignment,candidates=50,kernel=rbf1";
    CHECK_THAT(run(spec, stretched, nullptr, &five_y).diagnostics[0], WithinRel(5.132897268594923, 1e-12));

    auto estimator = estimators::make_estimator(spec);
    Observations first{.t = &five_x, .x = &five_x, .y = &five_y};
    Observations second{.t = &stretched, .x = &five_x, .y = &five_y};
    const Estimate e1 = estimator->estimate(first);
    const Estimate e2 = estimator->estimate(second);
    CHECK_THAT(e1.diagnostics[0], WithinRel(1.9259825723915123, 1e-12));
    CHECK_THAT(e2.diagnostics[0], WithinRel(0.9 * 1.9259825723915123 + 0.1 * 5.132897268594923, 1e-12));
    // X's width is its own sigma*, found once (X does not change across epochs).
    CHECK_THAT(e2.diagnostics[1], WithinRel(1.9259825723915123, 1e-12));
    // With smoothing=0 there is no memory.
    auto memoryless = estimators::make_estimator("renyi:rule=alignment,candidates=50,kernel=rbf1,smoothing=0");
    memoryless->estimate(first);
    CHECK_THAT(memoryless->estimate(second).diagnostics[0], WithinRel(5.132897268594923, 1e-12));
}

TEST_CASE("renyi: defaults and resolved specs", "[estimators]") {
    const auto spec_of = [](const std::string& text) { return estimators::make_estimator(text)->spec(); };
    CHECK(spec_of("renyi") ==
          "renyi:alpha=1.01,kernel=rbf2,rule=tapia,gamma=2,standardize=dims,standardize_x=dims,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=tapia,gamma=0.8,standardize=none,alpha=1") ==
          "renyi:alpha=1,kernel=rbf2,rule=tapia,gamma=0.8,standardize=none,standardize_x=none,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:standardize_x=global") ==
          "renyi:alpha=1.01,kernel=rbf2,rule=tapia,gamma=2,standardize=dims,standardize_x=global,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=fixed,sigma=8,kernel=rbf1") ==
          "renyi:alpha=1.01,kernel=rbf1,rule=fixed,sigma=8,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=scott") == "renyi:alpha=1.01,kernel=rbf2,rule=scott,gamma=2,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=silverman") == "renyi:alpha=1.01,kernel=rbf2,rule=silverman,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=knn") == "renyi:alpha=1.01,kernel=rbf2,rule=knn,k=20,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=graph") == "renyi:alpha=1.01,kernel=rbf2,rule=graph,quantile=0.05,label_kernel=delta,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=alignment,alpha=1,kernel=rbf1,label_kernel=rbf") ==
          "renyi:alpha=1,kernel=rbf1,rule=alignment,candidates=100,smoothing=0.9,label_kernel=rbf,sigma_y=0.1,solver=auto,probes=10,steps=30,deflate=10,seed=0");
    CHECK(spec_of("renyi:rule=scott,solver=exact") == "renyi:alpha=1.01,kernel=rbf2,rule=scott,gamma=2,label_kernel=delta,solver=exact");
    CHECK(spec_of("renyi:rule=scott,solver=lanczos,probes=7,steps=9,deflate=0,seed=3") ==
          "renyi:alpha=1.01,kernel=rbf2,rule=scott,gamma=2,label_kernel=delta,solver=lanczos,probes=7,steps=9,deflate=0,seed=3");
    // The resolved spec reads back to itself.
    const std::string resolved = spec_of("renyi:rule=knn,k=7,alpha=2");
    CHECK(spec_of(resolved) == resolved);
}

TEST_CASE("renyi: every spec error names the spec and the problem", "[estimators]") {
    const std::pair<const char*, const char*> errors[] = {
        {"renyi:alhpa=2", "unknown key 'alhpa'; renyi accepts alpha, kernel, rule, sigma, gamma, standardize, "
                          "standardize_x, k, quantile, candidates, smoothing, label_kernel, sigma_y, solver, probes, steps, deflate, seed"},
        {"renyi:rule=nope", "rule must be one of fixed, scott, tapia, silverman, knn, graph, alignment; got 'nope'"},
        {"renyi:alpha=0", "alpha must be positive, got '0'"},
        {"renyi:alpha=-1", "alpha must be positive, got '-1'"},
        {"renyi:rule=fixed", "rule=fixed needs sigma=<kernel width>"},
        {"renyi:sigma=1", "sigma applies only to rule=fixed, not to rule=tapia"},
        {"renyi:rule=knn,sigma=1", "sigma applies only to rule=fixed, not to rule=knn"},
        {"renyi:rule=fixed,sigma=0", "sigma must be positive, got '0'"},
        {"renyi:rule=knn,k=0", "k must be >= 1, got '0'"},
        {"renyi:kernel=rbf3", "kernel must be one of rbf2, rbf1; got 'rbf3'"},
        {"renyi:rule=knn,gamma=1", "gamma applies only to rule=scott and rule=tapia, not to rule=knn"},
        {"renyi:rule=scott,standardize=none", "standardize applies only to rule=tapia, not to rule=scott"},
        {"renyi:k=5", "k applies only to rule=knn, not to rule=tapia"},
        {"renyi:quantile=0.1", "quantile applies only to rule=graph, not to rule=tapia"},
        {"renyi:candidates=10", "candidates applies only to rule=alignment, not to rule=tapia"},
        {"renyi:standardize=image", "standardize must be one of dims, global, none; got 'image'"},
        {"renyi:sigma_y=0.1", "sigma_y applies only to label_kernel=rbf"},
        {"renyi:label_kernel=onehot", "label_kernel must be one of delta, rbf; got 'onehot'"},
        {"renyi:rule=graph,quantile=2", "renyi: needs 0 < quantile <= 1, got 2"},
        {"renyi:rule=alignment,smoothing=1", "renyi: needs 0 <= smoothing < 1, got 1"},
        {"renyi:rule=alignment,candidates=0", "candidates must be >= 1, got '0'"},
        {"renyi:gamma=inf", "gamma must be finite, got 'inf'"},
        {"renyi:solver=eigen", "solver must be one of exact, lanczos, auto; got 'eigen'"},
        {"renyi:solver=exact,probes=10", "probes applies only to solver=lanczos and solver=auto"},
        {"renyi:solver=exact,seed=1", "seed applies only to solver=lanczos and solver=auto"},
        {"renyi:probes=0", "probes must be >= 1, got '0'"},
        {"renyi:steps=1", "steps must be >= 2, got '1'"},
        {"renyi:deflate=-1", "deflate must be >= 0, got '-1'"},
    };
    for (const auto& [spec, problem] : errors) {
        CAPTURE(spec);
        CHECK_THROWS_WITH(estimators::make_estimator(spec), "estimator spec '" + std::string(spec) + "': " + problem);
    }
    estimators::RenyiOptions no_sigma;
    no_sigma.rule = estimators::WidthRule::fixed;
    CHECK_THROWS_WITH(estimators::RenyiEstimator(no_sigma), "renyi: rule=fixed needs sigma");
}

TEST_CASE("renyi: errors at estimate time", "[estimators]") {
    const std::vector<int> short_y = {0, 1};
    const nn::Matrix short_x(3, 2);
    CHECK_THROWS_WITH(run("renyi:rule=alignment", five_t),
                      "renyi: rule=alignment aligns the kernel with the labels, and no labels were given");
    CHECK_THROWS_WITH(run("renyi:rule=knn", five_t), "knn: needs 1 <= k <= N - 1 = 4, got k = 20");
    const nn::Matrix constant_first = nn::Matrix::from_values(3, 2, {1, 0, 1, 5, 1, 9});
    CHECK_THROWS_WITH(run("renyi:rule=silverman", constant_first),
                      "renyi: the width rule gives sigma = 0 for T; the kernel needs sigma > 0 "
                      "(are the rows identical?)");
    CHECK_THROWS_WITH(run("renyi", five_t, &short_x), "renyi: 3 rows of X for 5 rows of T");
    CHECK_THROWS_WITH(run("renyi", five_t, nullptr, &short_y), "renyi: 2 labels for 5 rows of T");
    nn::Matrix with_nan = five_t;
    with_nan.at(1, 2) = std::nan("");
    CHECK_THROWS_WITH(run("renyi", with_nan), "renyi: activation at row 1, column 2 is nan");
    CHECK_THROWS_WITH(run("renyi", nn::Matrix(0, 3)), "renyi: the activations have no rows");
    CHECK_THROWS_WITH(estimators::make_estimator("renyi")->estimate({}), "renyi: no activations given");
    CHECK_THROWS_AS(run("renyi:rule=graph", nn::Matrix(1, 2)), std::invalid_argument);  // no pairs

    const nn::Matrix output(5, 2, 0.5), short_output(4, 2);
    Observations both{.t = &five_t, .y = &five_y, .y_matrix = &output};
    CHECK_THROWS_WITH(estimators::make_estimator("renyi")->estimate(both),
                      "renyi: give labels or a second variable, not both");
    Observations mismatched{.t = &five_t, .y_matrix = &short_output};
    CHECK_THROWS_WITH(estimators::make_estimator("renyi")->estimate(mismatched),
                      "renyi: 4 rows of the second variable for 5 rows of T");
    Observations unlabelled{.t = &five_t, .y_matrix = &output};
    CHECK_THROWS_WITH(estimators::make_estimator("renyi:rule=alignment")->estimate(unlabelled),
                      "renyi: rule=alignment aligns the kernel with the labels, and no labels were given");
}
