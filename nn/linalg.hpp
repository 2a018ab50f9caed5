// nn/linalg.hpp — the project's only door to BLAS and LAPACK (this pair of files is the only place
// that includes cblas.h and lapacke.h). Row-major throughout, as our tensors and matrices are.
#pragma once
#include <cstddef>
#include <string>

namespace nn {

enum class Transpose { No, Yes };

// C = alpha * op(A) @ op(B) + beta * C      op(A): (M, K)   op(B): (K, N)   C: (M, N)
// A, B, C are row-major with leading dimensions (row lengths of the stored matrices) lda, ldb, ldc.
// beta = 0 assigns, beta = 1 accumulates (how backward passes add into gradients).
void gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, float alpha,
          const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
          std::size_t ldc);

// C = A B + 1 row^T: every row of the (M, N) product A B plus `row` — a dense layer's X W + b.
// A: (M, K), B: (K, N), C: (M, N), all row-major and contiguous.
void gemm_plus_row(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, const float* row,
                   float* C);

// The same in double, for the estimators.
void gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, double alpha,
          const double* A, std::size_t lda, const double* B, std::size_t ldb, double beta, double* C,
          std::size_t ldc);

// G = X X^T for X: (N, D) row-major, G: (N, N), both triangles filled (one dsyrk, then a mirror).
void gram(const double* X, std::size_t N, std::size_t D, double* G);

// S = X^T X for X: (N, D) row-major, S: (D, D), both triangles filled (one dsyrk, then a mirror): the
// scatter matrix of the rows, at half the flops of the general product.
void scatter(const double* X, std::size_t N, std::size_t D, double* S);

// The eigenvalues of the symmetric (N, N) matrix A, ascending (LAPACK dsyevd_2stage, values only). A is
// overwritten. Throws std::runtime_error if LAPACK does not converge.
void symmetric_eigenvalues(double* A, std::size_t N, double* eigenvalues);

// The k largest eigenvalues of the symmetric (N, N) matrix A, descending, in values (k), and their unit
// eigenvectors as the columns of vectors (N, k) row-major: vectors[i * k + c] is component i of the
// eigenvector of values[c]. LAPACK dsyevr (reduction to tridiagonal form, then MRRR) with range 'I'
// (indices N-k+1 .. N), so only the k wanted vectors are computed. A is overwritten. An eigenvector's
// sign is LAPACK's: callers that need determinism across builds fix it. Throws std::invalid_argument
// unless 1 <= k <= N, std::runtime_error if LAPACK fails.
void symmetric_eigen_top(double* A, std::size_t N, std::size_t k, double* values, double* vectors);

// y = alpha * op(A) @ x + beta * y      A: (M, N) row-major with leading dimension lda; op(A) is A or A^T
// (then x has M entries and y N). The matrix-vector product that dgemm with one column does slower.
void gemv(Transpose ta, std::size_t M, std::size_t N, double alpha, const double* A, std::size_t lda,
          const double* x, double beta, double* y);

// The eigenvalues (ascending) and eigenvectors of the symmetric tridiagonal (N, N) matrix with diagonal
// d (N) and off-diagonal e (N - 1) (LAPACK dstev). d is overwritten by the eigenvalues, e is destroyed;
// vectors (N, N) gets the eigenvectors as columns, row-major: vectors[i * N + k] is component i of the
// k-th eigenvector. Throws std::runtime_error if LAPACK does not converge.
void tridiagonal_eigen(double* d, double* e, std::size_t N, double* vectors);

// out[m] += sum_n A[n, m]      A: (N, M) row-major       (a bias gradient)
void add_column_sums(const float* A, std::size_t N, std::size_t M, float* out);

// A dense layer's weight and bias gradients from its input X (N, K) and output gradient dY (N, M):
// dW = X^T dY + beta dW (K, M) and db[m] += sum_n dY[n, m]. The bits of gemm and add_column_sums apart;
// narrow ones share one pass over dY.
void weight_and_bias_gradients(std::size_t N, std::size_t K, std::size_t M, const float* X, const float* dY,
                               float beta, float* dW, float* db);

// How many threads OpenBLAS may use; 0 means one per core.
void set_blas_threads(int threads);
int blas_threads();

// The kernel family OpenBLAS chose for this CPU ("Haswell", "SkylakeX", ...), for run provenance:
// another kernel rounds differently.
std::string blas_core();

}  // namespace nn
