// estimators/bin_edges.cpp — the edge rules of the binning estimator and the digitizing of values.
// References: ravidziv/IDNNs, ivansche/adaptive_estimators (set_up_bins), MartinSchiemer/
// Revisiting_the_Information_Plane (calc_bins), StephanLorenzen/ExactIBAnalysisInQNNs (adaptive_bins).
#include "estimators/bin_edges.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <limits>
#include <memory>
#include <numeric>
#include <utility>

#include "nn/check.hpp"

namespace estimators {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// Equally spaced edges: the index i with edge[i] <= v < edge[i+1], with v == the last edge in its own last bin.
// `scale` = (n - 1) / (edge[n-1] - edge[0]) gives a first guess that is exact for uniform edges; rounded
// (float32) or shifted (Schiemer's +1e-4) edges are not exactly uniform, so step from the guess to the bin
// whose edges hold v. edge[0] <= v < edge[n-1] guarantees both loops stop inside [0, n-2].
std::int64_t stepped_bin(double v, const std::vector<double>& edges, double scale, std::size_t& clipped) {
    const std::size_t n = edges.size();
    if (v < edges[0]) {
        ++clipped;
        return 0;
    }
    if (v >= edges[n - 1]) {
        if (v > edges[n - 1]) ++clipped;
        return std::int64_t(n - 1);
    }
    std::size_t i = std::min(std::size_t((v - edges[0]) * scale), n - 2);
    while (v < edges[i]) --i;
    while (v >= edges[i + 1]) ++i;
    return std::int64_t(i);
}

// Any edges: the same index by binary search (the number of edges <= v, minus one). Branch-free halving:
// the bins of data-driven edges are irregular, so a branching search would mispredict at every step.
std::int64_t searched_bin(double v, const std::vector<double>& edges, std::size_t& clipped) {
    if (v < edges.front()) {
        ++clipped;
        return 0;
    }
    if (v > edges.back()) ++clipped;
    const double* base = edges.data();  // edges[base..base+n] holds the last edge <= v
    std::size_t n = edges.size();
    while (n > 1) {
        const std::size_t half = n / 2;
        base = base[half] <= v ? base + half : base;
        n -= half;
    }
    return std::int64_t(base - edges.data());
}

// Sorts finite doubles ascending: an LSD radix sort of their order-preserving bit patterns (negative values
// flipped whole, positive ones their sign bit set), one pass per byte that is not the same in every value.
// Activations are floats widened to double, so their low 29 bits never differ: 5 passes instead of 8.
void radix_sort(std::vector<double>& values) {
    constexpr std::uint64_t sign = std::uint64_t(1) << 63;
    const std::size_t n = values.size();
    auto keys = std::make_unique_for_overwrite<std::uint64_t[]>(n);  // every slot is written before it is read
    auto buffer = std::make_unique_for_overwrite<std::uint64_t[]>(n);
    std::vector<std::array<std::size_t, 256>> counts(8);  // per byte position, how many keys hold each byte
    for (auto& count : counts) count.fill(0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto bits = std::bit_cast<std::uint64_t>(values[i]);
        keys[i] = (bits & sign) ? ~bits : bits | sign;
        for (unsigned b = 0; b < 8; ++b) ++counts[b][(keys[i] >> (8 * b)) & 255];
    }
    for (unsigned b = 0; b < 8; ++b) {
        std::array<std::size_t, 256>& count = counts[b];
        if (n == 0 || count[(keys[0] >> (8 * b)) & 255] == n) continue;
        std::size_t start = 0;  // counts become the first output slot of each byte value
        for (std::size_t& c : count) start += std::exchange(c, start);
        for (std::size_t i = 0; i < n; ++i) buffer[count[(keys[i] >> (8 * b)) & 255]++] = keys[i];
        keys.swap(buffer);
    }
    for (std::size_t i = 0; i < n; ++i)
        values[i] = std::bit_cast<double>((keys[i] & sign) ? keys[i] ^ sign : ~keys[i]);
}

}  // namespace

std::vector<double> linspace(double lo, double hi, std::size_t n) {
    NN_CHECK(n >= 2, "linspace: needs at least 2 points, got " << n);
    const double step = (hi - lo) / double(n - 1);
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = double(i) * step + lo;
    values[n - 1] = hi;  // numpy sets the endpoint exactly
    return values;
}

