// estimators/compress_pca.cpp — PCA through the scatter or the Gram matrix, whichever is smaller, with the
// top eigenpairs from LAPACK dsyevr and a fixed sign per component.
#include "estimators/compress_pca.hpp"

#include <algorithm>
#include <cmath>

#include "nn/check.hpp"
#include "nn/linalg.hpp"

namespace estimators {

namespace {

// Flips the sign of column c of `directions` (and of `scores`) so that its largest-|.| entry is positive
// (the first such entry on a tie).
void fix_sign(nn::Matrix& directions, nn::Matrix& scores, std::size_t c) {
    std::size_t largest = 0;
    for (std::size_t r = 1; r < directions.rows; ++r)
        if (std::abs(directions.at(r, c)) > std::abs(directions.at(largest, c))) largest = r;
    if (directions.at(largest, c) >= 0.0) return;
    for (std::size_t r = 0; r < directions.rows; ++r) directions.at(r, c) = -directions.at(r, c);
    for (std::size_t r = 0; r < scores.rows; ++r) scores.at(r, c) = -scores.at(r, c);
}

}  // namespace

PrincipalComponents principal_components(const nn::Matrix& x, std::size_t k) {
    const std::size_t N = x.rows, D = x.cols;
    NN_CHECK(N >= 1, "pca: no rows");
    NN_CHECK(k >= 1 && k <= D, "pca: dim must be between 1 and the " << D << " columns, got " << k);
    for (double value : x.data) NN_CHECK(std::isfinite(value), "pca: non-finite value " << value);

    std::vector<double> mean(D, 0.0);
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t c = 0; c < D; ++c) mean[c] += x.at(r, c);
    for (double& m : mean) m /= double(N);
    nn::Matrix centred = x;
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t c = 0; c < D; ++c) centred.at(r, c) -= mean[c];
    PrincipalComponents out{nn::Matrix(N, k), nn::Matrix(D, k), std::vector<double>(k), 0.0};
    for (double value : centred.data) out.total_variance += value * value / double(N);

    if (D <= N) {
        nn::Matrix scatter(D, D);
        nn::scatter(centred.data.data(), N, D, scatter.data.data());
        std::vector<double> values(k);
        nn::symmetric_eigen_top(scatter.data.data(), D, k, values.data(), out.directions.data.data());
        nn::gemm(nn::Transpose::No, nn::Transpose::No, N, k, D, 1.0, centred.data.data(), D,
                 out.directions.data.data(), k, 0.0, out.scores.data.data(), k);
        for (std::size_t c = 0; c < k; ++c) out.variances[c] = std::max(values[c], 0.0) / double(N);
    } else {
        nn::Matrix gram(N, N);
        nn::gram(centred.data.data(), N, D, gram.data.data());
        const std::size_t kept = std::min(k, N);  // the Gram matrix has N eigenpairs; further components are 0
        std::vector<double> values(kept);
        nn::Matrix u(N, kept);
        nn::symmetric_eigen_top(gram.data.data(), N, kept, values.data(), u.data.data());
        // Xc^T U: the unscaled directions of all kept components in one product.
        nn::gemm(nn::Transpose::Yes, nn::Transpose::No, D, kept, N, 1.0, centred.data.data(), D, u.data.data(), kept,
                 0.0, out.directions.data.data(), k);
        // Rounding leaves eigenvalues of order 1e-16 lambda_max where the rank ends: those are zero.
        const double floor = 1e-12 * std::max(values[0], 0.0);
        for (std::size_t c = 0; c < kept; ++c) {
            const double lambda = values[c] > floor ? values[c] : 0.0;
            out.variances[c] = lambda / double(N);
            const double root = std::sqrt(lambda);
            const double scale = lambda > 0.0 ? 1.0 / root : 0.0;
            for (std::size_t j = 0; j < D; ++j) out.directions.at(j, c) *= scale;
            for (std::size_t r = 0; r < N; ++r) out.scores.at(r, c) = u.at(r, c) * root;
        }
    }
    for (std::size_t c = 0; c < k; ++c) fix_sign(out.directions, out.scores, c);
    return out;
}

}  // namespace estimators
