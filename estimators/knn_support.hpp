// estimators/knn_support.hpp — what the k-NN estimators (ksg, kl) share: the digamma function of their
// bias corrections, and the preparation of the data (standardised columns, a tiny seeded jitter).
#pragma once
#include <cstdint>

#include "nn/matrix.hpp"
#include "nn/rng.hpp"

namespace estimators {

// psi(x) = d/dx log Gamma(x) for x > 0: the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then the
// asymptotic series log x - 1/(2x) - sum_{n<=5} B_2n / (2n x^2n) (error below 1e-14 there).
double digamma(double x);

// Each column centred and divided by its standard deviation (a constant column is only centred), then
// 1e-10 N(0, 1) added to every value (drawn row by row from `rng`), as scikit-learn's
// mutual_info_regression does: rows that repeat (binary inputs, saturated or dead units) become distinct
// while no distance that matters moves. Throws on non-finite values, naming `what`, the row and column.
nn::Matrix standardize_with_jitter(const nn::Matrix& x, nn::Rng& rng, const char* what);

// [a b]: (N, d_a + d_b); throws unless both have N rows.
nn::Matrix join_columns(const nn::Matrix& a, const nn::Matrix& b);

}  // namespace estimators
