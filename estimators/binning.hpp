// estimators/binning.hpp — the binning (plug-in) estimator of Shwartz-Ziv & Tishby and Saxe et al.:
// every activation is replaced by its bin, and I(X;T), I(T;Y) are entropies of the bin patterns, in bits.
//   binning:edges=30,lo=-1,hi=1   IDNNs: np.linspace(lo, hi, edges) float32 edges, lower-edge labels
//   binning:size=0.07             ibsgd: unbounded bins floor(t / size)
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "estimators/entropy.hpp"
#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace estimators {

struct BinningOptions {
    std::size_t edges = 30;     // number of edges (not intervals), as IDNNs' num_of_bins
    double lo = -1.0;           // first edge
    double hi = 1.0;            // last edge
    std::optional<double> size; // set: ibsgd's floor(t / size) bins, and edges/lo/hi are not used
};

// np.linspace(lo, hi, n, dtype=float32): i * step + lo in double, step = (hi - lo) / (n - 1), the last
// value exactly hi, each rounded to the nearest float (returned widened to double).
std::vector<double> linspace_float32(double lo, double hi, std::size_t n);

struct BinnedLayer {
    Codes codes;              // (N, D) bin index of every activation
    std::size_t clipped = 0;  // activations outside [first edge, last edge], put in the end bins
};

// The bin of every activation. Edges mode: index i (0 <= i < edges) with edge[i] <= v < edge[i+1],
// i = edges-1 for v == hi, as IDNNs' bins[np.digitize(v, bins) - 1]; values below lo go to bin 0 and
// values above hi to the last bin, and are counted in `clipped`. Size mode: floor(v / size).
// Throws on NaN or infinite activations, naming row and column.
BinnedLayer bin_activations(const nn::Matrix& t, const BinningOptions& options);

class BinningEstimator : public Estimator {
public:
    explicit BinningEstimator(const BinningOptions& options);  // throws on edges < 2, lo >= hi, size <= 0

    std::string spec() const override;  // e.g. "binning:edges=30,lo=-1,hi=1" or "binning:size=0.07"
    std::vector<std::string> diagnostic_names() const override { return {"clipped_fraction"}; }
    // I(X;T) = H(T) without x_ids (every row a distinct input), else H(T) - H(T|X); I(T;Y) = H(T) -
    // H(T|Y) when y is given. diagnostics[0] = clipped values / all values (0 in size mode).
    Estimate estimate(const Observations& observations) override;

private:
    BinningOptions options_;
    std::vector<double> edges_;  // the float32 edges, edges mode only
};

// "binning[:edges=E,lo=L,hi=H]" or "binning:size=S" (the factory's entry).
std::unique_ptr<Estimator> make_binning(Spec& spec);

}  // namespace estimators
