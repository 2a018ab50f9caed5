// estimators/kernel_width.hpp — the width sigma of the RBF kernel of the matrix-based Rényi estimator:
// the two kernel conventions and the peers' width rules (Scott, Tapia, Yu's Silverman and graph, k-NN,
// Wickström's kernel alignment with labels). docs/estimators.md, section "renyi", compares them.
#pragma once
#include <cstddef>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

// rbf2: k(a, b) = exp(-|a - b|^2 / (2 sigma^2))   (Tapia, IPDL, IPRL, Yu's MATLAB, Wickström's old code)
// rbf1: k(a, b) = exp(-|a - b|^2 / sigma^2)       (Wickström's current code)
enum class Rbf { rbf2, rbf1 };

// The factor c in k = exp(-c |a - b|^2): 1 / (2 sigma^2) or 1 / sigma^2.
double rbf_factor(Rbf rbf, double sigma);

// How Tapia & Estévez's MatrixEstimator standardises a variable before its Gram matrix:
// dims   (x - mean_j) / sqrt(var_j + 1e-8) per column, population variance (tf.nn.moments over rows);
// global one mean and variance over all entries (its x_is_image option, for images);
// none   unchanged (normalize_scale=False; IPDL's SilvermanOptimizer).
enum class Standardize { dims, global, none };
void standardize(nn::Matrix& x, Standardize mode);

// sigma = gamma * N^(-1/(4+d))            Scott-type rule (Tapia eq. 27; IPRL with gamma = 2).
double scott_width(std::size_t n, std::size_t d, double gamma);
// sigma = gamma * sqrt(d) * N^(-1/(4+d))  Tapia eqs. 29-30, applied after standardize().
double tapia_width(std::size_t n, std::size_t d, double gamma);
// sigma = std(x[:, 0]) * (4 / (3 N))^(1/5) / sqrt(2), sample std (N - 1): Yu's kernel_width_estimation.m
// 'Silverman', which reads the first column only (Yu's variables are single columns).
double silverman_width(const nn::Matrix& x);

// The rules below read the (N, N) squared distances of the rows (estimators/distances.hpp).
// Mean over the rows of the distance to the k-th nearest other row (the row itself is the 0-th):
// Wickström's sort(dist)[:, k].mean(); needs 1 <= k <= N - 1.
double knn_width(const nn::Matrix& squared_distances, std::size_t k);
// Yu's 'graph' rule: the r-th smallest of the M = N (N - 1) / 2 pairwise distances, r = round(q M)
// (MATLAB's round, halves away from zero, 1-based) kept within [1, M]; needs N >= 2 and 0 < q <= 1.
// Yu's code takes the distances of the first column; here they are distances between whole rows.
double graph_width(const nn::Matrix& squared_distances, double quantile);

// Wickström's kernel-alignment search: among `candidates` widths linspace(0.3, 10 * mean(dist), n)
// (mean over all N^2 entries, the zero diagonal included), the first that maximises the alignment
//   <K_sigma, K_y>_F / (|K_sigma|_F |K_y|_F)
// of the layer's kernel with the label kernel K_y[i, j] = 1 if y_i == y_j else `label_off_diagonal`.
// Wickström maximises 2 log2 of it: the same argmax. Costs `candidates` exps per pair of rows.
double aligned_width(const nn::Matrix& squared_distances, const std::vector<int>& y, double label_off_diagonal,
                     std::size_t candidates, Rbf rbf);

}  // namespace estimators
