// estimators/decision.hpp — the decision-rule information plane (Balda et al.): a layer is judged by the
// labels it lets a classifier decide. Ŷ is the network's own prediction for the softmax output (the
// argmax of T) and, for any other layer, the prediction of a linear softmax classifier trained on T.
//   i_xt_bits = I(X;Ŷ) = H(Ŷ)        (Ŷ is a deterministic function of the input)
//   i_ty_bits = I(Y;Ŷ)               (plug-in, from the confusion counts of Y and Ŷ)
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace estimators {

struct DecisionOptions {
    long epochs = 200;       // full-batch Adam steps of the linear probe
    double lr = 0.01;        // Adam's learning rate
    std::uint64_t seed = 1;  // the probe's initial weights
};

// The linear probe's decisions: T standardised per column (mean 0, variance 1; constant columns left at
// 0), then softmax(T W + b) trained by full-batch Adam on softmax cross-entropy for `epochs` steps from
// Glorot-uniform weights, and the argmax of each row. Classes are 0 .. max(y).
std::vector<int> linear_probe_decisions(const nn::Matrix& t, const std::vector<int>& y, const DecisionOptions& options);

class DecisionEstimator : public Estimator {
public:
    explicit DecisionEstimator(const DecisionOptions& options);  // throws on epochs < 1, lr <= 0

    std::string spec() const override;  // "decision:epochs=200,lr=0.01,seed=1"
    std::vector<std::string> diagnostic_names() const override { return {"decision_accuracy"}; }
    // Needs labels y (an autoencoder's y_matrix is refused). activation "softmax": Ŷ = argmax of T;
    // otherwise the linear probe's decisions. diagnostics[0]: the share of rows with Ŷ = Y.
    Estimate estimate(const Observations& observations) override;

private:
    DecisionOptions options_;
};

std::unique_ptr<Estimator> make_decision(Spec& spec);

}  // namespace estimators
