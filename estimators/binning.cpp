// estimators/binning.cpp — bins (IDNNs' float32 linspace edges, or ibsgd's floor(t / size)), then
// plug-in entropies of the bin patterns (estimators/entropy.hpp).
// References: ravidziv/IDNNs (bins[np.digitize(x, bins) - 1]), artemyk/ibsgd simplebinmi.py
// (bin_calc_information2); see docs/estimators.md for where this code differs from both.
#include "estimators/binning.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <stdexcept>

#include "nn/check.hpp"

namespace estimators {

namespace {

constexpr std::size_t max_edges = 1000000;
constexpr double max_exact_index = 9007199254740992.0;  // 2^53: larger bin indices lose integers

// Checks the options and returns the float32 edges (empty in size mode).
std::vector<double> validated_edges(const BinningOptions& options) {
    if (options.size) {
        NN_CHECK(std::isfinite(*options.size) && *options.size > 0.0,
                 "binning needs size > 0, got " << format_number(*options.size));
        return {};
    }
    NN_CHECK(options.edges >= 2 && options.edges <= max_edges,
             "binning needs 2 <= edges <= " << max_edges << ", got " << options.edges);
    NN_CHECK(std::isfinite(options.lo) && std::isfinite(options.hi) && options.lo < options.hi,
             "binning needs lo < hi, got lo=" << format_number(options.lo)
                                              << ", hi=" << format_number(options.hi));
    // The edges are float32 as in IDNNs; casting a double beyond the float range is undefined.
    NN_CHECK(options.lo >= -double(FLT_MAX) && options.hi <= double(FLT_MAX),
             "binning needs lo and hi within the float32 range, got lo="
                 << format_number(options.lo) << ", hi=" << format_number(options.hi));
    std::vector<double> edges = linspace_float32(options.lo, options.hi, options.edges);
    for (std::size_t i = 0; i + 1 < edges.size(); ++i)
        NN_CHECK(edges[i] < edges[i + 1], "binning: edges=" << options.edges << " on [" << format_number(options.lo)
                                                            << ", " << format_number(options.hi)
                                                            << "] makes float32 edges that coincide");
    return edges;
}

// Edges mode: the index i with edge[i] <= v < edge[i+1] (numpy's digitize(v, edges) - 1), with v == hi
// in the last bin. `clipped` counts values outside [edge[0], edge[n-1]], which go to the end bins
// (IDNNs would send values below lo to the last bin: a wrap-around we do not reproduce).
// `scale` = (n - 1) / (edge[n-1] - edge[0]) gives a first guess that is exact for uniform edges.
std::int64_t edge_bin(double v, const std::vector<double>& edges, double scale, std::size_t& clipped) {
    const std::size_t n = edges.size();
    if (v < edges[0]) {
        ++clipped;
        return 0;
    }
    if (v >= edges[n - 1]) {
        if (v > edges[n - 1]) ++clipped;
        return std::int64_t(n - 1);
    }
    // The float32 edges are not exactly uniform: step from the guess to the bin whose edges hold v.
    // edge[0] <= v < edge[n-1] guarantees both loops stop inside [0, n-2].
    std::size_t i = std::min(std::size_t((v - edges[0]) * scale), n - 2);
    while (v < edges[i]) --i;
    while (v >= edges[i + 1]) ++i;
    return std::int64_t(i);
}

BinnedLayer bin(const nn::Matrix& t, const BinningOptions& options, const std::vector<double>& edges) {
    NN_CHECK(t.data.size() == t.rows * t.cols,
             "binning: activations hold " << t.data.size() << " values, not " << t.rows << " x " << t.cols);
    for (std::size_t i = 0; i < t.data.size(); ++i)
        NN_CHECK(std::isfinite(t.data[i]), "binning: activation at row " << i / t.cols << ", column "
                                                                         << i % t.cols << " is " << t.data[i]);
    BinnedLayer out;
    out.codes.rows = t.rows;
    out.codes.cols = t.cols;
    out.codes.data.resize(t.data.size());
    if (options.size) {
        const double size = *options.size;
        for (std::size_t i = 0; i < t.data.size(); ++i) {
            // ibsgd's floor(t / binsize): floor, so -0.01 is in bin -1, not 0.
            const double index = std::floor(t.data[i] / size);
            NN_CHECK(std::abs(index) <= max_exact_index,
                     "binning: activation " << t.data[i] << " at row " << i / t.cols << ", column " << i % t.cols
                                            << " is beyond 2^53 bins of size " << format_number(size));
            out.codes.data[i] = std::int64_t(index);
        }
    } else {
        const double scale = double(edges.size() - 1) / (edges.back() - edges.front());
        for (std::size_t i = 0; i < t.data.size(); ++i)
            out.codes.data[i] = edge_bin(t.data[i], edges, scale, out.clipped);
    }
    return out;
}

}  // namespace

std::vector<double> linspace_float32(double lo, double hi, std::size_t n) {
    NN_CHECK(n >= 2, "linspace_float32: needs at least 2 points, got " << n);
    const double step = (hi - lo) / double(n - 1);
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = double(static_cast<float>(double(i) * step + lo));
    values[n - 1] = double(static_cast<float>(hi));  // numpy sets the endpoint exactly
    return values;
}

BinnedLayer bin_activations(const nn::Matrix& t, const BinningOptions& options) {
    return bin(t, options, validated_edges(options));
}

BinningEstimator::BinningEstimator(const BinningOptions& options)
    : options_(options), edges_(validated_edges(options)) {}

std::string BinningEstimator::spec() const {
    if (options_.size) return format_spec("binning", {{"size", format_number(*options_.size)}});
    return format_spec("binning", {{"edges", format_number(options_.edges)},
                                   {"lo", format_number(options_.lo)},
                                   {"hi", format_number(options_.hi)}});
}

Estimate BinningEstimator::estimate(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "binning: no activations given");
    const nn::Matrix& t = *observations.t;
    NN_CHECK(t.rows > 0, "binning: the activations have no rows");
    if (observations.x_ids != nullptr)
        NN_CHECK(observations.x_ids->size() == t.rows, "binning: " << observations.x_ids->size()
                                                                   << " input ids for " << t.rows << " rows of T");
    NN_CHECK(observations.y == nullptr || observations.y_matrix == nullptr,
             "binning: give labels or a second variable, not both");
    if (observations.y != nullptr)
        NN_CHECK(observations.y->size() == t.rows,
                 "binning: " << observations.y->size() << " labels for " << t.rows << " rows of T");

