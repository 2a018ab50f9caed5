// estimators/edge.cpp — EDGE as mrtnoshad/EDGE's EDGE_4_3_1.py computes it (gen_W, find_knn, gen_eps,
// H1, Hash, Compute_MI, EDGE), with nn::Rng seeded as the code seeds numpy.
#include "estimators/edge.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nn/check.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

namespace estimators {

namespace {

constexpr std::size_t min_rows = 20;  // below it log2(N/10) < 1 leaves no projected dimension

void check_values(const nn::Matrix& m, const char* what) {
    NN_CHECK(m.cols > 0, "edge: " << what << " has no columns");
    NN_CHECK(m.data.size() == m.rows * m.cols,
             "edge: " << what << " holds " << m.data.size() << " values, not " << m.rows << " x " << m.cols);
    for (std::size_t i = 0; i < m.data.size(); ++i)
        NN_CHECK(std::isfinite(m.data[i]),
                 "edge: " << what << " at row " << i / m.cols << ", column " << i % m.cols << " is " << m.data[i]);
}

// gen_W: A W with W (d, d') ~ N(0, sd 1/(std_i sqrt(d))), std_i the population standard deviation of
// column i (1 when below 1e-4), d' = min(d, floor(log2(N/10))). `rng` continues from A's W to B's, as
// gen_W draws W and then V after one seed.
nn::Matrix project(const nn::Matrix& a, nn::Rng& rng) {
    const std::size_t N = a.rows, d = a.cols;
    const auto shrink = static_cast<std::size_t>(std::floor(std::log2(double(N) / 10.0)));
    const std::size_t d_out = std::min(d, shrink);
    std::vector<double> scale(d);
    for (std::size_t i = 0; i < d; ++i) {
        double mean = 0.0, var = 0.0;
        for (std::size_t r = 0; r < N; ++r) mean += a.at(r, i) / double(N);
        for (std::size_t r = 0; r < N; ++r) var += (a.at(r, i) - mean) * (a.at(r, i) - mean) / double(N);
        const double sd = std::sqrt(var);
        scale[i] = 1.0 / ((sd < 1e-4 ? 1.0 : sd) * std::sqrt(double(d)));
    }
    nn::Matrix w(d, d_out);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t k = 0; k < d_out; ++k) w.at(i, k) = rng.normal() * scale[i];
    nn::Matrix out(N, d_out);
    nn::gemm(nn::Transpose::No, nn::Transpose::No, N, d_out, d, 1.0, a.data.data(), d, w.data.data(), d_out, 0.0,
             out.data.data(), d_out);
    return out;
}

// find_knn: the mean over 500 rows drawn with replacement of the distance to the k-th nearest value of
// the column, the row itself counted (sklearn's kneighbors on query points that are not the fitted
// array), k = floor(0.43 N^(2/3 + 0.17 d/(d+1)) exp(-1/max(10^4, d^4))), d the projected dimension.
double mean_knn_distance(const std::vector<double>& column, std::size_t d, std::uint64_t seed) {
    const std::size_t N = column.size();
    const double dims = double(d);
    const double k_real = 0.43 * std::pow(double(N), 2.0 / 3.0 + 0.17 * dims / (dims + 1.0)) *
                          std::exp(-1.0 / std::max(1e4, std::pow(dims, 4.0)));
    const std::size_t k = std::clamp(static_cast<std::size_t>(std::floor(k_real)), std::size_t{1}, N);
    std::vector<double> sorted = column;
    std::sort(sorted.begin(), sorted.end());
    nn::Rng rng(seed);  // find_knn reseeds for every column
    constexpr std::size_t samples = 500;
    double total = 0.0;
    for (std::size_t s = 0; s < samples; ++s) {
        const double v = column[rng.uniform_int(N)];
        // Walk out from v in the sorted column, taking the nearer side each time; the k-th taken is it.
        std::size_t right = std::size_t(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
        std::size_t left = right;  // sorted[left - 1] is the next on the left
        double distance = 0.0;
        for (std::size_t taken = 0; taken < k; ++taken) {
            const bool take_left =
                right == N || (left > 0 && v - sorted[left - 1] <= sorted[right] - v);
            distance = take_left ? v - sorted[--left] : sorted[right++] - v;
        }
        total += distance;
    }
    return total / double(samples);
}

// The base bandwidth of each projected column: gen_eps (mean k-NN distance + 1e-4) or the given
// epsilon, times 3 d' gamma.
std::vector<double> base_bandwidths(const nn::Matrix& projected, double eps, double gamma, std::uint64_t seed) {
    const std::size_t d = projected.cols;
    std::vector<double> out(d, eps);
    std::vector<double> column(projected.rows);
    for (std::size_t k = 0; k < d; ++k) {
        if (eps == 0.0) {
            for (std::size_t r = 0; r < projected.rows; ++r) column[r] = projected.at(r, k);
            out[k] = mean_knn_distance(column, d, seed) + 1e-4;
        }
        out[k] *= 3.0 * double(d) * gamma;
    }
    return out;
}

struct Buckets {
    std::vector<std::size_t> ids;     // (N) bucket of each row, 0 .. count-1
    std::vector<std::size_t> sizes;   // rows per bucket
};

// H1 and Hash: row r's bucket is the tuple floor((v_rk + shift eps_k) / eps_k) over its columns k.
Buckets hash_rows(const nn::Matrix& v, const std::vector<double>& eps, double shift) {
    const std::size_t N = v.rows, d = v.cols;
    nn::Matrix codes(N, d);
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t k = 0; k < d; ++k) codes.at(r, k) = std::floor((v.at(r, k) + shift * eps[k]) / eps[k]);
    std::vector<std::size_t> order(N);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto less = [&](std::size_t i, std::size_t j) {
        return std::lexicographical_compare(codes.row(i), codes.row(i) + d, codes.row(j), codes.row(j) + d);
    };
    std::sort(order.begin(), order.end(), less);
    Buckets out{std::vector<std::size_t>(N), {}};
    for (std::size_t n = 0; n < N; ++n) {
        if (n == 0 || less(order[n - 1], order[n])) out.sizes.push_back(0);
        out.ids[order[n]] = out.sizes.size() - 1;
        ++out.sizes.back();
    }
    return out;
}

// Compute_MI: sum over joint buckets of N_ij max(min(log2(N_ij N / (N_i M_j)), U), 0.001), over N.
double collision_information_bits(const Buckets& a, const Buckets& b, double u) {
    const std::size_t N = a.ids.size();
    std::vector<std::size_t> joint(N);
    for (std::size_t r = 0; r < N; ++r) joint[r] = a.ids[r] * b.sizes.size() + b.ids[r];
    std::vector<std::size_t> order(N);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return joint[i] < joint[j]; });
    double total = 0.0;
    for (std::size_t start = 0; start < N;) {
        std::size_t end = start;
        while (end < N && joint[order[end]] == joint[order[start]]) ++end;
        const double n_ij = double(end - start);
        const double n_i = double(a.sizes[a.ids[order[start]]]), m_j = double(b.sizes[b.ids[order[start]]]);
        total += n_ij * std::max(std::min(std::log2(n_ij * double(N) / (n_i * m_j)), u), 0.001);
        start = end;
    }
    return total / double(N);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

