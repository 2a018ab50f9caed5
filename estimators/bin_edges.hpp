// estimators/bin_edges.hpp — where the binning estimator puts its edges: IDNNs' float32 linspace, Chelombiev's
// equal-distinct-count (EBAB) edges, Lorenzen's equal-frequency edges, Schiemer's ranges by activation, and
// the digitizing of values against any non-decreasing edges. docs/estimators.md says which peer each rule is.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace estimators {

// Non-decreasing edges; repeated edges are allowed (an empty bin between them).
struct BinEdges {
    std::vector<double> values;  // at least one
    bool uniform = false;        // a linspace (up to rounding): a value's bin is first guessed by arithmetic
};

// np.linspace(lo, hi, n) in double: i * step + lo with step = (hi - lo) / (n - 1), the last value exactly hi.
std::vector<double> linspace(double lo, double hi, std::size_t n);
// np.linspace(lo, hi, n, dtype=float32): linspace() with each value rounded to the nearest float (returned
// widened to double). lo and hi must lie within the float32 range.
std::vector<double> linspace_float32(double lo, double hi, std::size_t n);

// The bin of each of the n values: index i with edge[i] <= v < edge[i+1] (numpy's digitize(v, edges) - 1, so
// after all repeated edges equal to v), the last index for v >= the last edge. Values below the first edge
// go to bin 0 and values above the last edge to the last bin; the return value counts both (clipped).
std::size_t digitize(const double* values, std::size_t n, const BinEdges& edges, std::int64_t* bins);

// Chelombiev's EBAB edges (adaptive_estimators, set_up_bins with maxentropy): U = the distinct values above
// `low`, sorted; edges = [low] + [U[int(k * (|U| / bins))] for k < bins] + [U[-1]], the index computed in
// double as Python does; just [low] when no value is above it. Each bin holds |U| / bins distinct values.
BinEdges ebab_edges(const std::vector<double>& values, double low, std::size_t bins);

// Lorenzen's adaptive (equal-frequency) edges, bounds 'layer' (ExactIBAnalysisInQNNs, adaptive_bins): the
// L sorted values cut into `bins` runs of L / bins values, the first L % bins runs one longer; inner edges
// are the midpoints of the values either side of each cut, outer edges -inf and +inf (Lorenzen's min - 1 and
// max + 1 only enclose every value). Needs L >= bins.
BinEdges quantile_edges(const std::vector<double>& values, std::size_t bins);

// Schiemer's edges (Revisiting_the_Information_Plane, calc_bins): linspace(lo, hi, bins + 1) in double, then
// 1e-4 added to the last edge so that a value equal to hi stays in the last bin.
BinEdges schiemer_edges(double lo, double hi, std::size_t bins);

// Chelombiev's `low`, the first edge of EBAB and of the running range, by the layer's non-linearity:
// -1.000001 for tanh (below -1, so that saturated values stay in U), 0 for relu and softplus and for
// sigmoid and softmax (bounded below by 0 as softplus is). nullopt for linear and anything else.
std::optional<double> chelombiev_low(const std::string& activation);

// Schiemer's range by the layer's non-linearity: tanh [-1, 1], sigmoid and softmax [0, 1], relu, softplus and
// linear [0, max] with max the layer's maximum (hi = nullopt). nullopt for anything else.
struct ActivationRange {
    double lo = 0.0;
    std::optional<double> hi;
};
std::optional<ActivationRange> schiemer_range(const std::string& activation);

}  // namespace estimators