    const BinnedLayer binned = bin(t, options_, edges_);
    const Grouping patterns = group_rows(binned.codes);
    const double h_t_bits = entropy_bits(patterns);

    Estimate estimate;
    // Without input ids every row is a distinct input and a deterministic T has H(T|X) = 0.
    estimate.i_xt_bits = observations.x_ids == nullptr
                             ? h_t_bits
                             : h_t_bits - conditional_entropy_bits(patterns, group_ids(*observations.x_ids));
    if (observations.y != nullptr)
        estimate.i_ty_bits = h_t_bits - conditional_entropy_bits(patterns, group_ids(*observations.y));
    if (observations.y_matrix != nullptr) {  // I(T;X'): X' binned like T, each bin pattern one value
        const nn::Matrix& target = *observations.y_matrix;
        NN_CHECK(target.rows == t.rows, "binning: " << target.rows << " rows of the second variable for "
                                                    << t.rows << " rows of T");
        const Grouping target_patterns = group_rows(bin(target, options_, edges_).codes);
        estimate.i_ty_bits = h_t_bits - conditional_entropy_bits(patterns, target_patterns);
    }
    const std::size_t values = t.data.size();
    estimate.diagnostics = {values == 0 ? 0.0 : double(binned.clipped) / double(values)};
    return estimate;
}

std::unique_ptr<Estimator> make_binning(Spec& spec) {
    const std::optional<long long> edges = spec.find_integer("edges", 2);
    const std::optional<double> lo = spec.find_real("lo");
    const std::optional<double> hi = spec.find_real("hi");
    const std::optional<double> size = spec.find_real("size", Sign::positive);
    spec.finish();  // a misspelt key is reported before the checks below
    if (size && (edges || lo || hi))
        spec.fail("size (floor(t / size) bins) cannot be combined with edges, lo or hi (a fixed range)");

    BinningOptions options;
    options.edges = edges ? std::size_t(*edges) : options.edges;
    options.lo = lo.value_or(options.lo);
    options.hi = hi.value_or(options.hi);
    options.size = size;
    try {
        return std::make_unique<BinningEstimator>(options);
    } catch (const std::invalid_argument& error) {
        spec.fail(error.what());
    }
}

}  // namespace estimators
