// tests/correlated_gaussians.hpp — the ground truth of the continuous estimators' tests: pairs of
// standard normals with correlation rho, whose mutual information is -1/2 log2(1 - rho^2) bits.
#pragma once
#include <cstddef>
#include <cstdint>

#include "apps/validation.hpp"
#include "nn/matrix.hpp"
#include "nn/rng.hpp"

// n pairs (a, b) of standard normals with correlation rho, as two (n, 1) matrices: the d = 1 case of the
// validation suite's generator, from nn::Rng(seed).
inline void correlated_gaussians(double rho, std::size_t n, std::uint64_t seed, nn::Matrix& a, nn::Matrix& b) {
    nn::Rng rng(seed);
    apps::correlated_gaussians(1, rho, n, rng, a, b);
}