std::vector<double> linspace_float32(double lo, double hi, std::size_t n) {
    NN_CHECK(n >= 2, "linspace_float32: needs at least 2 points, got " << n);
    // Casting a double beyond the float range is undefined; every value lies between lo and hi.
    NN_CHECK(std::min(lo, hi) >= -double(FLT_MAX) && std::max(lo, hi) <= double(FLT_MAX),
             "linspace_float32: " << lo << " and " << hi << " must lie within the float32 range");
    std::vector<double> values = linspace(lo, hi, n);
    for (double& v : values) v = double(static_cast<float>(v));
    return values;
}

std::size_t digitize(const double* values, std::size_t n, const BinEdges& edges, std::int64_t* bins) {
    const std::vector<double>& e = edges.values;
    NN_CHECK(!e.empty(), "digitize: no edges");
    std::size_t clipped = 0;
    if (edges.uniform && e.size() >= 2 && e.back() > e.front()) {
        const double scale = double(e.size() - 1) / (e.back() - e.front());
        for (std::size_t i = 0; i < n; ++i) bins[i] = stepped_bin(values[i], e, scale, clipped);
    } else {
        for (std::size_t i = 0; i < n; ++i) bins[i] = searched_bin(values[i], e, clipped);
    }
    return clipped;
}

BinEdges ebab_edges(const std::vector<double>& values, double low, std::size_t bins) {
    NN_CHECK(bins >= 1, "ebab_edges: needs at least 1 bin");
    // np.sort(np.setdiff1d(np.unique(values), [low])). Values below low are left out as well: they would make
    // the edges decrease (numpy's digitize then refuses them); they are clipped into the first bin instead.
    std::vector<double> distinct;
    distinct.reserve(values.size());
    for (double v : values)
        if (v > low) distinct.push_back(v);
    radix_sort(distinct);
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

    BinEdges edges{{low}, false};
    if (distinct.empty()) return edges;
    // int(k * (unique.size / num_of_bins)): the quotient first, in double, then truncated, exactly as Python
    // evaluates it (k * |U| // bins can be one more, e.g. |U| = 122, bins = 14, k = 7: 60, not 61).
    const double per_bin = double(distinct.size()) / double(bins);
    for (std::size_t k = 0; k < bins; ++k)
        edges.values.push_back(distinct[std::min(std::size_t(double(k) * per_bin), distinct.size() - 1)]);
    edges.values.push_back(distinct.back());
    return edges;
}

BinEdges quantile_edges(const std::vector<double>& values, std::size_t bins) {
    NN_CHECK(bins >= 1 && values.size() >= bins,
             "quantile_edges: " << values.size() << " values cannot fill " << bins << " equal-frequency bins");
    std::vector<double> sorted(values);
    radix_sort(sorted);
    const std::size_t run = sorted.size() / bins;
    const std::size_t longer = sorted.size() % bins;  // the first `longer` runs hold one value more

    BinEdges edges{{-infinity}, false};
    std::size_t cut = 0;
    for (std::size_t i = 0; i + 1 < bins; ++i) {
        cut += run + (i < longer ? 1 : 0);
        // (valflat[bedge-1] + valflat[bedge]) / 2; std::midpoint cannot overflow. cut <= L - run < L.
        edges.values.push_back(std::midpoint(sorted[cut - 1], sorted[cut]));
    }
    edges.values.push_back(infinity);
    return edges;
}

BinEdges schiemer_edges(double lo, double hi, std::size_t bins) {
    BinEdges edges{linspace(lo, hi, bins + 1), true};
    edges.values.back() += 1e-4;  // Schiemer: "allows max value to fall into same bin and not create new bin"
    return edges;
}

std::optional<double> chelombiev_low(const std::string& activation) {
    if (activation == "tanh") return -1.000001;
    if (activation == "relu" || activation == "softplus" || activation == "sigmoid" || activation == "softmax")
        return 0.0;
    return std::nullopt;
}

std::optional<ActivationRange> schiemer_range(const std::string& activation) {
    if (activation == "tanh") return ActivationRange{-1.0, 1.0};
    if (activation == "sigmoid" || activation == "softmax") return ActivationRange{0.0, 1.0};
    if (activation == "relu" || activation == "softplus" || activation == "linear") return ActivationRange{0.0, {}};
    return std::nullopt;
}

}  // namespace estimators
