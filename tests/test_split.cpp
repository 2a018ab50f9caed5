// tests/test_split.cpp — the idnns, saxe and random splits: sizes, rounding, the published mask, strata,
// seeds, and every rejected argument.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>

#include "datasets/split.hpp"
#include "datasets/szt.hpp"

namespace {

// A dataset of n rows whose labels are `labels` repeated.
datasets::Dataset toy(std::size_t n, const std::vector<int>& labels = {0, 1}) {
    datasets::Dataset data;
    data.name = "toy";
    data.x = nn::Tensor({n, 1});
    for (std::size_t i = 0; i < n; ++i) {
        data.y.push_back(labels[i % labels.size()]);
        data.input_id.push_back(int(i));
    }
    data.num_classes = *std::max_element(labels.begin(), labels.end()) + 1;
    return data;
}

std::vector<std::size_t> range(std::size_t from, std::size_t to) {
    std::vector<std::size_t> r;
    for (std::size_t i = from; i < to; ++i) r.push_back(i);
    return r;
}

// train and test are sorted, disjoint, and together every row 0..n-1.
void require_partition(const datasets::Split& split, std::size_t n) {
    REQUIRE(std::is_sorted(split.train.begin(), split.train.end()));
    REQUIRE(std::is_sorted(split.test.begin(), split.test.end()));
    std::vector<std::size_t> all = split.train;
    all.insert(all.end(), split.test.begin(), split.test.end());
    std::sort(all.begin(), all.end());
    REQUIRE(all == range(0, n));
}

int positives(const datasets::Dataset& data, const std::vector<std::size_t>& rows) {
    int count = 0;
    for (std::size_t i : rows) count += data.y[i];
    return count;
}

}  // namespace

TEST_CASE("split_idnns: the first rint(0.8 N) rows train, as IDNNs", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();
    const datasets::Split split = datasets::split_idnns(szt);
    REQUIRE(split.train == range(0, 3277));
    REQUIRE(split.test == range(3277, 4096));

    // rint rounds half to even: 0.5 * 5 = 2.5 -> 2, 0.7 * 5 = 3.5 -> 4.
    REQUIRE(datasets::split_idnns(toy(5), 0.5).train == range(0, 2));
    REQUIRE(datasets::split_idnns(toy(5), 0.7).train == range(0, 4));
    REQUIRE(datasets::split_idnns(toy(5), 0.7).test == range(4, 5));

    REQUIRE_THROWS_WITH(datasets::split_idnns(toy(1), 0.8),
                        Catch::Matchers::Contains("leaves the test set empty"));
    REQUIRE_THROWS_WITH(datasets::split_idnns(toy(4), 0.1),
                        Catch::Matchers::Contains("leaves the training set empty"));
}

TEST_CASE("split_saxe: equals the published mask, 3277/819 with 1692 positives in train", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();
    const datasets::Split split = datasets::split_saxe(szt);
    require_partition(split, 4096);
    REQUIRE(split.train.size() == 3277);
    REQUIRE(split.test.size() == 819);
    REQUIRE(positives(szt, split.train) == 1692);
    REQUIRE(positives(szt, split.test) == 426);

    const std::string path = std::string(INFOPLANE_SHARED_DIR) + "/data/szt/saxe_split_train_mask_hex.txt";
    std::ifstream in(path);
    REQUIRE(in);
    std::string hex;
    std::getline(in, hex);
    REQUIRE(hex.size() == 1024);
    std::vector<std::size_t> train_from_file;
    for (std::size_t i = 0; i < 4096; ++i) {
        const char c = hex[i / 4];
        const int nibble = c <= '9' ? c - '0' : c - 'a' + 10;
        if ((nibble >> (3 - i % 4)) & 1) train_from_file.push_back(i);
    }
    REQUIRE(split.train == train_from_file);

    REQUIRE_THROWS_AS(datasets::split_saxe(toy(4095)), std::invalid_argument);
    REQUIRE_THROWS_WITH(datasets::split_saxe(toy(10)), Catch::Matchers::Contains("4096 SZT patterns") &&
                                                           Catch::Matchers::Contains("has 10 rows"));
}

TEST_CASE("split_random: stratified by label, reproducible by seed", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();  // 1978 negatives, 2118 positives
    nn::Rng rng(42);
    const datasets::Split split = datasets::split_random(szt, 0.8, rng);
    require_partition(split, 4096);
    // rint(0.8 * 2118) = rint(1694.4) = 1694 positives, rint(0.8 * 1978) = rint(1582.4) = 1582 negatives.
    REQUIRE(positives(szt, split.train) == 1694);
    REQUIRE(split.train.size() == 1694 + 1582);

    nn::Rng same(42), other(43);
    REQUIRE(datasets::split_random(szt, 0.8, same).train == split.train);
    REQUIRE(datasets::split_random(szt, 0.8, other).train != split.train);

    // Three classes of 10 rows each, fraction 0.25: rint(2.5) = 2 of each class train.
    const datasets::Dataset three = toy(30, {0, 1, 2});
    nn::Rng rng3(7);
    const datasets::Split small = datasets::split_random(three, 0.25, rng3);
    require_partition(small, 30);
    std::vector<int> per_class(3, 0);
    for (std::size_t i : small.train) ++per_class[std::size_t(three.y[i])];
    REQUIRE(per_class == std::vector<int>{2, 2, 2});

    datasets::Dataset negative = toy(4);
    negative.y[2] = -1;
    REQUIRE_THROWS_WITH(datasets::split_random(negative, 0.5, rng), Catch::Matchers::Contains("row 2"));
}

TEST_CASE("make_split: dispatch by name, and every rejected argument", "[datasets]") {
    const datasets::Dataset szt = datasets::make_szt();
    nn::Rng rng(1);
    REQUIRE(datasets::make_split("idnns", szt, 0.8, rng).train == datasets::split_idnns(szt, 0.8).train);
    REQUIRE(datasets::make_split("saxe", szt, 0.8, rng).train == datasets::split_saxe(szt).train);
    nn::Rng fresh(5), fresh_again(5);
    REQUIRE(datasets::make_split("random", szt, 0.8, fresh).train ==
            datasets::split_random(szt, 0.8, fresh_again).train);

    REQUIRE_THROWS_AS(datasets::make_split("kfold", szt, 0.8, rng), std::invalid_argument);
    REQUIRE_THROWS_WITH(datasets::make_split("kfold", szt, 0.8, rng),
                        Catch::Matchers::Contains("unknown split 'kfold'") &&
                            Catch::Matchers::Contains("idnns, saxe, random"));
    for (const char* kind : {"idnns", "saxe", "random"}) {
        for (double bad : {0.0, 1.0, -0.5, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
            INFO(kind << " with fraction " << bad);
            REQUIRE_THROWS_AS(datasets::make_split(kind, szt, bad, rng), std::invalid_argument);
            REQUIRE_THROWS_WITH(datasets::make_split(kind, szt, bad, rng),
                                Catch::Matchers::Contains("(0, 1)"));
        }
    }
    REQUIRE_THROWS_WITH(datasets::make_split("saxe", szt, 0.5, rng),
                        Catch::Matchers::Contains("3277 of 4096 rows"));
}
