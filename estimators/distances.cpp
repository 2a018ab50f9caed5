// estimators/distances.cpp — pairwise squared distances by one Gram matrix.
#include "estimators/distances.hpp"

#include <algorithm>
#include <vector>

#include "nn/linalg.hpp"

namespace estimators {

nn::Matrix pairwise_squared_distances(const nn::Matrix& x) {
    const std::size_t N = x.rows, d = x.cols;
    // Distances do not change under a shift; centring keeps g_ii + g_jj - 2 g_ij from cancelling
    // large numbers (activations of 0.9 +- 1e-4 would otherwise lose half their digits).
    std::vector<double> mean(d, 0.0);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = 0; k < d; ++k) mean[k] += x.data[i * d + k];
    for (double& m : mean) m /= double(N == 0 ? 1 : N);
    nn::Matrix centred(N, d);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = 0; k < d; ++k) centred.data[i * d + k] = x.data[i * d + k] - mean[k];

    nn::Matrix distances(N, N);
    nn::gram(centred.data.data(), N, d, distances.data.data());
    std::vector<double> norms(N);
    for (std::size_t i = 0; i < N; ++i) norms[i] = distances.data[i * N + i];
    for (std::size_t i = 0; i < N; ++i) {
        double* row = distances.data.data() + i * N;
        for (std::size_t j = 0; j < N; ++j) row[j] = std::max(norms[i] + norms[j] - 2.0 * row[j], 0.0);
        row[i] = 0.0;
    }
    return distances;
}

}  // namespace estimators
