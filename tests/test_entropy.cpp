// tests/test_entropy.cpp — grouping identical rows and the plug-in entropies, against hand-computed values
// and a brute-force (std::map) grouping.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <vector>

#include "estimators/entropy.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;
using estimators::Codes;
using estimators::Grouping;

namespace {

Codes codes_of(std::size_t rows, std::size_t cols, std::vector<std::int64_t> data) {
    return Codes{rows, cols, std::move(data)};
}

}  // namespace

TEST_CASE("entropy: groups are numbered by first appearance", "[estimators]") {
    // rows: a b a c b a
    const Grouping g = estimators::group_rows(codes_of(6, 2, {1, 2, 3, 4, 1, 2, 5, 6, 3, 4, 1, 2}));
    CHECK(g.ids == std::vector<int>{0, 1, 0, 2, 1, 0});
    CHECK(g.sizes == std::vector<std::size_t>{3, 2, 1});
    CHECK(g.count() == 3);
}

TEST_CASE("entropy: uniform over k patterns is log2 k", "[estimators]") {
    for (const std::size_t k : {1, 2, 3, 5, 8, 12}) {
        const std::size_t repeats = 3;
        Codes codes{k * repeats, 1, {}};
        for (std::size_t r = 0; r < k * repeats; ++r) codes.data.push_back(std::int64_t(r % k) * 1000 - 7);
        const Grouping g = estimators::group_rows(codes);
        REQUIRE(g.count() == k);
        CHECK_THAT(estimators::entropy_bits(g), WithinAbs(std::log2(double(k)), 1e-14));
    }
    // N distinct rows: exactly log2 N (the saturation value of I(X;T) without input ids).
    Codes distinct{4096, 1, {}};
    for (std::int64_t r = 0; r < 4096; ++r) distinct.data.push_back(r);
    CHECK(estimators::entropy_bits(estimators::group_rows(distinct)) == 12.0);
    // One group of any size is exactly 0 bits, never a rounding residue below it (2000 rows: -1.8e-15).
    for (const std::size_t n : {1u, 3u, 2000u, 10000u}) {
        const Codes same{n, 1, std::vector<std::int64_t>(n, 4)};
        CHECK(estimators::entropy_bits(estimators::group_rows(same)) == 0.0);
    }
}

TEST_CASE("entropy: a 2x2 joint distribution by hand", "[estimators]") {
    // Counts of (t, y): (0,0)=3, (1,0)=1, (0,1)=1, (1,1)=3 over N = 8.
    const std::vector<int> t = {0, 0, 0, 1, 0, 1, 1, 1};
    const std::vector<int> y = {0, 0, 0, 0, 1, 1, 1, 1};
    const Grouping gt = estimators::group_ids(t);
    const Grouping gy = estimators::group_ids(y);
    // H(T) = 1; H(T|Y=y) = H(3/4, 1/4) for both y; I(T;Y) = 1 - H(3/4, 1/4).
    const double h_3_1 = -(0.75 * std::log2(0.75) + 0.25 * std::log2(0.25));  // 0.8113 bit
    CHECK_THAT(estimators::entropy_bits(gt), WithinAbs(1.0, 1e-15));
    CHECK_THAT(estimators::conditional_entropy_bits(gt, gy), WithinAbs(h_3_1, 1e-15));
    CHECK_THAT(estimators::mutual_information_bits(gt, gy), WithinAbs(1.0 - h_3_1, 1e-15));
    CHECK_THAT(estimators::mutual_information_bits(gy, gt), WithinAbs(1.0 - h_3_1, 1e-15));  // symmetric
}

TEST_CASE("entropy: unequal groups and conditioning by hand", "[estimators]") {
    // T counts 4, 2, 2 of 8: H = 1.5. Given G = {first half, second half}: T|G=0 is {a,a,a,a} (0 bit),
    // T|G=1 is {b,b,c,c} (1 bit): H(T|G) = 0.5, I = 1.
    const Grouping t = estimators::group_ids({5, 5, 5, 5, 6, 6, 7, 7});
    const Grouping g = estimators::group_ids({-3, -3, -3, -3, 40, 40, 40, 40});
    CHECK_THAT(estimators::entropy_bits(t), WithinAbs(1.5, 1e-15));
    CHECK_THAT(estimators::conditional_entropy_bits(t, g), WithinAbs(0.5, 1e-15));
    CHECK_THAT(estimators::mutual_information_bits(t, g), WithinAbs(1.0, 1e-15));
    // Conditioning on every row distinct leaves nothing; on a constant leaves H(T).
    const Grouping each = estimators::group_ids({0, 1, 2, 3, 4, 5, 6, 7});
    const Grouping none = estimators::group_ids({9, 9, 9, 9, 9, 9, 9, 9});
    CHECK(estimators::conditional_entropy_bits(t, each) == 0.0);
    CHECK_THAT(estimators::conditional_entropy_bits(t, none), WithinAbs(1.5, 1e-15));
}

TEST_CASE("entropy: hashing groups exactly like a brute-force map", "[estimators]") {
    nn::Rng rng(5);
    const std::size_t rows = 3000, cols = 4;
    Codes codes{rows, cols, {}};
    for (std::size_t i = 0; i < rows * cols; ++i) {
        // a small alphabet (many repeats) plus codes that differ only in the high bits
        const std::int64_t small = std::int64_t(rng.uniform_int(3));
        codes.data.push_back(rng.uniform_int(10) == 0 ? small + (std::int64_t(1) << 40) : small);
    }
    const Grouping g = estimators::group_rows(codes);

    std::map<std::vector<std::int64_t>, int> reference;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::vector<std::int64_t> row(codes.data.begin() + long(r * cols),
                                            codes.data.begin() + long((r + 1) * cols));
        const auto [it, inserted] = reference.try_emplace(row, int(reference.size()));
        INFO("row " << r);
        REQUIRE(g.ids[r] == it->second);  // same first-appearance numbering
    }
    REQUIRE(g.count() == reference.size());
}

TEST_CASE("entropy: grouping rows of a matrix (input ids from X)", "[estimators]") {
    nn::Matrix x(5, 2);
    x.data = {0.0, 1.0,  -0.0, 1.0,  0.0, std::nextafter(1.0, 2.0),  0.5, -2.0,  0.5, -2.0};
    const Grouping g = estimators::group_rows(x);
    CHECK(g.ids == std::vector<int>{0, 0, 1, 2, 2});  // -0.0 == 0.0; 1 and the next double differ

    x.at(3, 1) = std::nan("");
    CHECK_THROWS_WITH(estimators::group_rows(x), "group_rows: value at row 3, column 1 is NaN");
    nn::Matrix bad(2, 3);
    bad.data.resize(5);
    CHECK_THROWS_WITH(estimators::group_rows(bad), "group_rows: matrix holds 5 values, not 2 x 3");
}

TEST_CASE("entropy: precondition errors", "[estimators]") {
    CHECK_THROWS_WITH(estimators::group_rows(codes_of(2, 2, {1, 2, 3})), "group_rows: codes hold 3 values, not 2 x 2");
    CHECK_THROWS_WITH(estimators::entropy_bits(Grouping{}), "entropy_bits: no samples");
    const Grouping t = estimators::group_ids({1, 2, 3});
    CHECK_THROWS_WITH(estimators::conditional_entropy_bits(t, estimators::group_ids({1, 2})),
                      "conditional_entropy_bits: 3 rows of T but 2 conditioning ids");
    CHECK_THROWS_WITH(estimators::conditional_entropy_bits(Grouping{}, Grouping{}),
                      "conditional_entropy_bits: no samples");
}
