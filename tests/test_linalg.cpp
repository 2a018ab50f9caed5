// tests/test_linalg.cpp — the double-precision doors to BLAS and LAPACK: gemm, the Gram matrix and
// symmetric eigenvalues, against products and spectra computed by hand.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "nn/linalg.hpp"

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
