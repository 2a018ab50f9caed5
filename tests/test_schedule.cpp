// tests/test_schedule.cpp — the sampled epochs: IDNNs' 274 log-spaced epochs of 8000 recomputed here from
// numpy's formula, small schedules worked out by hand, every-k schedules, and the impossible requests.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

#include "apps/schedule.hpp"

using Catch::Matchers::Contains;

namespace {

// IDNNs: np.unique(np.logspace(log2(1), log2(E), n, dtype=int, base=2)) - 1. numpy's linspace(0, stop, n)
// is i * (stop / (n - 1)) with the last point set to stop exactly (when n > 1); logspace raises 2 to it
// (np.power, the C library's pow), and dtype=int truncates.
std::vector<long> numpy_idnns_epochs(long epochs, long points) {
    const double stop = std::log2(double(epochs));
    std::vector<double> exponents;
    if (points == 1) exponents.push_back(0.0);
    for (long i = 0; points > 1 && i < points; ++i)
        exponents.push_back(i == points - 1 ? stop : double(i) * (stop / double(points - 1)));
    std::set<long> distinct;
    for (double exponent : exponents) distinct.insert(long(std::pow(2.0, exponent)));
    std::vector<long> out;
    for (long value : distinct) out.push_back(value - 1);
    return out;
}

}  // namespace

TEST_CASE("log_spaced_epochs(8000, 274) is IDNNs' set of 400 log-spaced points", "[apps]") {
    const std::vector<long> expected = numpy_idnns_epochs(8000, 400);
    const std::vector<long> epochs = apps::log_spaced_epochs(8000, 274);
    REQUIRE(expected.size() == 274);
    CHECK(epochs == expected);
    REQUIRE(epochs.size() == 274);
    CHECK(epochs.front() == 0);
    CHECK(epochs.back() == 7999);
    CHECK(std::is_sorted(epochs.begin(), epochs.end()));
    CHECK(std::adjacent_find(epochs.begin(), epochs.end()) == epochs.end());
    // The dense start: 2^(i * log2(8000) / 399) grows by v * (2^0.0325 - 1) < 1 per point while v < 44,
    // so epochs 0 ... 43 are all sampled and 44 is the first one skipped.
    for (long e = 0; e < 44; ++e) CHECK(epochs[std::size_t(e)] == e);
    CHECK(epochs[44] == 45);
}

TEST_CASE("log_spaced_epochs on 10 and 20 epochs, worked out by hand", "[apps]") {
    // E = 10: 2^log2(10) is 9.999999999999998 in double, so the last point truncates to 9 and the last
    // sampled epoch is 8, as numpy gives. Two points: 2^0 - 1 = 0 and 8.
    CHECK(apps::log_spaced_epochs(10, 2) == std::vector<long>{0, 8});
    // Three points: exponents 0, 1.66, 3.32 -> 1, 3.16, 9.99... -> epochs 0, 2, 8.
    CHECK(apps::log_spaced_epochs(10, 3) == std::vector<long>{0, 2, 8});
    // Four distinct epochs first appear with five points: 2^(i * 0.83) = 1, 1.78, 3.16, 5.62, 9.99...
    CHECK(apps::log_spaced_epochs(10, 4) == std::vector<long>{0, 2, 4, 8});
    // Nine epochs are every epoch that can be reached: 0 ... 8.
    CHECK(apps::log_spaced_epochs(10, 9) == std::vector<long>{0, 1, 2, 3, 4, 5, 6, 7, 8});
    // E = 20: 2^log2(20) is exactly 20. Five distinct epochs need six points:
    // 2^(i * log2(20) / 5) = 1, 1.82, 3.31, 6.03, 10.99, 20 -> 0, 0, 2, 5, 9, 19.
    CHECK(apps::log_spaced_epochs(20, 5) == std::vector<long>{0, 2, 5, 9, 19});
    CHECK(apps::log_spaced_epochs(20, 5) == numpy_idnns_epochs(20, 6));
    CHECK(apps::log_spaced_epochs(1, 1) == std::vector<long>{0});
}

TEST_CASE("log_spaced_epochs with one snapshot samples the initialisation, as numpy's one-point linspace",
          "[apps]") {
    // np.linspace(0, stop, 1) is [0] (numpy sets the last point to stop only when num > 1), so one point
    // gives 2^0 - 1 = 0, and two points already give {0, E - 1}.
    REQUIRE(numpy_idnns_epochs(8000, 1) == std::vector<long>{0});
    CHECK(apps::log_spaced_epochs(8000, 1) == std::vector<long>{0});
}

TEST_CASE("log_spaced_epochs of every reachable epoch is every epoch", "[apps]") {
    // 2^log2(128) is exactly 128, so a fine enough grid hits every epoch 0 ... 127 and no larger grid can
    // add one: the answer is all of them (without searching ever larger grids).
    std::vector<long> every(128);
    for (long e = 0; e < 128; ++e) every[std::size_t(e)] = e;
    CHECK(apps::log_spaced_epochs(128, 128) == every);
    CHECK(apps::log_spaced_epochs(2000, 2000).size() == 2000);
    // Just below every epoch: a grid finer than the formula's 127-epoch one would give 128.
    const std::vector<long> almost = apps::log_spaced_epochs(128, 127);
    CHECK(almost.size() == 127);
    CHECK(almost.back() == 127);
}

TEST_CASE("log_spaced_epochs refuses counts that no log-spaced grid gives", "[apps]") {
    CHECK_THROWS_AS(apps::log_spaced_epochs(10, 11), std::invalid_argument);
    CHECK_THROWS_WITH(apps::log_spaced_epochs(10, 11), Contains("11 snapshots") && Contains("10 epochs"));
    CHECK_THROWS_AS(apps::log_spaced_epochs(10, 0), std::invalid_argument);
    CHECK_THROWS_AS(apps::log_spaced_epochs(10, -3), std::invalid_argument);
    CHECK_THROWS_AS(apps::log_spaced_epochs(0, 1), std::invalid_argument);
    CHECK_THROWS_AS(apps::log_spaced_epochs(-5, 1), std::invalid_argument);
    // Epoch 9 of 10 is never reached (see above), so ten distinct epochs of ten cannot be had.
    CHECK_THROWS_AS(apps::log_spaced_epochs(10, 10), std::invalid_argument);
    CHECK_THROWS_WITH(apps::log_spaced_epochs(10, 10), Contains("exactly 10 distinct epochs"));
}

TEST_CASE("every_k_epochs samples 0, k, 2k, ... and the trained network", "[apps]") {
    CHECK(apps::every_k_epochs(10, 3) == std::vector<long>{0, 3, 6, 9, 10});
    CHECK(apps::every_k_epochs(9, 3) == std::vector<long>{0, 3, 6, 9});
    CHECK(apps::every_k_epochs(5, 1) == std::vector<long>{0, 1, 2, 3, 4, 5});
    CHECK(apps::every_k_epochs(5, 10) == std::vector<long>{0, 5});
    CHECK(apps::every_k_epochs(1, 1) == std::vector<long>{0, 1});
}

TEST_CASE("every_k_epochs refuses a step or an epoch count below 1", "[apps]") {
    CHECK_THROWS_AS(apps::every_k_epochs(10, 0), std::invalid_argument);
    CHECK_THROWS_AS(apps::every_k_epochs(10, -2), std::invalid_argument);
    CHECK_THROWS_AS(apps::every_k_epochs(0, 3), std::invalid_argument);
}
