// nn/narrow_gemm.cpp — the narrow matrix products of narrow_gemm.hpp, in eight-float vectors of GCC's
// portable vector types, compiled three times, for AVX-512 (32 registers), AVX2 (x86-64-v3: one register
// per eight floats) and baseline x86-64 (two), the best chosen when the program loads. On a CPU with
// AVX-512, results 9..16 wide that do not add into C run in sixteen-float registers instead
// (nn/narrow_gemm_avx512.cpp). All give the same bits: no sum is reordered and nothing is fused
// (-ffp-contract=off), only the instructions differ.
#include "nn/narrow_gemm.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "nn/check.hpp"
#include "nn/narrow_gemm_avx512.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NN_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NN_VECTOR_CLONES
#endif

namespace nn {

namespace {

bool has_avx512 = avx512::available();

using Vec8 = float __attribute__((vector_size(32)));  // eight floats
using Mask8 = int __attribute__((vector_size(32)));    // eight lane masks, as a comparison of two Vec8 gives
constexpr std::size_t lanes = 8;

// (Vectors travel by reference: returning them by value would tie the baseline build to an AVX calling convention.)
[[gnu::always_inline]] inline void load(Vec8& v, const float* p) { std::memcpy(&v, p, sizeof v); }

// Lanes [0, n) from p, the others 0: the end of a matrix, where eight floats would run past it.
[[gnu::always_inline]] inline void load_first(Vec8& v, const float* p, std::size_t n) {
    alignas(32) float f[lanes] = {};
    for (std::size_t i = 0; i < n && i < lanes; ++i) f[i] = p[i];
    load(v, f);
}

// out[j] = alpha acc[j] + beta out[j] for the first `width` lanes, one lane at a time: the rows at the
// end of C, where whole vectors would run past it, and the few rows of a weight gradient.
template <int V>
[[gnu::always_inline]] inline void store_lanes(const Vec8 (&acc)[V], std::size_t width, float alpha, float beta,
                                               float* out) {
    for (std::size_t j = 0; j < width; ++j) {
        const float sum = acc[j / lanes][j % lanes];
        out[j] = beta == 0.0f ? alpha * sum : alpha * sum + beta * out[j];
    }
}

// How many leading rows of a matrix (`rows` rows of stride ld, `width` used) can be read or written as
// `span` whole floats without passing its last element.
inline std::size_t whole_rows_of(std::size_t rows, std::size_t ld, std::size_t width, std::size_t span) {
    const std::size_t end = (rows - 1) * ld + width;
    return end >= span ? std::min(rows, (end - span) / ld + 1) : 0;
}

// --- op(A) = A: C[n, :] = sum_k A[n, k] Bp[k, :], with B packed as K rows of V vectors -----------------

// acc = R rows of A times the packed B: every packed row loaded is used R times.
template <int V, int R>
[[gnu::always_inline]] inline void rows_times_packed(std::size_t K, const float* A, std::size_t lda,
                                                     const float* packed, Vec8 (&acc)[R][V]) {
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v) acc[r][v] = Vec8{};
    for (std::size_t k = 0; k < K; ++k) {
        Vec8 b[V];
        for (int v = 0; v < V; ++v) load(b[v], packed + (k * V + std::size_t(v)) * lanes);
        for (int r = 0; r < R; ++r) {
            const float a = A[std::size_t(r) * lda + k];
            for (int v = 0; v < V; ++v) acc[r][v] += a * b[v];
        }
    }
}

template <int V, int R>
[[gnu::always_inline]] inline void load_rows(const float* C, std::size_t ldc, Vec8 (&rows)[R][V]) {
    for (int r = 0; r < R; ++r)
        for (int v = 0; v < V; ++v) load(rows[r][v], C + std::size_t(r) * ldc + std::size_t(v) * lanes);
}

// C = alpha A Bp + 1 row^T + beta C, R rows at a time, each row stored as V whole vectors where they
// fit. `row` (a bias, added after the sum as a separate add_row would) may be null.
//
// A whole vector is wider than a row of C, so its lanes past `width` land on the next row (or on
// columns past `width`). Two ways keep that harmless: if beta is 0 and the rows are contiguous, the
// spill is overwritten when the next row is stored; otherwise every lane past `width` is stored back
// with the value read from it, and those old values are read one block ahead, before the stores that
// overlap them — a read right after a partly overlapping store stalls the CPU for a dozen cycles.
template <int V>
[[gnu::always_inline]] inline void all_rows_times_packed(std::size_t M, std::size_t K, const float* A,
                                                         std::size_t lda, const float* packed, const float* row,
                                                         std::size_t width, float alpha, float beta, float* C,
                                                         std::size_t ldc) {
    constexpr int R = 8 / V;  // eight independent sums: enough to hide the latency of each addition
    const std::size_t whole_blocks_end = whole_rows_of(M, ldc, width, V * lanes) / R * R;
    const bool overwrite = beta == 0.0f && ldc == width;
    Mask8 keep[V];  // the lanes of each vector that belong to the row
    for (int v = 0; v < V; ++v) {
        Vec8 lane = {0, 1, 2, 3, 4, 5, 6, 7};
        lane += float(std::size_t(v) * lanes);
        keep[v] = lane < float(width);
    }
    Vec8 bias[V];
    for (int v = 0; v < V; ++v) {
        const std::size_t offset = std::size_t(v) * lanes;
        if (row == nullptr)
            bias[v] = Vec8{};
        else
            load_first(bias[v], row + offset, width > offset ? width - offset : 0);
    }
    Vec8 acc[R][V], old[R][V] = {}, next_old[R][V] = {};
    if (!overwrite && whole_blocks_end > 0) load_rows<V, R>(C, ldc, next_old);
    std::size_t n = 0;
    for (; n < whole_blocks_end; n += R) {
        float* out = C + n * ldc;
        if (!overwrite) {
            for (int r = 0; r < R; ++r)
                for (int v = 0; v < V; ++v) old[r][v] = next_old[r][v];
            if (n + R < whole_blocks_end) load_rows<V, R>(out + R * ldc, ldc, next_old);
        }
        rows_times_packed<V, R>(K, A + n * lda, lda, packed, acc);
        for (int r = 0; r < R; ++r)
            for (int v = 0; v < V; ++v) {
                Vec8 result = alpha * acc[r][v];
                if (row != nullptr) result += bias[v];
                if (!overwrite) {
                    if (beta != 0.0f) result += beta * old[r][v];
                    result = keep[v] ? result : old[r][v];
                }
                std::memcpy(out + std::size_t(r) * ldc + std::size_t(v) * lanes, &result, sizeof result);
            }
    }
    for (; n < M; ++n) {
        Vec8 sums[1][V];
        rows_times_packed<V, 1>(K, A + n * lda, lda, packed, sums);
        if (row != nullptr)  // then alpha is 1 and beta 0: store the sum plus the row
            for (int v = 0; v < V; ++v) sums[0][v] += bias[v];
        store_lanes<V>(sums[0], width, alpha, beta, C + n * ldc);
    }
}

NN_VECTOR_CLONES
void product_with_packed(std::size_t vectors, std::size_t M, std::size_t K, const float* A, std::size_t lda,
                         const float* packed, const float* row, std::size_t width, float alpha, float beta,
                         float* C, std::size_t ldc) {
    if (vectors == 1)
        all_rows_times_packed<1>(M, K, A, lda, packed, row, width, alpha, beta, C, ldc);
    else
        all_rows_times_packed<2>(M, K, A, lda, packed, row, width, alpha, beta, C, ldc);
}

// --- op(A) = A^T: C[m, :] = sum_k A[k, m] B[k, :], a weight gradient X^T dY ---------------------------

// Rows [0, KB) of C (A and C already offset to the block): one pass over the K rows of A and B with the
// KB x V accumulators in registers. Rows of B before `whole_rows` can be read eight floats at a time.
// With Sums, the last accumulator is instead B's column sums (a factor of 1 for every k), added to `sums`.
template <int V, int KB, bool Sums>
[[gnu::always_inline]] inline void columns_times_rows(std::size_t K, const float* A, std::size_t lda,
                                                      const float* B, std::size_t ldb, std::size_t width,
                                                      std::size_t whole_rows, float alpha, float beta, float* C,
                                                      std::size_t ldc, float* sums) {
    constexpr int rows_of_C = Sums ? KB - 1 : KB;
    Vec8 acc[KB][V];
    for (int i = 0; i < KB; ++i)
        for (int v = 0; v < V; ++v) acc[i][v] = Vec8{};
    const auto accumulate = [&](std::size_t k, const Vec8 (&b)[V]) {
        for (int i = 0; i < KB; ++i) {
            const float a = i < rows_of_C ? A[k * lda + std::size_t(i)] : 1.0f;
            for (int v = 0; v < V; ++v) acc[i][v] += a * b[v];
        }
    };
    std::size_t k = 0;
    for (; k < whole_rows; ++k) {
        Vec8 b[V];
        for (int v = 0; v < V; ++v) load(b[v], B + k * ldb + std::size_t(v) * lanes);
        accumulate(k, b);
    }
    for (; k < K; ++k) {
        Vec8 b[V];
        for (int v = 0; v < V; ++v) {
            const std::size_t first = std::size_t(v) * lanes;
            load_first(b[v], B + k * ldb + first, width > first ? width - first : 0);
        }
        accumulate(k, b);
    }
    for (int i = 0; i < rows_of_C; ++i) store_lanes<V>(acc[i], width, alpha, beta, C + std::size_t(i) * ldc);
    if constexpr (Sums) store_lanes<V>(acc[KB - 1], width, 1.0f, 1.0f, sums);
}

// The last block, of `accumulators` < KB (or, with Sums, <= KB): the block size is a template argument,
// so pick it from the count.
template <int V, bool Sums, int... Sizes>
[[gnu::always_inline]] inline void last_columns_times_rows(std::size_t accumulators, std::integer_sequence<int, Sizes...>,
                                                           std::size_t K, const float* A, std::size_t lda,
                                                           const float* B, std::size_t ldb, std::size_t width,
                                                           std::size_t whole_rows, float alpha, float beta,
                                                           float* C, std::size_t ldc, float* sums) {
    ((accumulators == std::size_t(Sizes) + 1
          ? columns_times_rows<V, Sizes + 1, Sums>(K, A, lda, B, ldb, width, whole_rows, alpha, beta, C, ldc, sums)
          : void()),
     ...);
}

// With `sums`, B's column sums ride in the last block as one more accumulator: alone, the K additions of
// a column sum would wait on each other; beside the block's other sums they cost almost nothing.
template <int V, int KB>
[[gnu::always_inline]] inline void transposed_times(std::size_t M, std::size_t K, const float* A, std::size_t lda,
                                                    const float* B, std::size_t ldb, std::size_t width, float alpha,
                                                    float beta, float* C, std::size_t ldc, float* sums) {
    const std::size_t whole_rows = whole_rows_of(K, ldb, width, V * lanes);  // rows of B read as whole vectors
    std::size_t m = 0;
    for (; m + KB <= M; m += KB)
        columns_times_rows<V, KB, false>(K, A + m, lda, B, ldb, width, whole_rows, alpha, beta, C + m * ldc, ldc,
                                         nullptr);
    if (sums != nullptr)
        last_columns_times_rows<V, true>(M - m + 1, std::make_integer_sequence<int, KB>{}, K, A + m, lda, B, ldb,
                                         width, whole_rows, alpha, beta, C + m * ldc, ldc, sums);
    else if (m < M)
        last_columns_times_rows<V, false>(M - m, std::make_integer_sequence<int, KB - 1>{}, K, A + m, lda, B, ldb,
                                          width, whole_rows, alpha, beta, C + m * ldc, ldc, nullptr);
}

NN_VECTOR_CLONES
void transposed_product(std::size_t vectors, std::size_t M, std::size_t K, const float* A, std::size_t lda,
                        const float* B, std::size_t ldb, std::size_t width, float alpha, float beta, float* C,
                        std::size_t ldc, float* sums) {
    // Sixteen registers hold the accumulators plus the row of B: 12 x 1 or 6 x 2.
    if (vectors == 1)
        transposed_times<1, 12>(M, K, A, lda, B, ldb, width, alpha, beta, C, ldc, sums);
    else
        transposed_times<2, 6>(M, K, A, lda, B, ldb, width, alpha, beta, C, ldc, sums);
}

// C = alpha A op(B) + 1 row^T + beta C, with op(B) packed on the stack as K rows of whole vectors,
// zero past column N.
void product(Transpose tb, std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
             const float* B, std::size_t ldb, const float* row, float alpha, float beta, float* C,
             std::size_t ldc) {
    alignas(64) float packed[narrow_gemm_max_inner * narrow_gemm_max_width];
    if (has_avx512 && N > lanes && beta == 0.0f) {
        avx512::pack(tb == Transpose::Yes, K, N, B, ldb, packed);
        avx512::product_with_packed(M, K, A, lda, packed, row, N, alpha, C, ldc);
        return;
    }
    const std::size_t vectors = N <= lanes ? 1 : 2, stride = vectors * lanes;
    for (std::size_t k = 0; k < K; ++k)
        for (std::size_t j = 0; j < stride; ++j)
            packed[k * stride + j] = j >= N ? 0.0f : tb == Transpose::No ? B[k * ldb + j] : B[j * ldb + k];
    product_with_packed(vectors, M, K, A, lda, packed, row, N, alpha, beta, C, ldc);
}

}  // namespace

