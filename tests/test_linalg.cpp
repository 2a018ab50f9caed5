// tests/test_linalg.cpp — the double-precision doors to BLAS and LAPACK: gemm, the Gram and scatter matrices,
// symmetric eigenvalues and top eigenpairs, against products and spectra computed by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "nn/linalg.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

TEST_CASE("double gemm multiplies, transposes and accumulates", "[nn]") {
    const std::vector<double> a = {1, 2, 3, 4, 5, 6};  // (2, 3)
    const std::vector<double> b = {7, 8, 9, 10, 11, 12};  // (3, 2)
    std::vector<double> c(4, 1.0);
    nn::gemm(nn::Transpose::No, nn::Transpose::No, 2, 2, 3, 1.0, a.data(), 3, b.data(), 2, 1.0, c.data(), 2);
    REQUIRE(c == std::vector<double>{59, 65, 140, 155});
    std::vector<double> ata(9);  // A^T A: (3, 3)
    nn::gemm(nn::Transpose::Yes, nn::Transpose::No, 3, 3, 2, 1.0, a.data(), 3, a.data(), 3, 0.0, ata.data(), 3);
    REQUIRE(ata == std::vector<double>{17, 22, 27, 22, 29, 36, 27, 36, 45});
}

TEST_CASE("gram fills both triangles of X X^T", "[nn]") {
    const std::vector<double> x = {1, 2, 3, 4, 5, 6};  // (3, 2)
    std::vector<double> g(9, -1.0);
    nn::gram(x.data(), 3, 2, g.data());
    REQUIRE(g == std::vector<double>{5, 11, 17, 11, 25, 39, 17, 39, 61});
}

TEST_CASE("gram mirrors every tile of a matrix larger than its blocking", "[nn]") {
    const std::size_t N = 150, D = 3;  // 150 rows: full and partial 64-row tiles
    std::vector<double> x(N * D);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = double(i % 7) - 3.0 + 0.1 * double(i % 5);
    std::vector<double> g(N * N, -1.0);
    nn::gram(x.data(), N, D, g.data());
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            double dot = 0.0;
            for (std::size_t k = 0; k < D; ++k) dot += x[i * D + k] * x[j * D + k];
            REQUIRE_THAT(g[i * N + j], WithinAbs(dot, 1e-12));
        }
}

TEST_CASE("symmetric_eigenvalues of matrices with known spectra", "[nn]") {
    std::vector<double> a = {2, 1, 1, 2};  // eigenvalues 1 and 3
    std::vector<double> w(2);
    nn::symmetric_eigenvalues(a.data(), 2, w.data());
    REQUIRE_THAT(w[0], WithinAbs(1.0, 1e-12));
    REQUIRE_THAT(w[1], WithinAbs(3.0, 1e-12));
    // J/3, the averaging matrix of 3 points: one eigenvalue 1 and two 0
    std::vector<double> j(9, 1.0 / 3.0);
    std::vector<double> v(3);
    nn::symmetric_eigenvalues(j.data(), 3, v.data());
    REQUIRE_THAT(v[0], WithinAbs(0.0, 1e-12));
    REQUIRE_THAT(v[1], WithinAbs(0.0, 1e-12));
    REQUIRE_THAT(v[2], WithinAbs(1.0, 1e-12));
}

