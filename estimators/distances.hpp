// estimators/distances.hpp — pairwise squared Euclidean distances between the rows of a matrix, the
// input of every kernel estimator (KDE bounds, matrix-based Rényi entropy, k-NN widths).
#pragma once
#include "nn/matrix.hpp"

namespace estimators {

// D[i, j] = ||x_i - x_j||^2 for the rows of X: (N, d) -> (N, N), symmetric, zero diagonal.
// One Gram matrix G = X X^T (dsyrk), then D = g_ii + g_jj - 2 g_ij, clipped at 0 where rounding
// makes it slightly negative. Rows are centred first so that the cancellation error stays relative
// to the spread of the data, not to its distance from the origin.
nn::Matrix pairwise_squared_distances(const nn::Matrix& x);

}  // namespace estimators
