// nn/linalg.cpp — GEMM, Gram and scatter matrices, symmetric eigenvalues (and top eigenpairs) and thread
// control over OpenBLAS/LAPACKE.
#include "nn/linalg.hpp"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "nn/check.hpp"
#include "nn/narrow_gemm.hpp"

namespace nn {

namespace {

CBLAS_TRANSPOSE blas(Transpose t) { return t == Transpose::Yes ? CblasTrans : CblasNoTrans; }

// Copies the upper triangle of the (N, N) row-major G into the lower one, tile by tile: walking down whole
// columns misses the cache on every element once a row is longer than a page (N = 10,000: seconds
// instead of a tenth).
void mirror_upper(double* G, std::size_t N) {
    constexpr std::size_t tile = 64;
    for (std::size_t ib = 0; ib < N; ib += tile)
        for (std::size_t jb = 0; jb <= ib; jb += tile)
            for (std::size_t i = ib; i < std::min(ib + tile, N); ++i)
                for (std::size_t j = jb; j < std::min(jb + tile, i); ++j) G[i * N + j] = G[j * N + i];
}

}  // namespace

void gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, float alpha,
          const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
          std::size_t ldc) {
    if (M == 0 || N == 0) return;
    if (narrow_gemm_applies(ta, tb, M, N, K)) {  // results <= 16 wide: faster than OpenBLAS, same bits everywhere
        narrow_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    cblas_sgemm(CblasRowMajor, blas(ta), blas(tb), int(M), int(N), int(K), alpha, A, int(lda), B,
                int(ldb), beta, C, int(ldc));
}

void gemm_plus_row(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, const float* row,
                   float* C) {
    if (M == 0 || N == 0) return;
    if (narrow_gemm_applies(Transpose::No, Transpose::No, M, N, K)) {
        narrow_gemm_plus_row(M, N, K, A, K, B, N, row, C, N);
        return;
    }
    for (std::size_t m = 0; m < M; ++m) std::copy(row, row + N, C + m * N);  // start from the row, add A B
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(M), int(N), int(K), 1.0f, A, int(K), B, int(N), 1.0f,
                C, int(N));
}

void gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, double alpha,
          const double* A, std::size_t lda, const double* B, std::size_t ldb, double beta, double* C,
          std::size_t ldc) {
    if (M == 0 || N == 0) return;
    cblas_dgemm(CblasRowMajor, blas(ta), blas(tb), int(M), int(N), int(K), alpha, A, int(lda), B,
                int(ldb), beta, C, int(ldc));
}

void gram(const double* X, std::size_t N, std::size_t D, double* G) {
    if (N == 0) return;
    if (D == 0) {  // no columns: every product is 0 (and dsyrk rejects lda = 0)
        std::fill(G, G + N * N, 0.0);
        return;
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, int(N), int(D), 1.0, X, int(D), 0.0, G, int(N));
    mirror_upper(G, N);
}

void scatter(const double* X, std::size_t N, std::size_t D, double* S) {
    if (D == 0) return;
    if (N == 0) {  // no rows: an empty sum (and dsyrk rejects k = 0 with nothing to read)
        std::fill(S, S + D * D, 0.0);
        return;
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, int(D), int(N), 1.0, X, int(D), 0.0, S, int(D));
    mirror_upper(S, D);
}

void symmetric_eigenvalues(double* A, std::size_t N, double* eigenvalues) {
    if (N == 0) return;
    // A symmetric row-major matrix is its own column-major transpose: calling the column-major
    // routine on the lower triangle saves LAPACKE's N x N transposed copy.
    // The two-stage reduction (dense -> band -> tridiagonal) does most of its work in matrix-matrix
    // products, where the one-stage dsyevd spends half of it in memory-bound matrix-vector products:
    // a fifth less time at N = 4096 for the same eigenvalues (values only, which is all it supports).
    const lapack_int info =
        LAPACKE_dsyevd_2stage(LAPACK_COL_MAJOR, 'N', 'L', lapack_int(N), A, lapack_int(N), eigenvalues);
    if (info != 0)
        throw std::runtime_error("symmetric_eigenvalues: LAPACK dsyevd_2stage failed to converge (info " +
                                 std::to_string(info) + ") on a " + std::to_string(N) + " x " +
                                 std::to_string(N) + " matrix");
}

