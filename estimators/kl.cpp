// estimators/kl.cpp — Kozachenko-Leonenko entropies (plain and Berrett-Samworth-Yuan weighted) on
// NeighbourSearch's Euclidean k nearest neighbours, and the mutual information made from them.
#include "estimators/kl.hpp"

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

// The least-norm solution w (n) of a w = e_0 for a (m, n), m <= n, of full row rank: a^T = Q R by
// Gram-Schmidt run twice (the rows of a are close to parallel, and the normal equations a a^T would
// square their condition number), then R^T y = e_0 by forward substitution and w = Q y.
std::vector<double> least_norm_solution(const std::vector<double>& a, std::size_t m, std::size_t n) {
    std::vector<double> q(m * n), r(m * m, 0.0);  // q: the m orthonormal columns, stored as rows
    for (std::size_t c = 0; c < m; ++c) {
        double* v = q.data() + c * n;
        std::copy_n(a.data() + c * n, n, v);
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t p = 0; p < c; ++p) {
                const double* u = q.data() + p * n;
                double dot = 0.0;
                for (std::size_t i = 0; i < n; ++i) dot += u[i] * v[i];
                for (std::size_t i = 0; i < n; ++i) v[i] -= dot * u[i];
                r[p * m + c] += dot;
            }
        double length = 0.0;
        for (std::size_t i = 0; i < n; ++i) length += v[i] * v[i];
        length = std::sqrt(length);
        NN_CHECK(length > 1e-14 * std::sqrt(double(n)), "kl: the weight constraints are dependent");
        for (std::size_t i = 0; i < n; ++i) v[i] /= length;
        r[c * m + c] = length;
    }
    std::vector<double> y(m, 0.0), w(n, 0.0);
    for (std::size_t c = 0; c < m; ++c) {
        double s = c == 0 ? 1.0 : 0.0;
        for (std::size_t p = 0; p < c; ++p) s -= r[p * m + c] * y[p];
        y[c] = s / r[c * m + c];
    }
    for (std::size_t c = 0; c < m; ++c)
        for (std::size_t i = 0; i < n; ++i) w[i] += q[c * n + i] * y[c];
    return w;
}

KlOptions checked(const KlOptions& o) {
    NN_CHECK(o.k >= 1, "kl: k must be at least 1, got " << o.k);
    return o;
}

}  // namespace

std::vector<double> kl_weights(std::size_t k, std::size_t d) {
    NN_CHECK(k >= 1 && d >= 1, "kl: weights need k >= 1 and d >= 1, got k = " << k << ", d = " << d);
    std::vector<double> w(k, 0.0);
    const std::size_t constraints = d / 4;  // l = 1..floor(d/4), plus the sum
    std::vector<std::size_t> support;       // the j with a free weight, ascending
    for (std::size_t i = 1; i <= d; ++i) {
        const std::size_t j = i * k / d;
        if (j >= 1 && (support.empty() || support.back() != j)) support.push_back(j);
    }
    NN_CHECK(support.size() >= constraints + 1,
             "kl: weighted=1 in d = " << d << " needs min(k, d) > floor(d/4) = " << constraints << ", got k = " << k);
    if (constraints == 0) {
        w[k - 1] = 1.0;
        return w;
    }
    // a (constraints + 1, |support|): row 0 ones, row l Gamma(j + 2l/d) / Gamma(j); rhs e_0.
    const std::size_t m = constraints + 1, s = support.size();
    std::vector<double> a(m * s);
    for (std::size_t l = 0; l < m; ++l)
        for (std::size_t c = 0; c < s; ++c) {
            const double j = double(support[c]);
            a[l * s + c] = std::exp(std::lgamma(j + 2.0 * double(l) / double(d)) - std::lgamma(j));
        }
    const std::vector<double> free = least_norm_solution(a, m, s);
    for (std::size_t c = 0; c < s; ++c) w[support[c] - 1] = free[c];
    return w;
}

