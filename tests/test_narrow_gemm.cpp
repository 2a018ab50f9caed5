// tests/test_narrow_gemm.cpp — the narrow matrix products against the plain triple loop they promise to
// equal bit for bit (each sum in order, one rounded product and one rounded sum per term), over every
// width 1..16, row counts around the blocking, strided operands, and the three forms the engine uses.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "nn/linalg.hpp"
#include "nn/narrow_gemm.hpp"
#include "nn/rng.hpp"

namespace {

using nn::Transpose;

struct Product {
    Transpose ta, tb;
    std::size_t M, N, K;
};

// op(X)[i, j] of a row-major X with leading dimension ld.
float element(const std::vector<float>& x, std::size_t ld, Transpose t, std::size_t i, std::size_t j) {
    return t == Transpose::No ? x[i * ld + j] : x[j * ld + i];
}

// The reference: C = alpha op(A) op(B) + beta C, the sum over k in order.
std::vector<float> reference(const Product& p, float alpha, const std::vector<float>& a, std::size_t lda,
                             const std::vector<float>& b, std::size_t ldb, float beta, std::vector<float> c,
                             std::size_t ldc) {
    for (std::size_t m = 0; m < p.M; ++m)
        for (std::size_t n = 0; n < p.N; ++n) {
            float sum = 0.0f;
            for (std::size_t k = 0; k < p.K; ++k)
                sum = sum + element(a, lda, p.ta, m, k) * element(b, ldb, p.tb, k, n);
            float& out = c[m * ldc + n];
            out = beta == 0.0f ? alpha * sum : alpha * sum + beta * out;
        }
    return c;
}

std::vector<float> random_floats(std::size_t n, nn::Rng& rng) {
    std::vector<float> x(n);
    for (float& v : x) v = static_cast<float>(rng.normal());
    return x;
}

// Runs one product with operands padded by `pad` columns (strides wider than the rows) and checks it.
void check_product(const Product& p, float alpha, float beta, std::size_t pad, nn::Rng& rng) {
    REQUIRE(nn::narrow_gemm_applies(p.ta, p.tb, p.M, p.N, p.K));
    const std::size_t a_rows = p.ta == Transpose::No ? p.M : p.K, a_cols = p.ta == Transpose::No ? p.K : p.M;
    const std::size_t b_rows = p.tb == Transpose::No ? p.K : p.N, b_cols = p.tb == Transpose::No ? p.N : p.K;
    const std::size_t lda = a_cols + pad, ldb = b_cols + pad, ldc = p.N + pad;
    // Exactly as long as the last row needs: a read past the end would touch memory outside the vector.
    const auto a = random_floats(a_rows == 0 ? 0 : (a_rows - 1) * lda + a_cols, rng);
    const auto b = random_floats(b_rows == 0 ? 0 : (b_rows - 1) * ldb + b_cols, rng);
    auto c = random_floats((p.M - 1) * ldc + p.N, rng);
    if (beta == 0.0f)  // beta 0 must not read C: NaN there would survive any arithmetic
        for (float& v : c) v = std::numeric_limits<float>::quiet_NaN();
    const auto expected = reference(p, alpha, a, lda, b, ldb, beta, c, ldc);
    nn::narrow_gemm(p.ta, p.tb, p.M, p.N, p.K, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
    for (std::size_t m = 0; m < p.M; ++m)
        for (std::size_t n = 0; n < p.N; ++n) {
            INFO("M " << p.M << " N " << p.N << " K " << p.K << " at (" << m << ", " << n << ")");
            const float got = c[m * ldc + n], want = expected[m * ldc + n];
            REQUIRE((got == want || (std::isnan(got) && std::isnan(want))));
        }
}

// Sets the narrow kernels for one scope: the AVX-512 ones (where the CPU has them) or the eight-float ones.
class UseAvx512 {
public:
    explicit UseAvx512(bool enabled) : previous_(nn::narrow_gemm_use_avx512(enabled)) {}
    ~UseAvx512() { nn::narrow_gemm_use_avx512(previous_); }
    UseAvx512(const UseAvx512&) = delete;
    UseAvx512& operator=(const UseAvx512&) = delete;

private:
    bool previous_;
};

}  // namespace

// Both kernel sets where the CPU has AVX-512 (elsewhere both runs take the eight-float kernels).
TEST_CASE("narrow X W equals the ordered sum for every width", "[nn]") {
    for (const bool avx512 : {false, true}) {
        const UseAvx512 kernels(avx512);
        nn::Rng rng(11);
        for (std::size_t N = 1; N <= 16; ++N)
            for (std::size_t M : {1u, 3u, 4u, 7u, 8u, 9u, 33u})
                for (std::size_t K : {1u, 5u, 12u, 40u}) {
                    check_product({Transpose::No, Transpose::No, M, N, K}, 1.0f, 0.0f, 0, rng);
                    check_product({Transpose::No, Transpose::No, M, N, K}, -0.5f, 0.0f, 2, rng);
                    check_product({Transpose::No, Transpose::No, M, N, K}, 1.0f, 1.0f, 3, rng);
                }
    }
}

TEST_CASE("narrow dY W^T equals the ordered sum for every width", "[nn]") {
    for (const bool avx512 : {false, true}) {
        const UseAvx512 kernels(avx512);
        nn::Rng rng(12);
        for (std::size_t N = 1; N <= 16; ++N)
            for (std::size_t M : {1u, 5u, 256u})
                for (std::size_t K : {1u, 10u, 20u}) {
                    check_product({Transpose::No, Transpose::Yes, M, N, K}, 1.0f, 0.0f, 0, rng);
                    check_product({Transpose::No, Transpose::Yes, M, N, K}, 1.0f, 1.0f, 0, rng);
                    check_product({Transpose::No, Transpose::Yes, M, N, K}, -0.5f, 2.0f, 2, rng);
                }
    }
}

TEST_CASE("narrow_gemm_use_avx512 returns the previous setting", "[nn]") {
    const bool initial = nn::narrow_gemm_use_avx512(false);
    REQUIRE_FALSE(nn::narrow_gemm_use_avx512(true));
    // Back to the initial setting: true exactly where the CPU has AVX-512, which is also the default.
    REQUIRE(nn::narrow_gemm_use_avx512(initial) == initial);
}

TEST_CASE("narrow X^T dY equals the ordered sum for every block size", "[nn]") {
    nn::Rng rng(13);
    for (std::size_t N = 1; N <= 16; ++N)
        for (std::size_t M = 1; M <= 32; M += 1 + M / 4)  // 1..32: whole blocks of 12 or 6 rows and every remainder
            for (std::size_t K : {1u, 2u, 9u, 300u}) {
                check_product({Transpose::Yes, Transpose::No, M, N, K}, 1.0f, 1.0f, 0, rng);
                check_product({Transpose::Yes, Transpose::No, M, N, K}, 1.0f, 0.0f, 5, rng);
            }
}

TEST_CASE("an empty inner dimension scales C by beta", "[nn]") {
    std::vector<float> c = {1, 2, 3, 4};
    nn::narrow_gemm(Transpose::No, Transpose::No, 2, 2, 0, 1.0f, nullptr, 1, nullptr, 2, 0.5f, c.data(), 2);
    REQUIRE(c == std::vector<float>{0.5f, 1, 1.5f, 2});
    nn::narrow_gemm(Transpose::Yes, Transpose::No, 2, 2, 0, 1.0f, nullptr, 2, nullptr, 2, 0.0f, c.data(), 2);
    REQUIRE(c == std::vector<float>{0, 0, 0, 0});
}

TEST_CASE("gemm takes the narrow path only where it applies and agrees with OpenBLAS elsewhere", "[nn]") {
    REQUIRE(nn::narrow_gemm_applies(Transpose::No, Transpose::No, 3482, 10, 12));
    REQUIRE(nn::narrow_gemm_applies(Transpose::No, Transpose::Yes, 256, 12, 10));
    REQUIRE(nn::narrow_gemm_applies(Transpose::Yes, Transpose::No, 12, 10, 3482));
    REQUIRE_FALSE(nn::narrow_gemm_applies(Transpose::No, Transpose::No, 128, 17, 10));       // too wide
    REQUIRE_FALSE(nn::narrow_gemm_applies(Transpose::No, Transpose::No, 128, 10, 513));      // B too long to pack
    REQUIRE_FALSE(nn::narrow_gemm_applies(Transpose::Yes, Transpose::No, 33, 10, 128));      // too many result rows
    REQUIRE_FALSE(nn::narrow_gemm_applies(Transpose::Yes, Transpose::Yes, 4, 4, 4));
    REQUIRE_THROWS_AS(nn::narrow_gemm(Transpose::No, Transpose::No, 2, 17, 1, 1.0f, nullptr, 1, nullptr, 17, 0.0f,
                                      nullptr, 17),
                      std::invalid_argument);

    // A wide product goes to OpenBLAS; the narrow one next to it must agree to rounding.
    nn::Rng rng(14);
    const std::size_t M = 64, K = 30, N = 16;
    const auto a = random_floats(M * K, rng), b = random_floats(K * 2 * N, rng);
    std::vector<float> wide(M * 2 * N), narrow(M * N);
    nn::gemm(Transpose::No, Transpose::No, M, 2 * N, K, 1.0f, a.data(), K, b.data(), 2 * N, 0.0f, wide.data(), 2 * N);
    nn::gemm(Transpose::No, Transpose::No, M, N, K, 1.0f, a.data(), K, b.data(), 2 * N, 0.0f, narrow.data(), N);
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t n = 0; n < N; ++n) REQUIRE_THAT(narrow[m * N + n], Catch::Matchers::WithinAbs(wide[m * 2 * N + n], 1e-4));
}

