// datasets/split.cpp — the three train/test splits of split.hpp and the entry point that picks one by name.
#include "datasets/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "datasets/saxe_split.hpp"
#include "nn/check.hpp"

namespace datasets {

namespace {

void check_fraction(const std::string& kind, double train_fraction) {
    NN_CHECK(train_fraction > 0.0 && train_fraction < 1.0,
             "split " << kind << ": the training fraction must lie in (0, 1), got " << train_fraction);
}

// rint(fraction * n): round half to even, as np.rint in IDNNs' perc(); 0.8 * 4096 = 3276.8 -> 3277.
std::size_t train_count(double train_fraction, std::size_t n) {
    return std::size_t(std::rint(train_fraction * double(n)));
}

void check_not_empty(const std::string& kind, const Split& split, double train_fraction) {
    NN_CHECK(!split.train.empty() && !split.test.empty(),
             "split " << kind << ": a training fraction of " << train_fraction << " of "
                      << split.train.size() + split.test.size() << " rows leaves the "
                      << (split.train.empty() ? "training" : "test") << " set empty");
}

}  // namespace

Split split_idnns(const Dataset& data, double train_fraction) {
    check_fraction("idnns", train_fraction);
    const std::size_t n = data.size();
    const std::size_t n_train = train_count(train_fraction, n);
    Split split;
    for (std::size_t i = 0; i < n; ++i) (i < n_train ? split.train : split.test).push_back(i);
    check_not_empty("idnns", split, train_fraction);
    return split;
}

Split split_saxe(const Dataset& data) {
    NN_CHECK(data.size() == kSaxeSplitRows, "split saxe: the published mask covers the "
                                                << kSaxeSplitRows << " SZT patterns, but dataset '"
                                                << data.name << "' has " << data.size() << " rows");
    const std::vector<bool> mask = saxe_train_mask();
    Split split;
    for (std::size_t i = 0; i < kSaxeSplitRows; ++i) (mask[i] ? split.train : split.test).push_back(i);
    return split;
}

Split split_random(const Dataset& data, double train_fraction, nn::Rng& rng) {
    check_fraction("random", train_fraction);
    std::map<int, std::vector<std::size_t>> rows_of_class;  // ordered by label, so draws are reproducible
    for (std::size_t i = 0; i < data.size(); ++i) {
        NN_CHECK(data.y[i] >= 0, "split random: row " << i << " has the negative label " << data.y[i]);
        rows_of_class[data.y[i]].push_back(i);
    }
    Split split;
    for (auto& [label, rows] : rows_of_class) {
        rng.shuffle(rows);
        const std::size_t n_train = train_count(train_fraction, rows.size());
        split.train.insert(split.train.end(), rows.begin(), rows.begin() + std::ptrdiff_t(n_train));
        split.test.insert(split.test.end(), rows.begin() + std::ptrdiff_t(n_train), rows.end());
    }
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.test.begin(), split.test.end());
    check_not_empty("random", split, train_fraction);
    return split;
}

Split make_split(const std::string& kind, const Dataset& data, double train_fraction, nn::Rng& rng) {
    if (kind == "idnns") return split_idnns(data, train_fraction);
    if (kind == "random") return split_random(data, train_fraction, rng);
    NN_CHECK(kind == "saxe", "unknown split '" << kind << "'; known splits: idnns, saxe, random");
    check_fraction("saxe", train_fraction);
    const std::vector<bool> mask = saxe_train_mask();
    const auto n_train = std::size_t(std::count(mask.begin(), mask.end(), true));
    NN_CHECK(train_count(train_fraction, kSaxeSplitRows) == n_train,
             "split saxe: the published split trains on " << n_train << " of " << kSaxeSplitRows
                                                          << " rows (fraction 0.8), not a fraction of "
                                                          << train_fraction);
    return split_saxe(data);
}

}  // namespace datasets
