// nn/linalg.cpp — GEMM and thread control over OpenBLAS.
#include "nn/linalg.hpp"

#include <cblas.h>

#include <thread>
#include <vector>

namespace nn {

namespace {

CBLAS_TRANSPOSE blas(Transpose t) { return t == Transpose::Yes ? CblasTrans : CblasNoTrans; }

}  // namespace

void gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, float alpha,
          const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
          std::size_t ldc) {
    if (M == 0 || N == 0) return;
    cblas_sgemm(CblasRowMajor, blas(ta), blas(tb), int(M), int(N), int(K), alpha, A, int(lda), B,
                int(ldb), beta, C, int(ldc));
}

// As a matrix-vector product A^T 1, which OpenBLAS vectorises along the rows of A.
void add_column_sums(const float* A, std::size_t N, std::size_t M, float* out) {
    if (N == 0 || M == 0) return;
    thread_local std::vector<float> ones;
    if (ones.size() < N) ones.assign(N, 1.0f);
    cblas_sgemv(CblasRowMajor, CblasTrans, int(N), int(M), 1.0f, A, int(M), ones.data(), 1, 1.0f, out, 1);
}

void set_blas_threads(int threads) {
    if (threads <= 0) threads = int(std::thread::hardware_concurrency());
    openblas_set_num_threads(threads < 1 ? 1 : threads);
}

int blas_threads() { return openblas_get_num_threads(); }

}  // namespace nn
