// tests/test_rng.cpp — nn::Rng: reproducibility, the engine the C++ standard fixes, the ranges and
// moments of each distribution on 100000 draws (bounds stated per test), permutations, and the
// checkpoint state round trip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;

namespace {

constexpr int draws = 100000;

// Pearson's statistic sum (observed - expected)^2 / expected for equal expected counts.
double chi_square(const std::vector<int>& counts) {
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    const double expected = total / double(counts.size());
    double statistic = 0.0;
    for (int c : counts) statistic += (c - expected) * (c - expected) / expected;
    return statistic;
}

}  // namespace

TEST_CASE("the engine is mt19937_64 as the standard fixes it", "[nn]") {
    nn::Rng rng(5489);  // [rand.predef]: the 10000th output of a default-seeded mt19937_64
    std::uint64_t value = 0;
    for (int i = 0; i < 10000; ++i) value = rng.next();
    REQUIRE(value == 9981545732273789042ull);
}

TEST_CASE("the same seed gives the same sequence, another seed another", "[nn]") {
    nn::Rng a(17), b(17), c(18);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const double x = a.uniform(), y = b.uniform(), z = c.uniform();
        REQUIRE(x == y);
        differs = differs || x != z;
        REQUIRE(a.normal() == b.normal());
        REQUIRE(a.uniform_int(10) == b.uniform_int(10));
    }
    REQUIRE(differs);
}

TEST_CASE("uniform is in 0 <= u < 1 with mean 1/2 and variance 1/12", "[nn]") {
    nn::Rng rng(1);
    double sum = 0.0, sum_squares = 0.0, lo = 1.0, hi = 0.0;
    for (int i = 0; i < draws; ++i) {
        const double u = rng.uniform();
        lo = std::min(lo, u);
        hi = std::max(hi, u);
        sum += u;
        sum_squares += u * u;
    }
    REQUIRE(lo >= 0.0);
    REQUIRE(hi < 1.0);
    REQUIRE(lo < 1e-3);
    REQUIRE(hi > 1.0 - 1e-3);
    // 5 standard errors: sqrt(1/12 / n) = 0.00091 for the mean, sqrt(1/180 / n) = 0.00024 for E[u^2]
    REQUIRE_THAT(sum / draws, WithinAbs(0.5, 0.0046));
    REQUIRE_THAT(sum_squares / draws, WithinAbs(1.0 / 3.0, 0.0012));

    for (int i = 0; i < 1000; ++i) {
        const double u = rng.uniform(-2.0, 3.0);
        REQUIRE(u >= -2.0);
        REQUIRE(u < 3.0);
    }
}

TEST_CASE("uniform_int covers {0..n-1} evenly", "[nn]") {
    nn::Rng rng(2);
    std::vector<int> counts(10, 0);
    for (int i = 0; i < draws; ++i) {
        const std::size_t k = rng.uniform_int(10);
        REQUIRE(k < 10);
        ++counts[k];
    }
    // chi-square with 9 degrees of freedom: mean 9, sd 4.2; P(> 40) is about 5e-6
    REQUIRE(chi_square(counts) < 40.0);

    for (int i = 0; i < 100; ++i) REQUIRE(rng.uniform_int(1) == 0);
    // 2^63 + 1: about half of all 64-bit draws are rejected, and the results still fall in range
    const std::size_t huge = (std::size_t(1) << 63) + 1;
    int upper_half = 0;
    for (int i = 0; i < 10000; ++i) {
        const std::size_t k = rng.uniform_int(huge);
        REQUIRE(k < huge);
        upper_half += k >= huge / 2;
    }
    REQUIRE_THAT(upper_half / 10000.0, WithinAbs(0.5, 0.025));  // 5 standard errors
    REQUIRE_THROWS_AS(rng.uniform_int(0), std::invalid_argument);
}

TEST_CASE("normal has mean 0, variance 1 and the normal's 68% within one sd", "[nn]") {
    nn::Rng rng(3);
    double sum = 0.0, sum_squares = 0.0;
    int within_one = 0;
    for (int i = 0; i < draws; ++i) {
        const double z = rng.normal();
        sum += z;
        sum_squares += z * z;
        within_one += std::abs(z) < 1.0;
    }
    // 5 standard errors: 1/sqrt(n) = 0.0032 for the mean, sqrt(2/n) = 0.0045 for E[z^2],
    // sqrt(p (1 - p) / n) = 0.0015 for the fraction within one sd
    REQUIRE_THAT(sum / draws, WithinAbs(0.0, 0.016));
    REQUIRE_THAT(sum_squares / draws, WithinAbs(1.0, 0.023));
    REQUIRE_THAT(double(within_one) / draws, WithinAbs(0.6826895, 0.0075));
}