void symmetric_eigen_top(double* A, std::size_t N, std::size_t k, double* values, double* vectors) {
    NN_CHECK(k >= 1 && k <= N, "symmetric_eigen_top: k = " << k << " for a " << N << " x " << N << " matrix");
    // Column-major on the lower triangle, as in symmetric_eigenvalues (A is its own transpose); the k
    // vectors come back as the columns of z (N, k) column-major, ascending, and are reversed into place.
    std::vector<double> w(N), z(N * k);
    std::vector<lapack_int> support(2 * k);
    lapack_int found = 0;
    const lapack_int n = lapack_int(N);
    const lapack_int info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'L', n, A, n, 0.0, 0.0, n - lapack_int(k) + 1,
                                           n, 0.0, &found, w.data(), z.data(), n, support.data());
    if (info != 0 || found != lapack_int(k))
        throw std::runtime_error("symmetric_eigen_top: LAPACK dsyevr failed (info " + std::to_string(info) + ", " +
                                 std::to_string(found) + " of " + std::to_string(k) + " eigenpairs) on a " +
                                 std::to_string(N) + " x " + std::to_string(N) + " matrix");
    for (std::size_t c = 0; c < k; ++c) {
        const std::size_t source = k - 1 - c;  // the largest eigenvalue is the last one found
        values[c] = w[source];
        for (std::size_t i = 0; i < N; ++i) vectors[i * k + c] = z[source * N + i];
    }
}

void gemv(Transpose ta, std::size_t M, std::size_t N, double alpha, const double* A, std::size_t lda,
          const double* x, double beta, double* y) {
    if (M == 0 || N == 0) return;
    cblas_dgemv(CblasRowMajor, blas(ta), int(M), int(N), alpha, A, int(lda), x, 1, beta, y, 1);
}

void tridiagonal_eigen(double* d, double* e, std::size_t N, double* vectors) {
    if (N == 0) return;
    const lapack_int info = LAPACKE_dstev(LAPACK_ROW_MAJOR, 'V', lapack_int(N), d, e, vectors, lapack_int(N));
    if (info != 0)
        throw std::runtime_error("tridiagonal_eigen: LAPACK dstev failed to converge (info " +
                                 std::to_string(info) + ") on a " + std::to_string(N) + " x " +
                                 std::to_string(N) + " tridiagonal matrix");
}

// As the product 1^T A: narrow, one row of A after the other; wide, OpenBLAS's matrix-vector product.
void add_column_sums(const float* A, std::size_t N, std::size_t M, float* out) {
    if (N == 0 || M == 0) return;
    thread_local std::vector<float> ones;
    if (ones.size() < N) ones.assign(N, 1.0f);
    if (narrow_gemm_applies(Transpose::Yes, Transpose::No, 1, M, N)) {
        narrow_gemm(Transpose::Yes, Transpose::No, 1, M, N, 1.0f, ones.data(), 1, A, M, 1.0f, out, M);
        return;
    }
    cblas_sgemv(CblasRowMajor, CblasTrans, int(N), int(M), 1.0f, A, int(M), ones.data(), 1, 1.0f, out, 1);
}

void weight_and_bias_gradients(std::size_t N, std::size_t K, std::size_t M, const float* X, const float* dY,
                               float beta, float* dW, float* db) {
    if (K > 0 && M > 0 && narrow_gemm_applies(Transpose::Yes, Transpose::No, K, M, N)) {
        narrow_gemm_with_column_sums(K, M, N, 1.0f, X, K, dY, M, beta, dW, M, db);
        return;
    }
    gemm(Transpose::Yes, Transpose::No, K, M, N, 1.0f, X, K, dY, M, beta, dW, M);
    add_column_sums(dY, N, M, db);
}

void set_blas_threads(int threads) {
    if (threads <= 0) threads = int(std::thread::hardware_concurrency());
    openblas_set_num_threads(threads < 1 ? 1 : threads);
}

int blas_threads() { return openblas_get_num_threads(); }

std::string blas_core() { return openblas_get_corename(); }

}  // namespace nn
