// estimators/ksg.cpp — KSG (Kraskov, Stögbauer & Grassberger, Phys. Rev. E 69, 066138, 2004, eqs. 8 and 9)
// and Ross's discrete-continuous variant (PLoS ONE 9, e87357, 2014, eq. 2), on NeighbourSearch.
#include "estimators/ksg.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "estimators/knn_support.hpp"
#include "estimators/neighbours.hpp"
#include "nn/check.hpp"
#include "nn/rng.hpp"

namespace estimators {

namespace {

void check_options(const KsgOptions& o) {
    NN_CHECK(o.k >= 1, "ksg: k must be at least 1, got " << o.k);
    NN_CHECK(o.variant == 1 || o.variant == 2, "ksg: variant must be 1 or 2, got " << o.variant);
}

void check_rows(std::size_t rows, std::size_t k, const char* what) {
    NN_CHECK(rows > k, "ksg: k = " << k << " needs more than k rows " << what << ", got " << rows);
}

// Variant 2's marginal distances: the largest distance in `marginal` from row i to its k joint neighbours.
std::vector<double> marginal_reach(const nn::Matrix& marginal, const Neighbours& joint) {
    std::vector<double> out(marginal.rows, 0.0);
    for (std::size_t i = 0; i < marginal.rows; ++i)
        for (std::size_t m = 0; m < joint.k; ++m)
            out[i] = std::max(out[i], distance(marginal.row(i), marginal.row(joint.index[i * joint.k + m]),
                                               marginal.cols, Norm::max));
    return out;
}

}  // namespace

double ksg_bits(const nn::Matrix& a, const nn::Matrix& b, const KsgOptions& options) {
    check_options(options);
    NN_CHECK(a.rows == b.rows, "ksg: the two variables have " << a.rows << " and " << b.rows << " rows");
    NN_CHECK(a.cols >= 1 && b.cols >= 1, "ksg: a variable has no columns");
    check_rows(a.rows, options.k, "");
    nn::Rng rng(options.seed);
    const nn::Matrix pa = standardize_with_jitter(a, rng, "ksg: the first variable");
    const nn::Matrix pb = standardize_with_jitter(b, rng, "ksg: the second variable");
    const std::size_t N = a.rows, k = options.k;
    const Neighbours joint = NeighbourSearch(join_columns(pa, pb), Norm::max).nearest(k);
    const NeighbourSearch search_a(pa, Norm::max), search_b(pb, Norm::max);
    double mean_psi = 0.0, nats = 0.0;
    if (options.variant == 1) {
        std::vector<double> eps(N);
        for (std::size_t i = 0; i < N; ++i) eps[i] = joint.kth_distance(i);
        const std::vector<std::size_t> n_a = search_a.count_within(eps, false), n_b = search_b.count_within(eps, false);
        for (std::size_t i = 0; i < N; ++i) mean_psi += (digamma(double(n_a[i] + 1)) + digamma(double(n_b[i] + 1))) / double(N);
        nats = digamma(double(k)) + digamma(double(N)) - mean_psi;  // eq. 8
    } else {
        // n_a >= k: the k joint neighbours lie within the reach by its definition.
        const std::vector<std::size_t> n_a = search_a.count_within(marginal_reach(pa, joint), true);
        const std::vector<std::size_t> n_b = search_b.count_within(marginal_reach(pb, joint), true);
        for (std::size_t i = 0; i < N; ++i) mean_psi += (digamma(double(n_a[i])) + digamma(double(n_b[i]))) / double(N);
        nats = digamma(double(k)) - 1.0 / double(k) + digamma(double(N)) - mean_psi;  // eq. 9
    }
    return nats / std::numbers::ln2;
}

double ksg_labels_bits(const nn::Matrix& t, const std::vector<int>& y, const KsgOptions& options) {
    check_options(options);
    NN_CHECK(y.size() == t.rows, "ksg: " << y.size() << " labels for " << t.rows << " rows of T");
    NN_CHECK(t.cols >= 1, "ksg: T has no columns");
    std::map<int, std::vector<std::size_t>> classes;  // label -> its rows
    for (std::size_t i = 0; i < y.size(); ++i) classes[y[i]].push_back(i);
    std::vector<std::size_t> kept;
    for (const auto& [label, rows] : classes)
        if (rows.size() >= 2) kept.insert(kept.end(), rows.begin(), rows.end());
    std::sort(kept.begin(), kept.end());
    NN_CHECK(kept.size() >= 2, "ksg: I(T;Y) needs a class with at least two rows");
    const std::size_t N = kept.size();
    nn::Matrix subset(N, t.cols);
    for (std::size_t n = 0; n < N; ++n) std::copy_n(t.row(kept[n]), t.cols, subset.row(n));
    nn::Rng rng(options.seed);
    const nn::Matrix prepared = standardize_with_jitter(subset, rng, "ksg: T");
    std::vector<int> label(N);
    for (std::size_t n = 0; n < N; ++n) label[n] = y[kept[n]];

    // d_i within each class, then m_i among all kept rows; the sum of psi(N_y) over a class's rows is N_y psi(N_y).
    std::vector<double> radius(N);
    double sum_psi = 0.0;  // sum over rows of psi(N_y) - psi(k_i)
    for (const auto& [y_value, rows] : classes) {
        if (rows.size() < 2) continue;
        std::vector<std::size_t> members;
        for (std::size_t n = 0; n < N; ++n)
            if (label[n] == y_value) members.push_back(n);
        nn::Matrix class_rows(members.size(), t.cols);
        for (std::size_t m = 0; m < members.size(); ++m) std::copy_n(prepared.row(members[m]), t.cols, class_rows.row(m));
        const std::size_t k_y = std::min(options.k, members.size() - 1);
        const Neighbours within_class = NeighbourSearch(class_rows, Norm::max).nearest(k_y);
        for (std::size_t m = 0; m < members.size(); ++m) radius[members[m]] = within_class.kth_distance(m);
        sum_psi += double(members.size()) * (digamma(double(members.size())) - digamma(double(k_y)));
    }
    const std::vector<std::size_t> m_all = NeighbourSearch(prepared, Norm::max).count_within(radius, true);
    double mean_psi_m = 0.0;
    for (std::size_t n = 0; n < N; ++n) mean_psi_m += digamma(double(m_all[n])) / double(N);
    const double nats = digamma(double(N)) - sum_psi / double(N) - mean_psi_m;
    return nats / std::numbers::ln2;
}

KsgEstimator::KsgEstimator(const KsgOptions& options) : options_(options) { check_options(options); }

std::string KsgEstimator::spec() const {
    return format_spec("ksg", {{"k", format_number(options_.k)},
                               {"variant", format_number(options_.variant)},
                               {"seed", format_number(options_.seed)}});
}

Estimate KsgEstimator::estimate(const Observations& observations) {
    return knn_estimate(
        "ksg", observations, [&](const nn::Matrix& a, const nn::Matrix& b) { return ksg_bits(a, b, options_); },
        [&](const nn::Matrix& t, const std::vector<int>& y) { return ksg_labels_bits(t, y, options_); });
}

std::unique_ptr<Estimator> make_ksg(Spec& spec) {
    KsgOptions o;
    o.k = static_cast<std::size_t>(spec.integer("k", static_cast<long long>(o.k), 1));
    o.variant = spec.choice("variant", "1", {"1", "2"}) == "1" ? 1 : 2;
    o.seed = static_cast<std::uint64_t>(spec.integer("seed", static_cast<long long>(o.seed), 0));
    spec.finish();
    return std::make_unique<KsgEstimator>(o);
}

}  // namespace estimators
