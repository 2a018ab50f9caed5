// estimators/binning.cpp — bins (IDNNs' float32 linspace edges, ibsgd's floor(t / size), or an edge rule of
// estimators/bin_edges.hpp chosen per call), then plug-in entropies of the bin patterns (estimators/entropy.hpp).
// References: ravidziv/IDNNs (bins[np.digitize(x, bins) - 1]), artemyk/ibsgd simplebinmi.py
// (bin_calc_information2); see docs/estimators.md for the other peers and where this code differs from each.
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

std::string spec_of(const BinningOptions& options) {
    const std::string bins = format_number(options.bins);
    const std::string low = options.low ? format_number(*options.low) : "activation";
    switch (options.rule) {
    case EdgeRule::adaptive: return format_spec("binning", {{"mode", "adaptive"}, {"bins", bins}, {"lo", low}});
    case EdgeRule::quantile: return format_spec("binning", {{"mode", "quantile"}, {"bins", bins}});
    case EdgeRule::activation_range: return format_spec("binning", {{"range", "activation"}, {"bins", bins}});
    case EdgeRule::running_range: return format_spec("binning", {{"range", "running"}, {"bins", bins}, {"lo", low}});
    case EdgeRule::fixed: break;
    }
    if (options.size) return format_spec("binning", {{"size", format_number(*options.size)}});
    return format_spec("binning", {{"edges", format_number(options.edges)},
                                   {"lo", format_number(options.lo)},
                                   {"hi", format_number(options.hi)}});
}

// The other rules' parameters; their edges come at every call.
void validate_rule(const BinningOptions& options) {
    NN_CHECK(!options.size, spec_of(options) << " cannot be combined with size (floor(t / size) bins)");
    NN_CHECK(options.bins >= 2 && options.bins <= max_edges,
             "binning needs 2 <= bins <= " << max_edges << ", got " << options.bins);
    const bool takes_low = options.rule == EdgeRule::adaptive || options.rule == EdgeRule::running_range;
    NN_CHECK(!options.low || takes_low, spec_of(options) << " takes no lo");
    NN_CHECK(!options.low || std::isfinite(*options.low), "binning needs a finite lo, got " << *options.low);
    // The running range's edges are float32 as in Chelombiev's code.
    NN_CHECK(!options.low || options.rule != EdgeRule::running_range || std::abs(*options.low) <= double(FLT_MAX),
             "binning needs lo within the float32 range, got lo=" << format_number(*options.low));
}

// Checks the options and returns the float32 edges (empty in size mode and for the other rules).
BinEdges validated_edges(const BinningOptions& options) {
    if (options.rule != EdgeRule::fixed) {
        validate_rule(options);
        return {};
    }
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
    BinEdges edges{linspace_float32(options.lo, options.hi, options.edges), true};
    for (std::size_t i = 0; i + 1 < edges.values.size(); ++i)
        NN_CHECK(edges.values[i] < edges.values[i + 1],
                 "binning: edges=" << options.edges << " on [" << format_number(options.lo) << ", "
                                   << format_number(options.hi) << "] makes float32 edges that coincide");
    return edges;
}

void check_values(const nn::Matrix& t) {
    NN_CHECK(t.data.size() == t.rows * t.cols,
             "binning: activations hold " << t.data.size() << " values, not " << t.rows << " x " << t.cols);
    for (std::size_t i = 0; i < t.data.size(); ++i)
        NN_CHECK(std::isfinite(t.data[i]), "binning: activation at row " << i / t.cols << ", column "
                                                                         << i % t.cols << " is " << t.data[i]);
}

void include(SeenRange& seen, const nn::Matrix& m) {
    for (double v : m.data) {
        seen.min = std::min(seen.min, v);
        seen.max = std::max(seen.max, v);
    }
}

std::string no_rule_for(const std::string& activation) {
    return activation.empty() ? "a layer of unknown activation" : "activation '" + activation + "'";
}

// The edges of this call for every rule but `fixed`; `seen` is the running range of this variable.
BinEdges rule_edges(const nn::Matrix& m, const BinningOptions& options, const std::string& activation,
                    SeenRange& seen) {
    NN_CHECK(!m.data.empty(), spec_of(options) << ": the activations have no columns");
    if (options.rule == EdgeRule::quantile) {
        NN_CHECK(m.data.size() >= options.bins, spec_of(options) << ": " << m.data.size() << " values cannot fill "
                                                                 << options.bins << " equal-frequency bins");
        return quantile_edges(m.data, options.bins);
    }
    if (options.rule == EdgeRule::activation_range) {
        const std::optional<ActivationRange> range = schiemer_range(activation);
        NN_CHECK(range, spec_of(options) << ": no range for " << no_rule_for(activation) << "; range=activation "
                                         << "knows tanh, sigmoid, softmax, relu, softplus and linear");
        if (range->hi) return schiemer_edges(range->lo, *range->hi, options.bins);
        include(seen, m);  // Schiemer's max is over all recorded epochs; ours over the calls so far
        return schiemer_edges(range->lo, std::max(seen.max, range->lo), options.bins);
    }
    const std::optional<double> low = options.low ? options.low : chelombiev_low(activation);
    NN_CHECK(low || activation == "linear", spec_of(options) << ": no first edge for " << no_rule_for(activation)
                                                             << "; give lo= (Chelombiev et al.: 0 for relu, "
                                                                "-1.000001 for tanh)");
    // A linear layer is unbounded below: EBAB starts below every value (no value is set apart, as for tanh).
    if (options.rule == EdgeRule::adaptive)
        return ebab_edges(m.data, low.value_or(-std::numeric_limits<double>::infinity()), options.bins);
    include(seen, m);
    const double lo = low.value_or(seen.min);  // linear: the running minimum
    const double hi = std::max(seen.max, lo);  // Chelombiev's M_l(t), never below the first edge
    NN_CHECK(lo >= -double(FLT_MAX) && hi <= double(FLT_MAX),
             spec_of(options) << ": the running range [" << lo << ", " << hi << "] is beyond the float32 edges");
    return {linspace_float32(lo, hi, options.bins), true};
}

