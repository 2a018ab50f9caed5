// estimators/binning.hpp — the binning (plug-in) estimator of Shwartz-Ziv & Tishby, Saxe et al. and the
// adaptive binnings after them: every activation is replaced by its bin, and I(X;T), I(T;Y) are entropies of
// the bin patterns, in bits.
//   binning:edges=30,lo=-1,hi=1          IDNNs: np.linspace(lo, hi, edges) float32 edges, lower-edge labels
//   binning:size=0.07                    ibsgd: unbounded bins floor(t / size)
//   binning:mode=adaptive,bins=30        Chelombiev et al.: EBAB, equal counts of distinct values per bin
//   binning:mode=quantile,bins=30        Lorenzen et al.: equal-frequency edges over the layer's values
//   binning:range=activation,bins=30     Schiemer & Ye: equal-width bins over the activation's range
//   binning:range=running,bins=30        Chelombiev et al.: linspace(low, running max, bins)
#pragma once
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "estimators/bin_edges.hpp"
#include "estimators/entropy.hpp"
#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace estimators {

// How the edges are chosen. `fixed` is the original pair of modes (edges/lo/hi, or size); the others are
// computed at every call from the values (and, for the ranges, from the layer's activation and the
// values seen in earlier calls).
enum class EdgeRule { fixed, adaptive, quantile, activation_range, running_range };

struct BinningOptions {
    std::size_t edges = 30;     // number of edges (not intervals), as IDNNs' num_of_bins
    double lo = -1.0;           // first edge
    double hi = 1.0;            // last edge
    std::optional<double> size; // set: ibsgd's floor(t / size) bins, and edges/lo/hi are not used
    EdgeRule rule = EdgeRule::fixed;
    std::size_t bins = 30;      // the other rules: the number of bins (Chelombiev's and Schiemer's n_bins)
    // adaptive and running_range: the first edge (Chelombiev's `low`); nullopt: by the layer's activation.
    std::optional<double> low;
};

struct BinnedLayer {
    Codes codes;              // (N, D) bin index of every activation
    std::size_t clipped = 0;  // activations outside [first edge, last edge], put in the end bins
};

// The smallest and largest value one estimator instance has seen over its calls: the running range of
// one layer (a run makes one estimator per layer and probe split).
struct SeenRange {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
};

// The bin of every activation. Edges mode: index i (0 <= i < edges) with edge[i] <= v < edge[i+1],
// i = edges-1 for v == hi, as IDNNs' bins[np.digitize(v, bins) - 1]; values below lo go to bin 0 and
// values above hi to the last bin, and are counted in `clipped`. Size mode: floor(v / size). The other
// rules compute their edges from t and `activation` (docs/estimators.md), with running ranges starting
// from this matrix alone. Throws on NaN or infinite activations, naming row and column.
BinnedLayer bin_activations(const nn::Matrix& t, const BinningOptions& options, const std::string& activation = {});

class BinningEstimator : public Estimator {
public:
    // Throws on edges < 2, lo >= hi, size <= 0, bins < 2, or a size or low that the rule does not use.
    explicit BinningEstimator(const BinningOptions& options);

    // e.g. "binning:edges=30,lo=-1,hi=1", "binning:size=0.07", "binning:mode=adaptive,bins=30,lo=activation"
    std::string spec() const override;
    std::vector<std::string> diagnostic_names() const override { return {"clipped_fraction"}; }
    // I(X;T) = H(T) without x_ids (every row a distinct input), else H(T) - H(T|X); I(T;Y) = H(T) -
    // H(T|Y) when y is given, H(T) - H(T|X') when y_matrix is (X' binned by the same rule, with its own
    // edges and running range). diagnostics[0] = clipped values of T / all values of T (0 in size mode).
    Estimate estimate(const Observations& observations) override;

private:
    BinningOptions options_;
    BinEdges edges_;           // the float32 edges, edges mode only
    SeenRange t_seen_;         // running ranges: the values of T seen so far
    SeenRange target_seen_;    // ... and of the second variable X'
};

// "binning[:edges=E,lo=L,hi=H]", "binning:size=S", "binning:mode=adaptive[,bins=B][,lo=L]",
// "binning:mode=quantile[,bins=B]", "binning:range=activation[,bins=B]" or "binning:range=running[,bins=B][,lo=L]"
// (the factory's entry). lo=activation, the default of the two that take lo, spells out "by the activation".
std::unique_ptr<Estimator> make_binning(Spec& spec);

}  // namespace estimators