struct Projections {
    nn::Matrix a, b;
};

// One call of EDGE without the normalisation: gamma <- 0.9 gamma, eps0 = eps 3 d' gamma, and for
// j < L the bandwidth eps0 (1 + range j/(L-1)) (np.linspace(1, 1 + range, L)) shifted by j/L of itself
// (np.linspace(0, 1, L, endpoint=False)); the ensemble of the L estimates.
double edge_pass(const Projections& v, const EdgeParameters& p, double gamma_a, double gamma_b) {
    const std::vector<double> eps_a0 = base_bandwidths(v.a, p.eps_a, 0.9 * gamma_a, p.seed);
    const std::vector<double> eps_b0 = base_bandwidths(v.b, p.eps_b, 0.9 * gamma_b, p.seed);
    const std::size_t L = p.ensemble_size;
    std::vector<double> estimates(L);
    for (std::size_t j = 0; j < L; ++j) {
        const double widen = L == 1 ? 1.0 : 1.0 + p.range * double(j) / double(L - 1);
        std::vector<double> eps_a = eps_a0, eps_b = eps_b0;
        for (double& e : eps_a) e *= widen;
        for (double& e : eps_b) e *= widen;
        for (const double e : eps_a) NN_CHECK(std::isfinite(e) && e > 0.0, "edge: bandwidth " << e << " of A");
        for (const double e : eps_b) NN_CHECK(std::isfinite(e) && e > 0.0, "edge: bandwidth " << e << " of B");
        const double shift = double(j) / double(L);
        estimates[j] = collision_information_bits(hash_rows(v.a, eps_a, shift), hash_rows(v.b, eps_b, shift), p.u);
    }
    if (p.ensemble == EdgeEnsemble::median) return median(estimates);
    return std::accumulate(estimates.begin(), estimates.end(), 0.0) / double(L);
}

