// estimators/compress_pca.cpp — top eigenpairs by Householder tridiagonalisation and LAPACK dstev, and PCA
// through the scatter or the Gram matrix, whichever is smaller.
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

Eigenpairs top_eigenpairs(nn::Matrix a, std::size_t k) {
    const std::size_t n = a.rows;
    NN_CHECK(a.cols == n, "top_eigenpairs: the matrix is " << a.rows << " x " << a.cols << ", not square");
    NN_CHECK(k >= 1 && k <= n, "top_eigenpairs: K = " << k << " for a " << n << " x " << n << " matrix");

    // Step j reflects rows and columns j+1.. with H = I - 2 v v^T so that column j is zero below j+1:
    // A <- H A H = A - v w^T - w v^T, w = 2 (p - (v^T p) v), p = A v, on the trailing block.
    std::vector<std::vector<double>> reflectors;  // v of step j has n - j - 1 entries
    std::vector<double> e(n > 1 ? n - 1 : 0, 0.0);
    std::vector<double> p(n);
    for (std::size_t j = 0; j + 2 < n; ++j) {
        const std::size_t m = n - j - 1;
        double* block = a.row(j + 1) + j + 1;  // (m, m) with leading dimension n
        std::vector<double> v(m);
        double norm2 = 0.0;
        for (std::size_t i = 0; i < m; ++i) norm2 += (v[i] = a.at(j + 1 + i, j)) * v[i];
        const double sigma = std::sqrt(norm2);
        const double alpha = v[0] >= 0.0 ? -sigma : sigma;  // the sign that avoids cancellation in v[0]
        e[j] = alpha;
        v[0] -= alpha;
        double v_norm2 = 0.0;
        for (double x : v) v_norm2 += x * x;
        if (v_norm2 == 0.0) {  // the column is already zero below j+1: H = I
            reflectors.emplace_back();
            continue;
        }
        const double scale = 1.0 / std::sqrt(v_norm2);
        for (double& x : v) x *= scale;
        nn::gemv(nn::Transpose::No, m, m, 1.0, block, n, v.data(), 0.0, p.data());
        double vp = 0.0;
        for (std::size_t i = 0; i < m; ++i) vp += v[i] * p[i];
        for (std::size_t i = 0; i < m; ++i) p[i] = 2.0 * (p[i] - vp * v[i]);  // w
        for (std::size_t r = 0; r < m; ++r)
            for (std::size_t c = 0; c < m; ++c) block[r * n + c] -= v[r] * p[c] + p[r] * v[c];
        reflectors.push_back(std::move(v));
    }
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = a.at(i, i);
    if (n >= 2) e[n - 2] = a.at(n - 1, n - 2);

    std::vector<double> s(n * n);
    nn::tridiagonal_eigen(d.data(), e.data(), n, s.data());  // ascending

    // A = Q T Q^T with Q = H_0 H_1 ... H_{n-3}: the eigenvector of A is Q s, H_{n-3} applied first.
    Eigenpairs out{std::vector<double>(k), nn::Matrix(n, k)};
    std::vector<double> y(n);
    for (std::size_t c = 0; c < k; ++c) {
        const std::size_t source = n - 1 - c;
        out.values[c] = d[source];
        for (std::size_t i = 0; i < n; ++i) y[i] = s[i * n + source];
        for (std::size_t j = reflectors.size(); j-- > 0;) {
            const std::vector<double>& v = reflectors[j];
            double dot = 0.0;
            for (std::size_t i = 0; i < v.size(); ++i) dot += v[i] * y[j + 1 + i];
            for (std::size_t i = 0; i < v.size(); ++i) y[j + 1 + i] -= 2.0 * dot * v[i];
        }
        for (std::size_t i = 0; i < n; ++i) out.vectors.at(i, c) = y[i];
    }
    return out;
}

PrincipalComponents principal_components(const nn::Matrix& x, std::size_t k) {
    const std::size_t N = x.rows, D = x.cols;
    NN_CHECK(N >= 1, "pca: no rows");
    NN_CHECK(k >= 1 && k <= D, "pca: dim must be between 1 and the " << D << " columns, got " << k);
    for (double value : x.data) NN_CHECK(std::isfinite(value), "pca: non-finite value " << value);

    nn::Matrix centred = x;
    for (std::size_t c = 0; c < D; ++c) {
        double mean = 0.0;
        for (std::size_t r = 0; r < N; ++r) mean += x.at(r, c);
        mean /= double(N);
        for (std::size_t r = 0; r < N; ++r) centred.at(r, c) -= mean;
    }
    PrincipalComponents out{nn::Matrix(N, k), nn::Matrix(D, k), std::vector<double>(k), 0.0};
    for (double value : centred.data) out.total_variance += value * value / double(N);

    if (D <= N) {
        nn::Matrix scatter(D, D);
        nn::gemm(nn::Transpose::Yes, nn::Transpose::No, D, D, N, 1.0, centred.data.data(), D, centred.data.data(), D,
                 0.0, scatter.data.data(), D);
        Eigenpairs pairs = top_eigenpairs(std::move(scatter), k);
        out.directions = std::move(pairs.vectors);
        nn::gemm(nn::Transpose::No, nn::Transpose::No, N, k, D, 1.0, centred.data.data(), D,
                 out.directions.data.data(), k, 0.0, out.scores.data.data(), k);
        for (std::size_t c = 0; c < k; ++c) out.variances[c] = std::max(pairs.values[c], 0.0) / double(N);
    } else {
        nn::Matrix gram(N, N);
        nn::gram(centred.data.data(), N, D, gram.data.data());
        const std::size_t kept = std::min(k, N);  // the Gram matrix has N eigenpairs; further components are 0
        const Eigenpairs pairs = top_eigenpairs(std::move(gram), kept);
        // Rounding leaves eigenvalues of order 1e-16 lambda_max where the rank ends: those are zero.
        const double floor = 1e-12 * std::max(pairs.values[0], 0.0);
        for (std::size_t c = 0; c < kept; ++c) {
            const double lambda = pairs.values[c] > floor ? pairs.values[c] : 0.0;
            out.variances[c] = lambda / double(N);
            if (lambda == 0.0) continue;
            const double root = std::sqrt(lambda);
            for (std::size_t r = 0; r < N; ++r) out.scores.at(r, c) = pairs.vectors.at(r, c) * root;
            for (std::size_t j = 0; j < D; ++j) {
                double loading = 0.0;
                for (std::size_t r = 0; r < N; ++r) loading += centred.at(r, j) * pairs.vectors.at(r, c);
                out.directions.at(j, c) = loading / root;
            }
        }
    }
    for (std::size_t c = 0; c < k; ++c) fix_sign(out.directions, out.scores, c);
    return out;
}

}  // namespace estimators