// Size mode floors; every other mode digitizes against `edges`.
BinnedLayer bin(const nn::Matrix& t, const BinningOptions& options, const BinEdges& edges) {
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
        out.clipped = digitize(t.data.data(), t.data.size(), edges, out.codes.data.data());
    }
    return out;
}

BinnedLayer bin_layer(const nn::Matrix& t, const BinningOptions& options, const BinEdges& fixed_edges,
                      const std::string& activation, SeenRange& seen) {
    check_values(t);
    if (options.rule == EdgeRule::fixed) return bin(t, options, fixed_edges);
    return bin(t, options, rule_edges(t, options, activation, seen));
}

}  // namespace

BinnedLayer bin_activations(const nn::Matrix& t, const BinningOptions& options, const std::string& activation) {
    SeenRange seen;
    return bin_layer(t, options, validated_edges(options), activation, seen);
}

BinningEstimator::BinningEstimator(const BinningOptions& options)
    : options_(options), edges_(validated_edges(options)) {}

std::string BinningEstimator::spec() const { return spec_of(options_); }

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
    if (observations.y_matrix != nullptr)
        NN_CHECK(observations.y_matrix->rows == t.rows, "binning: " << observations.y_matrix->rows
                                                                    << " rows of the second variable for "
                                                                    << t.rows << " rows of T");

    const BinnedLayer binned = bin_layer(t, options_, edges_, observations.activation, t_seen_);
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
        const BinnedLayer target =
            bin_layer(*observations.y_matrix, options_, edges_, observations.activation, target_seen_);
        estimate.i_ty_bits = h_t_bits - conditional_entropy_bits(patterns, group_rows(target.codes));
    }
    const std::size_t values = t.data.size();
    estimate.diagnostics = {values == 0 ? 0.0 : double(binned.clipped) / double(values)};
    return estimate;
}

namespace {

// The original keys: fixed edges (edges, lo, hi) or size.
std::unique_ptr<Estimator> make_fixed_binning(Spec& spec) {
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

const std::string* given(const Spec& spec, const std::string& key) {
    for (const auto& [k, value] : spec.params())
        if (k == key) return &value;
    return nullptr;
}

// mode=adaptive|quantile or range=activation|running, with bins and (adaptive, running) lo.
std::unique_ptr<Estimator> make_rule_binning(Spec& spec) {
    const std::string mode = spec.choice("mode", "", {"adaptive", "quantile"});
    const std::string range = spec.choice("range", "", {"activation", "running"});
    const std::optional<long long> bins = spec.find_integer("bins", 2);
    const std::string* lo_text = given(spec, "lo");
    std::optional<double> lo;  // nullopt: by the activation
    if (lo_text != nullptr && *lo_text == "activation")
        spec.choice("lo", "activation", {"activation"});  // only declares the key
    else
        lo = spec.find_real("lo");
    const std::optional<double> hi = spec.find_real("hi");
    const std::optional<long long> edges = spec.find_integer("edges", 2);
    const std::optional<double> size = spec.find_real("size", Sign::positive);
    spec.finish();
    if (!mode.empty() && !range.empty())
        spec.fail("mode=" + mode + " and range=" + range + " cannot be combined: mode sets the edges from the "
                  "values, range the interval of equal-width bins");
    if (mode.empty() && range.empty())
        spec.fail("'bins' counts the bins of mode=adaptive|quantile or range=activation|running; fixed edges on "
                  "[lo, hi] are counted by 'edges'");
    const std::string rule = mode.empty() ? "range=" + range : "mode=" + mode;
    if (size) spec.fail("size (floor(t / size) bins) cannot be combined with " + rule);
    if (edges) spec.fail("'edges' counts fixed edges on [lo, hi]; " + rule + " counts its bins with 'bins'");
    const bool takes_lo = mode == "adaptive" || range == "running";
    if (hi || (lo_text != nullptr && !takes_lo)) {
        const char* bounds = mode == "adaptive"      ? " takes lo (its first edge) but not hi: the last edge is "
                                                       "the largest value"
                             : mode == "quantile"    ? " takes neither lo nor hi: its edges are quantiles of the values"
                             : range == "activation" ? " takes neither lo nor hi: they follow the layer's activation"
                                                     : " takes lo but not hi: hi is the running maximum";
        spec.fail(rule + bounds);
    }

    BinningOptions options;
    options.rule = mode == "adaptive"     ? EdgeRule::adaptive
                   : mode == "quantile"   ? EdgeRule::quantile
                   : range == "activation" ? EdgeRule::activation_range
                                           : EdgeRule::running_range;
    options.bins = bins ? std::size_t(*bins) : options.bins;
    options.low = lo;
    try {
        return std::make_unique<BinningEstimator>(options);
    } catch (const std::invalid_argument& error) {
        spec.fail(error.what());
    }
}

}  // namespace

std::unique_ptr<Estimator> make_binning(Spec& spec) {
    // Without mode, range or bins, a spec keeps the original keys and their messages.
    for (const char* key : {"mode", "range", "bins"})
        if (given(spec, key) != nullptr) return make_rule_binning(spec);
    return make_fixed_binning(spec);
}

}  // namespace estimators
