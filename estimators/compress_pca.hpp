// estimators/compress_pca.hpp — principal component analysis for the compress estimator: the top K
// eigenvectors of the scatter (or Gram) matrix through LAPACK, and the projection of centred rows onto them.
#pragma once
#include <cstddef>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

struct PrincipalComponents {
    nn::Matrix scores;               // (N, K) the centred rows projected onto the directions
    nn::Matrix directions;           // (D, K) unit loadings; each column's largest-|.| entry is positive
    std::vector<double> variances;   // (K) the variance of each score column (divisor N), descending
    double total_variance = 0.0;     // the sum of the variances of all D columns (divisor N)
};

// The top K principal components of x (N, D), 1 <= K <= D. With D <= N the eigenvectors of the (D, D)
// scatter matrix Xc^T Xc; with D > N those of the (N, N) Gram matrix Xc Xc^T, u_k, whose scores are
// u_k sqrt(lambda_k) and directions Xc^T u_k / sqrt(lambda_k) — the same components at O(min(N, D)^3).
// The matrix is built by dsyrk and its top K eigenpairs found by dsyevr (nn::scatter / nn::gram,
// nn::symmetric_eigen_top).
// The sign of each component is fixed (largest-|.| loading positive), so equal inputs give equal bits.
// Components of zero variance (K above the rank) have zero scores (and, via the Gram matrix, zero
// directions). Throws on K out of range, no rows or a non-finite value.
PrincipalComponents principal_components(const nn::Matrix& x, std::size_t k);

}  // namespace estimators
