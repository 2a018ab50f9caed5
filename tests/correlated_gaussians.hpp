// tests/correlated_gaussians.hpp — the ground truth of the continuous estimators' tests: pairs of
// standard normals with correlation rho, whose mutual information is -1/2 log2(1 - rho^2) bits.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "nn/matrix.hpp"
#include "nn/rng.hpp"

// n pairs (a, b) of standard normals with correlation rho, as two (n, 1) matrices.
inline void correlated_gaussians(double rho, std::size_t n, std::uint64_t seed, nn::Matrix& a, nn::Matrix& b) {
    nn::Rng rng(seed);
    a = nn::Matrix(n, 1);
    b = nn::Matrix(n, 1);
    for (std::size_t r = 0; r < n; ++r) {
        a.at(r, 0) = rng.normal();
        b.at(r, 0) = rho * a.at(r, 0) + std::sqrt(1.0 - rho * rho) * rng.normal();
    }
}