TEST_CASE("gemm_plus_row adds the row after the sum, narrow or wide", "[nn]") {
    nn::Rng rng(15);
    for (std::size_t N : {1u, 7u, 12u, 16u, 40u}) {  // 40: OpenBLAS after filling C with the row
        const std::size_t M = 37, K = 9;
        const auto a = random_floats(M * K, rng), b = random_floats(K * N, rng), row = random_floats(N, rng);
        std::vector<float> c(M * N);
        nn::gemm_plus_row(M, N, K, a.data(), b.data(), row.data(), c.data());
        const auto sums = reference({Transpose::No, Transpose::No, M, N, K}, 1.0f, a, K, b, N, 0.0f,
                                    std::vector<float>(M * N), N);
        for (std::size_t i = 0; i < M * N; ++i) {
            INFO("N " << N << " element " << i);
            if (N <= nn::narrow_gemm_max_width)
                REQUIRE(c[i] == sums[i] + row[i % N]);
            else
                REQUIRE_THAT(c[i], Catch::Matchers::WithinAbs(sums[i] + row[i % N], 1e-4));
        }
    }
}

TEST_CASE("narrow X^T dY with column sums equals the two products apart, bit for bit", "[nn]") {
    nn::Rng rng(14);
    for (std::size_t N = 1; N <= 16; ++N)
        for (std::size_t M = 1; M <= 32; M += 1 + M / 5)  // every block remainder, and whole blocks
            for (std::size_t K : {1u, 7u, 300u}) {
                INFO("M " << M << " N " << N << " K " << K);
                const auto a = random_floats(K * M, rng), b = random_floats(K * N, rng);
                const auto c = random_floats(M * N, rng), sums = random_floats(N, rng);
                auto c_apart = c, sums_apart = sums, c_together = c, sums_together = sums;
                nn::narrow_gemm(Transpose::Yes, Transpose::No, M, N, K, 1.0f, a.data(), M, b.data(), N, 1.0f,
                                c_apart.data(), N);
                nn::add_column_sums(b.data(), K, N, sums_apart.data());
                nn::narrow_gemm_with_column_sums(M, N, K, 1.0f, a.data(), M, b.data(), N, 1.0f, c_together.data(), N,
                                                 sums_together.data());
                REQUIRE(c_together == c_apart);
                REQUIRE(sums_together == sums_apart);
            }
}

TEST_CASE("weight_and_bias_gradients equals gemm and add_column_sums, narrow or wide", "[nn]") {
    nn::Rng rng(15);
    for (std::size_t M : {3u, 10u, 40u})      // output width: narrow up to 16
        for (std::size_t K : {4u, 12u, 50u}) {  // input width: narrow weight gradients have at most 32 rows
            const std::size_t N = 37;
            INFO("K " << K << " M " << M);
            const auto x = random_floats(N * K, rng), dy = random_floats(N * M, rng);
            for (const float beta : {0.0f, 1.0f}) {
                auto dw_apart = random_floats(K * M, rng), db_apart = random_floats(M, rng);
                auto dw_together = dw_apart, db_together = db_apart;
                nn::gemm(Transpose::Yes, Transpose::No, K, M, N, 1.0f, x.data(), K, dy.data(), M, beta, dw_apart.data(),
                         M);
                nn::add_column_sums(dy.data(), N, M, db_apart.data());
                nn::weight_and_bias_gradients(N, K, M, x.data(), dy.data(), beta, dw_together.data(),
                                              db_together.data());
                REQUIRE(dw_together == dw_apart);
                REQUIRE(db_together == db_apart);
            }
        }
}