TEST_CASE("truncated_normal stays within its limit with the truncated variance", "[nn]") {
    nn::Rng rng(4);
    double sum_squares = 0.0, max_abs = 0.0;
    for (int i = 0; i < draws; ++i) {
        const double z = rng.truncated_normal(2.0);
        max_abs = std::max(max_abs, std::abs(z));
        sum_squares += z * z;
    }
    REQUIRE(max_abs <= 2.0);
    REQUIRE(max_abs > 1.99);
    // variance 1 - 4 phi(2) / (2 Phi(2) - 1) = 0.77374; 5 standard errors of E[z^2] are below 0.02
    REQUIRE_THAT(sum_squares / draws, WithinAbs(0.7737413, 0.02));
    REQUIRE_THROWS_AS(rng.truncated_normal(0.0), std::invalid_argument);
    REQUIRE_THROWS_AS(rng.truncated_normal(-1.0), std::invalid_argument);
}

TEST_CASE("permutation is a permutation, and all orders are equally likely", "[nn]") {
    nn::Rng rng(5);
    std::vector<std::size_t> p = rng.permutation(1000);
    REQUIRE(p.size() == 1000);
    REQUIRE_FALSE(std::is_sorted(p.begin(), p.end()));
    std::sort(p.begin(), p.end());
    for (std::size_t i = 0; i < p.size(); ++i) REQUIRE(p[i] == i);
    REQUIRE(rng.permutation(0).empty());
    REQUIRE(rng.permutation(1) == std::vector<std::size_t>{0});

    // The 6 orders of 3 items over 60000 shuffles: chi-square with 5 degrees of freedom, P(> 30) ~ 1.5e-5.
    std::map<std::vector<std::size_t>, int> seen;
    for (int i = 0; i < 60000; ++i) ++seen[rng.permutation(3)];
    REQUIRE(seen.size() == 6);
    std::vector<int> counts;
    for (const auto& [order, count] : seen) counts.push_back(count);
    REQUIRE(chi_square(counts) < 30.0);

    std::vector<std::size_t> items{4, 4, 9, 1};
    rng.shuffle(items);
    std::sort(items.begin(), items.end());
    REQUIRE(items == std::vector<std::size_t>{1, 4, 4, 9});
}

TEST_CASE("state() and set_state() continue the identical sequence", "[nn]") {
    for (bool pending_spare : {false, true}) {
        INFO("pending spare normal: " << pending_spare);
        nn::Rng original(6);
        original.normal();
        if (!pending_spare) original.normal();  // the pair is used up
        const std::string saved = original.state();

        nn::Rng restored(999);
        restored.normal();  // leaves a spare of its own, which set_state must replace
        restored.set_state(saved);
        REQUIRE(restored.state() == saved);
        for (int i = 0; i < 50; ++i) {
            REQUIRE(restored.normal() == original.normal());
            REQUIRE(restored.uniform() == original.uniform());
            REQUIRE(restored.next() == original.next());
        }
    }
    nn::Rng rng(7);
    REQUIRE_THROWS_AS(rng.set_state("not a state"), std::invalid_argument);
    REQUIRE_THROWS_AS(rng.set_state(""), std::invalid_argument);
}

TEST_CASE("set_state refuses damaged text and leaves the Rng as it was", "[nn]") {
    nn::Rng source(11);
    source.normal();  // a pending spare: the state ends in "1 <hexfloat>"
    const std::string saved = source.state();
    const std::string engine = saved.substr(0, saved.rfind(' ', saved.rfind(' ') - 1));
    nn::Rng rng(12);
    const std::string before = rng.state();
    for (const std::string& damaged : {engine,                       // no spare fields
                                       engine + " 2 0x1p+0",         // a flag that is not 0 or 1
                                       engine + " 1 0x1p+0z",        // junk in the spare
                                       engine + " 1 nonsense",       // a spare that is no number
                                       saved + " extra",             // trailing text
                                       saved.substr(0, saved.size() / 2)}) {
        INFO(damaged.substr(damaged.size() > 40 ? damaged.size() - 40 : 0));
        REQUIRE_THROWS_AS(rng.set_state(damaged), std::invalid_argument);
        REQUIRE(rng.state() == before);
    }
    rng.set_state(engine + " 1 0x1.8p+1");  // the spare is 3.0 exactly
    REQUIRE(rng.normal() == 3.0);
}
