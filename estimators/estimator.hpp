// estimators/estimator.hpp — the interface every mutual-information estimator implements.
// Estimators take matrices and labels and return bits; they never see the network.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

// What an estimator is given for one layer T at one sampled epoch.
struct Observations {
    const nn::Matrix* t = nullptr;          // (N, D_T) activations of the layer, one row per sample
    const nn::Matrix* x = nullptr;          // (N, D_X) the inputs; null when not given
    const std::vector<int>* x_ids = nullptr;  // (N) equal ids <=> the same input; null: every row distinct
    const std::vector<int>* y = nullptr;    // (N) class labels 0..K-1; null: I(T;Y) is not estimated
    // (N, D_Y) a continuous second variable in place of labels: an autoencoder's output X', for
    // I(T;X'). At most one of y and y_matrix is given.
    const nn::Matrix* y_matrix = nullptr;
    // The layer's non-linearity ("tanh", "sigmoid", "relu", "softmax", "linear"; empty when unknown),
    // for estimators whose ranges follow it (binning:range=activation). Metadata, not the network.
    std::string activation = {};
};

struct Estimate {
    double i_xt_bits = 0.0;                 // I(X;T)
    std::optional<double> i_ty_bits;        // I(T;Y) (or I(T;X') from y_matrix), when given
    std::vector<double> diagnostics;        // one value per diagnostic_names() entry
};

class Estimator {
public:
    virtual ~Estimator() = default;
    // The resolved spec with every parameter, e.g. "binning:edges=30,lo=-1,hi=1". Result rows carry it.
    virtual std::string spec() const = 0;
    // Names of the extra result columns this estimator fills, e.g. {"clipped_fraction"}.
    virtual std::vector<std::string> diagnostic_names() const { return {}; }
    // Not const: an estimator may keep state across the epochs of one layer (a run makes one
    // instance per layer and probe split).
    virtual Estimate estimate(const Observations& observations) = 0;
};

// Builds an estimator from a spec "name[:key=value[,key=value]...]"; throws std::invalid_argument
// naming the spec and what is wrong (unknown estimator, unknown key, bad value). Every estimator it
// builds refuses non-finite observations before estimating: a NaN or infinity in t, x or y_matrix
// throws std::invalid_argument "NAME: activation at row R, column C is nan" (or "input x ...",
// "y_matrix ..."), so a diverged layer never turns into a number of bits.
std::unique_ptr<Estimator> make_estimator(const std::string& spec);

// The names make_estimator knows, in its order ("binning", "decision", ...).
std::vector<std::string> estimator_names();

}  // namespace estimators