void check_parameters(const EdgeParameters& p) {
    NN_CHECK(std::isfinite(p.u) && p.u > 0.0, "edge: U must be positive and finite, got " << p.u);
    NN_CHECK(std::isfinite(p.gamma_a) && p.gamma_a > 0.0 && std::isfinite(p.gamma_b) && p.gamma_b > 0.0,
             "edge: gamma must be positive and finite, got " << p.gamma_a << " and " << p.gamma_b);
    NN_CHECK(std::isfinite(p.eps_a) && p.eps_a >= 0.0 && std::isfinite(p.eps_b) && p.eps_b >= 0.0,
             "edge: epsilon must be non-negative and finite, got " << p.eps_a << " and " << p.eps_b);
    NN_CHECK(p.ensemble_size >= 1, "edge: L must be at least 1");
    NN_CHECK(std::isfinite(p.range) && p.range >= 0.0, "edge: range must be non-negative and finite, got " << p.range);
}

}  // namespace

double edge_bits(const nn::Matrix& a, const nn::Matrix& b, const EdgeParameters& parameters) {
    check_parameters(parameters);
    check_values(a, "A");
    check_values(b, "B");
    NN_CHECK(a.rows == b.rows, "edge: A has " << a.rows << " rows, B " << b.rows);
    NN_CHECK(a.rows >= min_rows, "edge needs at least " << min_rows << " rows, got " << a.rows);
    Projections v;
    if (parameters.hashing == EdgeHashing::p_stable) {
        nn::Rng rng(parameters.seed);
        v.a = project(a, rng);
        v.b = project(b, rng);
    } else {
        v.a = a;
        v.b = b;
    }
    const double first = edge_pass(v, parameters, parameters.gamma_a, parameters.gamma_b);
    if (!parameters.normalize) return first;
    // normalize_epsilon: gamma (already 0.9 gamma) times 2^(-sqrt(2 I) + 0.5 / I), then EDGE once more,
    // which takes 0.9 of it again. I >= 0.001 (every term is clipped there), so the factor is finite.
    const double factor = std::pow(2.0, -std::sqrt(2.0 * first) + 0.5 / first);
    return edge_pass(v, parameters, 0.9 * parameters.gamma_a * factor, 0.9 * parameters.gamma_b * factor);
}

EdgeEstimator::EdgeEstimator(const EdgeOptions& options) : options_(options) {
    check_parameters(parameters(options.u_xt, options.gamma_x, options.gamma_tx, options.eps_x, options.eps_tx));
    check_parameters(parameters(options.u_ty, options.gamma_y, options.gamma_ty, options.eps_y, options.eps_ty));
}

EdgeParameters EdgeEstimator::parameters(double u, double gamma_a, double gamma_b, double eps_a,
                                         double eps_b) const {
    EdgeParameters p;
    p.u = u;
    p.gamma_a = gamma_a;
    p.gamma_b = gamma_b;
    p.eps_a = eps_a;
    p.eps_b = eps_b;
    p.ensemble_size = options_.ensemble_size;
    p.range = options_.range;
    p.ensemble = options_.ensemble;
    p.hashing = options_.hashing;
    p.normalize = options_.normalize;
    p.seed = options_.seed;
    return p;
}

