// estimators/decision.cpp — decisions read off a layer, and the information they carry.
#include "estimators/decision.hpp"

#include <algorithm>
#include <cmath>

#include "estimators/entropy.hpp"
#include "nn/check.hpp"
#include "nn/init.hpp"
#include "nn/layers.hpp"
#include "nn/ops.hpp"
#include "nn/optimizer.hpp"

namespace estimators {

namespace {

std::vector<int> row_argmax(const nn::Matrix& t) {
    std::vector<int> decisions(t.rows);
    for (std::size_t r = 0; r < t.rows; ++r) {
        const double* row = t.row(r);
        decisions[r] = int(std::max_element(row, row + t.cols) - row);
    }
    return decisions;
}

}  // namespace

std::vector<int> linear_probe_decisions(const nn::Matrix& t, const std::vector<int>& y, const DecisionOptions& options) {
    NN_CHECK(t.rows == y.size() && t.rows > 0, "decision: " << y.size() << " labels for " << t.rows << " rows of T");
    const int classes = *std::max_element(y.begin(), y.end()) + 1;
    nn::Rng rng(options.seed);
    nn::Linear probe(t.cols, std::size_t(classes), nn::Init::GlorotUniform, rng);
    nn::Adam adam(probe.parameters(), nn::AdamOptions{.lr = float(options.lr)});
    const nn::Var x(nn::to_standardised_tensor(t));
    for (long step = 0; step < options.epochs; ++step) {
        adam.zero_grad();
        nn::backward(nn::softmax_cross_entropy(probe.forward(x), y));
        adam.step();
    }
    nn::NoGradGuard no_grad;
    return row_argmax(nn::to_matrix(probe.forward(x).value()));
}

DecisionEstimator::DecisionEstimator(const DecisionOptions& options) : options_(options) {
    NN_CHECK(options_.epochs >= 1, "decision needs epochs >= 1, got " << options_.epochs);
    NN_CHECK(std::isfinite(options_.lr) && options_.lr > 0.0, "decision needs lr > 0, got " << options_.lr);
}

std::string DecisionEstimator::spec() const {
    return format_spec("decision", {{"epochs", format_number(options_.epochs)},
                                    {"lr", format_number(options_.lr)},
                                    {"seed", format_number(options_.seed)}});
}

Estimate DecisionEstimator::estimate(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "decision: no activations given");
    NN_CHECK(observations.y_matrix == nullptr,
             "decision: decides between classes; an autoencoder's continuous output has none");
    NN_CHECK(observations.y != nullptr, "decision: needs the class labels");
    const nn::Matrix& t = *observations.t;
    const std::vector<int>& y = *observations.y;
    NN_CHECK(t.rows == y.size(), "decision: " << y.size() << " labels for " << t.rows << " rows of T");
    NN_CHECK(t.rows > 0 && t.cols > 0, "decision: T is empty (" << t.rows << " x " << t.cols << ")");
    for (int label : y) NN_CHECK(label >= 0, "decision: label " << label << " is negative");

    const std::vector<int> decisions =
        observations.activation == "softmax" ? row_argmax(t) : linear_probe_decisions(t, y, options_);
    const Grouping decided = group_ids(decisions);
    Estimate estimate;
    estimate.i_xt_bits = entropy_bits(decided);
    estimate.i_ty_bits = mutual_information_bits(decided, group_ids(y));
    std::size_t correct = 0;
    for (std::size_t r = 0; r < y.size(); ++r) correct += decisions[r] == y[r];
    estimate.diagnostics = {double(correct) / double(y.size())};
    return estimate;
}

std::unique_ptr<Estimator> make_decision(Spec& spec) {
    DecisionOptions options;
    options.epochs = long(spec.integer("epochs", options.epochs, 1));
    options.lr = spec.real("lr", options.lr, Sign::positive);
    options.seed = std::uint64_t(spec.integer("seed", 1, 0));
    spec.finish();
    return std::make_unique<DecisionEstimator>(options);
}

}  // namespace estimators
