// nn/narrow_gemm.hpp — matrix products whose result is at most 16 columns wide: every product of the
// SZT network (widths 12..2) and the thin layers of the MNIST nets. A general GEMM tiles its operands for
// wide results and, on these shapes, computes mostly padding and spends as long packing as multiplying;
// here each result row is one or two eight-float registers, accumulated in place.
//
// The sums run over the inner index in order, one rounded product and one rounded sum per term, so a
// result is the same bits on every x86-64 machine and at every vector width (contraction is off).
#pragma once
#include <cstddef>

#include "nn/linalg.hpp"

namespace nn {

// The widest result row narrow_gemm computes, and the longest inner dimension when B is packed on the stack.
inline constexpr std::size_t narrow_gemm_max_width = 16;
inline constexpr std::size_t narrow_gemm_max_inner = 512;

// Whether gemm with these arguments (C = op(A) op(B): M x N, inner K) is one narrow_gemm computes:
// N <= 16 and, for op(A) = A, K <= 512; for op(A) = A^T (a weight gradient X^T dY), also M <= 32.
bool narrow_gemm_applies(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K);

// Whether the sixteen-float AVX-512 kernels run (the default where the CPU has them) or the eight-float
// ones: both give the same bits, so this only changes the speed (tests and benchmarks compare the two).
// Returns the previous setting; `true` on a CPU without AVX-512 keeps the eight-float kernels.
bool narrow_gemm_use_avx512(bool enabled);

// C = alpha op(A) op(B) + beta C with gemm's conventions (row-major, leading dimensions; beta = 0 never
// reads C). Precondition: narrow_gemm_applies(ta, tb, M, N, K).
void narrow_gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, float alpha,
                 const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
                 std::size_t ldc);

// C = alpha A^T B + beta C (narrow_gemm with op(A) = A^T, op(B) = B) and, in the same pass over B,
// sums[j] += sum_k B[k, j]: a dense layer's weight and bias gradients X^T dY and 1^T dY. Each sum runs in
// order as in narrow_gemm, so both are the bits of the two separate products. Precondition:
// narrow_gemm_applies(Transpose::Yes, Transpose::No, M, N, K).
void narrow_gemm_with_column_sums(std::size_t M, std::size_t N, std::size_t K, float alpha, const float* A,
                                  std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
                                  std::size_t ldc, float* sums);

// C = A B + 1 row^T: the product plus `row` (a bias) in every row, added after the sum (as add_row would).
// Precondition: narrow_gemm_applies(Transpose::No, Transpose::No, M, N, K).
void narrow_gemm_plus_row(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
                          const float* B, std::size_t ldb, const float* row, float* C, std::size_t ldc);

}  // namespace nn