double kl_entropy_bits(const nn::Matrix& x, std::size_t k, bool weighted) {
    NN_CHECK(k >= 1, "kl: k must be at least 1, got " << k);
    NN_CHECK(x.rows > k, "kl: k = " << k << " needs more than k rows, got " << x.rows);
    const std::size_t N = x.rows, d = x.cols;
    const std::vector<double> w = weighted ? kl_weights(k, d) : std::vector<double>{};
    const Neighbours nb = NeighbourSearch(x, Norm::euclidean).nearest(k);
    const double dims = double(d);
    const double log_unit_ball = 0.5 * dims * std::log(std::numbers::pi) - std::lgamma(0.5 * dims + 1.0);
    // H_j = psi(N) - psi(j) + log V_d + (d/N) sum_i log eps_ij, the plain estimator with neighbour j.
    const auto h_nats = [&](std::size_t j) {
        double sum_log = 0.0;
        for (std::size_t i = 0; i < N; ++i) {
            const double eps = nb.distance[i * k + j - 1];
            NN_CHECK(eps > 0.0, "kl: row " << i << " has " << j << " rows at distance 0 (repeated rows)");
            sum_log += std::log(eps);
        }
        return digamma(double(N)) - digamma(double(j)) + log_unit_ball + dims * sum_log / double(N);
    };
    double nats = 0.0;
    if (!weighted) nats = h_nats(k);
    for (std::size_t j = 1; weighted && j <= k; ++j)
        if (w[j - 1] != 0.0) nats += w[j - 1] * h_nats(j);
    return nats / std::numbers::ln2;
}

double kl_mi_bits(const nn::Matrix& a, const nn::Matrix& b, const KlOptions& options) {
    checked(options);
    NN_CHECK(a.rows == b.rows, "kl: the two variables have " << a.rows << " and " << b.rows << " rows");
    NN_CHECK(a.cols >= 1 && b.cols >= 1, "kl: a variable has no columns");
    nn::Rng rng(options.seed);
    const nn::Matrix pa = standardize_with_jitter(a, rng, "kl: the first variable");
    const nn::Matrix pb = standardize_with_jitter(b, rng, "kl: the second variable");
    const std::size_t k = options.k;
    return kl_entropy_bits(pa, k, options.weighted) + kl_entropy_bits(pb, k, options.weighted) -
           kl_entropy_bits(join_columns(pa, pb), k, options.weighted);
}

double kl_labels_bits(const nn::Matrix& t, const std::vector<int>& y, const KlOptions& options) {
    checked(options);
    NN_CHECK(y.size() == t.rows, "kl: " << y.size() << " labels for " << t.rows << " rows of T");
    NN_CHECK(t.cols >= 1, "kl: T has no columns");
    nn::Rng rng(options.seed);
    const nn::Matrix prepared = standardize_with_jitter(t, rng, "kl: T");
    std::map<int, std::vector<std::size_t>> classes;  // label -> its rows
    for (std::size_t i = 0; i < y.size(); ++i) classes[y[i]].push_back(i);
    double conditional = 0.0;  // sum_y p(y) H(T|y)
    for (const auto& [label, rows] : classes) {
        NN_CHECK(rows.size() > options.k, "kl: class " << label << " has " << rows.size()
                                                       << " rows; H(T|y) needs more than k = " << options.k);
        nn::Matrix class_rows(rows.size(), t.cols);
        for (std::size_t m = 0; m < rows.size(); ++m) std::copy_n(prepared.row(rows[m]), t.cols, class_rows.row(m));
        conditional += double(rows.size()) / double(t.rows) * kl_entropy_bits(class_rows, options.k, options.weighted);
    }
    return kl_entropy_bits(prepared, options.k, options.weighted) - conditional;
}

KlEstimator::KlEstimator(const KlOptions& options) : options_(checked(options)) {}

std::string KlEstimator::spec() const {
    return format_spec("kl", {{"k", format_number(options_.k)},
                              {"weighted", options_.weighted ? "1" : "0"},
                              {"seed", format_number(options_.seed)}});
}

Estimate KlEstimator::estimate(const Observations& observations) {
    return knn_estimate(
        "kl", observations, [&](const nn::Matrix& a, const nn::Matrix& b) { return kl_mi_bits(a, b, options_); },
        [&](const nn::Matrix& t, const std::vector<int>& y) { return kl_labels_bits(t, y, options_); });
}

std::unique_ptr<Estimator> make_kl(Spec& spec) {
    KlOptions o;
    o.k = static_cast<std::size_t>(spec.integer("k", static_cast<long long>(o.k), 1));
    o.weighted = spec.choice("weighted", "0", {"0", "1"}) == "1";
    o.seed = static_cast<std::uint64_t>(spec.integer("seed", static_cast<long long>(o.seed), 0));
    spec.finish();
    return std::make_unique<KlEstimator>(o);
}

}  // namespace estimators