TEST_CASE("scatter fills both triangles of X^T X", "[nn]") {
    const std::vector<double> x = {1, 2, 3, 4, 5, 6};  // (2, 3)
    std::vector<double> s(9, -1.0);
    nn::scatter(x.data(), 2, 3, s.data());
    REQUIRE(s == std::vector<double>{17, 22, 27, 22, 29, 36, 27, 36, 45});
    const std::size_t N = 20, D = 130;  // 130 columns: full and partial 64-wide tiles of the mirror
    std::vector<double> wide(N * D);
    for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = double(i % 11) - 5.0 + 0.25 * double(i % 3);
    std::vector<double> big(D * D, -1.0);
    nn::scatter(wide.data(), N, D, big.data());
    for (std::size_t i = 0; i < D; ++i)
        for (std::size_t j = 0; j < D; ++j) {
            double dot = 0.0;
            for (std::size_t r = 0; r < N; ++r) dot += wide[r * D + i] * wide[r * D + j];
            REQUIRE_THAT(big[i * D + j], WithinAbs(dot, 1e-12));
        }
    std::vector<double> empty(4, -1.0);  // no rows: the empty sum
    nn::scatter(x.data(), 0, 2, empty.data());
    REQUIRE(empty == std::vector<double>(4, 0.0));
}

TEST_CASE("symmetric_eigen_top of a hand 3 x 3 matrix", "[nn]") {
    // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 5, 3, 1 with vectors e3, (1,1,0)/sqrt2, (1,-1,0)/sqrt2.
    const std::vector<double> a = {2, 1, 0, 1, 2, 0, 0, 0, 5};
    const double s = std::sqrt(0.5);
    const std::vector<std::vector<double>> expected = {{0, 0, 1}, {s, s, 0}, {s, -s, 0}};
    for (std::size_t k = 1; k <= 3; ++k) {
        std::vector<double> copy = a, values(k), vectors(3 * k);
        nn::symmetric_eigen_top(copy.data(), 3, k, values.data(), vectors.data());
        for (std::size_t c = 0; c < k; ++c) {
            REQUIRE_THAT(values[c], WithinAbs(5.0 - 2.0 * double(c), 1e-12));
            // An eigenvector's sign is free: compare up to the sign of its first nonzero expected entry.
            const double sign = vectors[0 * k + c] + vectors[2 * k + c] < 0.0 ? -1.0 : 1.0;
            for (std::size_t i = 0; i < 3; ++i)
                REQUIRE_THAT(sign * vectors[i * k + c], WithinAbs(expected[c][i], 1e-12));
        }
    }
    std::vector<double> copy = a, values(4), vectors(12);
    REQUIRE_THROWS_WITH(nn::symmetric_eigen_top(copy.data(), 3, 4, values.data(), vectors.data()),
                        Contains("k = 4 for a 3 x 3 matrix"));
    REQUIRE_THROWS_WITH(nn::symmetric_eigen_top(copy.data(), 3, 0, values.data(), vectors.data()),
                        Contains("k = 0 for a 3 x 3 matrix"));
}

TEST_CASE("symmetric_eigen_top of a random matrix: LAPACK's spectrum, A v = lambda v, orthonormal vectors", "[nn]") {
    nn::Rng rng(3);
    const std::size_t N = 40, k = 7;
    std::vector<double> a(N * N);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j <= i; ++j) a[i * N + j] = a[j * N + i] = rng.normal();
    std::vector<double> copy = a, all(N);
    nn::symmetric_eigenvalues(copy.data(), N, all.data());  // ascending
    copy = a;
    std::vector<double> values(k), vectors(N * k);
    nn::symmetric_eigen_top(copy.data(), N, k, values.data(), vectors.data());
    for (std::size_t c = 0; c < k; ++c) {
        REQUIRE_THAT(values[c], WithinAbs(all[N - 1 - c], 1e-10));
        for (std::size_t i = 0; i < N; ++i) {
            double av = 0.0;
            for (std::size_t j = 0; j < N; ++j) av += a[i * N + j] * vectors[j * k + c];
            REQUIRE_THAT(av, WithinAbs(values[c] * vectors[i * k + c], 1e-10));
        }
        for (std::size_t b = 0; b < k; ++b) {
            double dot = 0.0;
            for (std::size_t i = 0; i < N; ++i) dot += vectors[i * k + c] * vectors[i * k + b];
            REQUIRE_THAT(dot, WithinAbs(c == b ? 1.0 : 0.0, 1e-12));
        }
    }
}
