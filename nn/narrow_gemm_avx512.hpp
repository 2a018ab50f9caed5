// nn/narrow_gemm_avx512.hpp — narrow_gemm.hpp's product for results 9..16 wide that C does not add into
// (beta 0: a layer's forward product, or an input gradient written first), in sixteen-float AVX-512
// registers: one register per row instead of two eight-float vectors, about 1.6 times as fast on the
// SZT network's first layer. narrow_gemm.cpp asks available() and otherwise runs its eight-float kernels.
//
// Elsewhere sixteen lanes did not pay on the machine we measured (an AMD EPYC whose 512-bit arithmetic
// costs two 256-bit operations): two rows of at most 8 in one register need a second, masked broadcast
// that costs what the halved arithmetic saves; a weight gradient X^T dY 9..16 wide, one register per
// row, ran at the speed of two eight-float vectors; and masked stores stall the loads of C that follow
// them when a product adds into C. Why the forward product gains all the same is not pinned down; it
// loads one packed row of B per eight rows of A, where the eight-float kernel loads two per four.
//
// Every element is still its own sum over the inner index in order, one rounded product and one rounded
// sum per term, so the results are the bits of the eight-float kernels.
#pragma once
#include <cstddef>

namespace nn::avx512 {

// Whether this CPU runs the kernels below (AVX-512 F, VL, DQ and BW: x86-64-v4).
bool available();

// Floats per packed row of B.
inline constexpr std::size_t packed_lanes = 16;

// B (K x width, row-major, op(B) given by `transposed`, width <= 16) packed as K rows of 16 floats,
// zero past `width`.
void pack(bool transposed, std::size_t K, std::size_t width, const float* B, std::size_t ldb, float* packed);

// C = alpha A Bp + 1 row^T for M rows of A (M x K), B packed by pack() and 8 < width <= 16; `row` may
// be null. C is only written.
void product_with_packed(std::size_t M, std::size_t K, const float* A, std::size_t lda, const float* packed,
                         const float* row, std::size_t width, float alpha, float* C, std::size_t ldc);

}  // namespace nn::avx512
