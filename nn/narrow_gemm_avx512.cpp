// nn/narrow_gemm_avx512.cpp — the AVX-512 product of narrow_gemm_avx512.hpp. Only the kernel carries the
// AVX-512 target, so this file builds for baseline x86-64 and its code runs only where available().
//
// Same bits as the eight-float kernels of narrow_gemm.cpp: each lane starts at 0 and adds one rounded
// product per term in order (-ffp-contract=off keeps the multiply and the add apart), and the result is
// alpha sum + row in that order. A masked store replaces the eight-float kernels' spill handling: a
// lane past the row is not written.
#include "nn/narrow_gemm_avx512.hpp"

#include <stdexcept>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define NN_HAVE_AVX512_KERNELS 1
#define NN_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw")))
#define NN_AVX512_INLINE NN_AVX512 __attribute__((always_inline)) inline
#endif

namespace nn::avx512 {

void pack(bool transposed, std::size_t K, std::size_t width, const float* B, std::size_t ldb, float* packed) {
    for (std::size_t k = 0; k < K; ++k)
        for (std::size_t j = 0; j < packed_lanes; ++j)
            packed[k * packed_lanes + j] = j >= width ? 0.0f : transposed ? B[j * ldb + k] : B[k * ldb + j];
}

#ifdef NN_HAVE_AVX512_KERNELS

bool available() { return __builtin_cpu_supports("x86-64-v4"); }

namespace {

inline __mmask16 first_lanes(std::size_t n) { return __mmask16((1u << n) - 1u); }

// R rows of C, one per register: each packed row of B loaded is used R times. The result is alpha sum
// + row, in the order the eight-float kernels compute it.
template <int R>
NN_AVX512_INLINE void block_product(std::size_t K, const float* A, std::size_t lda, const float* packed,
                                    const __m512* row, __mmask16 mask, float alpha, float* C, std::size_t ldc) {
    __m512 acc[R];
    for (int r = 0; r < R; ++r) acc[r] = _mm512_setzero_ps();
    for (std::size_t k = 0; k < K; ++k) {
        const __m512 b = _mm512_loadu_ps(packed + k * packed_lanes);
        for (int r = 0; r < R; ++r)
            acc[r] = _mm512_add_ps(acc[r], _mm512_mul_ps(_mm512_set1_ps(A[std::size_t(r) * lda + k]), b));
    }
    for (int r = 0; r < R; ++r) {
        __m512 result = _mm512_mul_ps(_mm512_set1_ps(alpha), acc[r]);
        if (row != nullptr) result = _mm512_add_ps(result, *row);
        _mm512_mask_storeu_ps(C + std::size_t(r) * ldc, mask, result);
    }
}

}  // namespace

NN_AVX512
void product_with_packed(std::size_t M, std::size_t K, const float* A, std::size_t lda, const float* packed,
                         const float* row, std::size_t width, float alpha, float* C, std::size_t ldc) {
    const __mmask16 mask = first_lanes(width);
    const __m512 bias = row != nullptr ? _mm512_maskz_loadu_ps(mask, row) : _mm512_setzero_ps();
    const __m512* bias_or_null = row != nullptr ? &bias : nullptr;
    constexpr std::size_t R = 8;  // eight sums in flight hide the addition's latency
    std::size_t n = 0;
    for (; n + R <= M; n += R) block_product<R>(K, A + n * lda, lda, packed, bias_or_null, mask, alpha, C + n * ldc, ldc);
    for (; n < M; ++n) block_product<1>(K, A + n * lda, lda, packed, bias_or_null, mask, alpha, C + n * ldc, ldc);
}

#else  // not GCC on x86-64: available() is false and the eight-float kernels run everywhere

bool available() { return false; }
void product_with_packed(std::size_t, std::size_t, const float*, std::size_t, const float*, const float*, std::size_t,
                         float, float*, std::size_t) {
    throw std::logic_error("avx512::product_with_packed: not built for this compiler");
}

#endif

}  // namespace nn::avx512