bool narrow_gemm_use_avx512(bool enabled) {
    const bool previous = has_avx512;
    has_avx512 = enabled && avx512::available();
    return previous;
}

bool narrow_gemm_applies(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K) {
    if (N == 0 || N > narrow_gemm_max_width) return false;
    if (ta == Transpose::No) return K <= narrow_gemm_max_inner;
    return tb == Transpose::No && M <= 32;
}

void narrow_gemm(Transpose ta, Transpose tb, std::size_t M, std::size_t N, std::size_t K, float alpha,
                 const float* A, std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
                 std::size_t ldc) {
    NN_CHECK(narrow_gemm_applies(ta, tb, M, N, K),
             "narrow_gemm: a " << M << " x " << N << " result with inner dimension " << K << " is not narrow");
    if (M == 0) return;
    if (ta == Transpose::Yes) {
        if (K == 0) {  // an empty sum: C = beta C
            for (std::size_t m = 0; m < M; ++m)
                for (std::size_t n = 0; n < N; ++n) C[m * ldc + n] = beta == 0.0f ? 0.0f : beta * C[m * ldc + n];
            return;
        }
        transposed_product(N <= lanes ? 1 : 2, M, K, A, lda, B, ldb, N, alpha, beta, C, ldc, nullptr);
        return;
    }
    product(tb, M, N, K, A, lda, B, ldb, nullptr, alpha, beta, C, ldc);
}

void narrow_gemm_plus_row(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
                          const float* B, std::size_t ldb, const float* row, float* C, std::size_t ldc) {
    NN_CHECK(narrow_gemm_applies(Transpose::No, Transpose::No, M, N, K),
             "narrow_gemm_plus_row: a " << M << " x " << N << " result with inner dimension " << K
                                        << " is not narrow");
    if (M == 0) return;
    product(Transpose::No, M, N, K, A, lda, B, ldb, row, 1.0f, 0.0f, C, ldc);
}

void narrow_gemm_with_column_sums(std::size_t M, std::size_t N, std::size_t K, float alpha, const float* A,
                                  std::size_t lda, const float* B, std::size_t ldb, float beta, float* C,
                                  std::size_t ldc, float* sums) {
    NN_CHECK(narrow_gemm_applies(Transpose::Yes, Transpose::No, M, N, K),
             "narrow_gemm_with_column_sums: a " << M << " x " << N << " result is not narrow");
    if (K == 0) {  // empty sums: C = beta C, and nothing to add
        narrow_gemm(Transpose::Yes, Transpose::No, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    transposed_product(N <= lanes ? 1 : 2, M, K, A, lda, B, ldb, N, alpha, beta, C, ldc, sums);
}

}  // namespace nn