std::string EdgeEstimator::spec() const {
    const EdgeOptions& o = options_;
    return format_spec("edge", {{"U_xt", format_number(o.u_xt)},
                                {"U_ty", format_number(o.u_ty)},
                                {"L", format_number(o.ensemble_size)},
                                {"gamma_x", format_number(o.gamma_x)},
                                {"gamma_tx", format_number(o.gamma_tx)},
                                {"gamma_y", format_number(o.gamma_y)},
                                {"gamma_ty", format_number(o.gamma_ty)},
                                {"eps_x", format_number(o.eps_x)},
                                {"eps_tx", format_number(o.eps_tx)},
                                {"eps_y", format_number(o.eps_y)},
                                {"eps_ty", format_number(o.eps_ty)},
                                {"range", format_number(o.range)},
                                {"ensemble", o.ensemble == EdgeEnsemble::median ? "median" : "average"},
                                {"hashing", o.hashing == EdgeHashing::p_stable ? "p-stable" : "floor"},
                                {"normalize", o.normalize ? "1" : "0"},
                                {"seed", format_number(o.seed)}});
}

Estimate EdgeEstimator::estimate(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "edge: no activations given");
    NN_CHECK(observations.x != nullptr, "edge: I(X;T) = EDGE(X, T) needs the inputs x");
    NN_CHECK(observations.y == nullptr || observations.y_matrix == nullptr,
             "edge: give labels y or a second variable y_matrix, not both");
    const nn::Matrix& t = *observations.t;
    Estimate estimate;
    estimate.i_xt_bits = edge_bits(*observations.x, t,
                                   parameters(options_.u_xt, options_.gamma_x, options_.gamma_tx, options_.eps_x,
                                              options_.eps_tx));
    const EdgeParameters ty =
        parameters(options_.u_ty, options_.gamma_y, options_.gamma_ty, options_.eps_y, options_.eps_ty);
    if (observations.y != nullptr) {
        const std::vector<int>& y = *observations.y;
        NN_CHECK(y.size() == t.rows, "edge: " << y.size() << " labels for " << t.rows << " rows of T");
        nn::Matrix labels(y.size(), 1);
        for (std::size_t r = 0; r < y.size(); ++r) labels.at(r, 0) = double(y[r]);
        estimate.i_ty_bits = edge_bits(labels, t, ty);
    } else if (observations.y_matrix != nullptr) {
        estimate.i_ty_bits = edge_bits(*observations.y_matrix, t, ty);
    }
    return estimate;
}

std::unique_ptr<Estimator> make_edge(Spec& spec) {
    EdgeOptions o;
    o.u_xt = spec.real("U_xt", o.u_xt, Sign::positive);
    o.u_ty = spec.real("U_ty", o.u_ty, Sign::positive);
    o.ensemble_size = static_cast<std::size_t>(spec.integer("L", static_cast<long long>(o.ensemble_size), 1));
    o.gamma_x = spec.real("gamma_x", o.gamma_x, Sign::positive);
    o.gamma_tx = spec.real("gamma_tx", o.gamma_tx, Sign::positive);
    o.gamma_y = spec.real("gamma_y", o.gamma_y, Sign::positive);
    o.gamma_ty = spec.real("gamma_ty", o.gamma_ty, Sign::positive);
    o.eps_x = spec.real("eps_x", o.eps_x, Sign::non_negative);
    o.eps_tx = spec.real("eps_tx", o.eps_tx, Sign::non_negative);
    o.eps_y = spec.real("eps_y", o.eps_y, Sign::non_negative);
    o.eps_ty = spec.real("eps_ty", o.eps_ty, Sign::non_negative);
    o.range = spec.real("range", o.range, Sign::non_negative);
    o.ensemble = spec.choice("ensemble", "median", {"median", "average"}) == "median" ? EdgeEnsemble::median
                                                                                       : EdgeEnsemble::average;
    o.hashing = spec.choice("hashing", "p-stable", {"p-stable", "floor"}) == "p-stable" ? EdgeHashing::p_stable
                                                                                         : EdgeHashing::floor;
    o.normalize = spec.choice("normalize", "1", {"1", "0"}) == "1";
    o.seed = static_cast<std::uint64_t>(spec.integer("seed", static_cast<long long>(o.seed), 0));
    spec.finish();
    try {
        return std::make_unique<EdgeEstimator>(o);
    } catch (const std::invalid_argument& error) {
        spec.fail(error.what());
    }
}

}  // namespace estimators
