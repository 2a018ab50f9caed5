// estimators/kde.hpp — the KDE estimator of Kolchinsky & Tracey as artemyk/ibsgd's kde.py computes it:
// the layer plus Gaussian noise of variance var is a mixture of N Gaussians, whose entropy is bounded
// above (pairwise KL) or below (pairwise Bhattacharyya); I(X;T) and I(T;Y) follow, in bits.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace estimators {

enum class KdeBound { upper, lower };

struct KdeOptions {
    KdeBound bound = KdeBound::upper;  // upper: kde.py entropy_estimator_kl, lower: entropy_estimator_bd
    double var = 1e-3;                 // noise variance; ibsgd uses 1e-3 for SZT, 1e-1 for MNIST
    bool adaptive = false;             // noise variance var * (max T - min T)^2, per layer and call
};

// With k_ij = exp(-||t_i - t_j||^2 / (2 v)), v = var (upper) or 4 var (lower), and the rows of T in
// nats (docs/estimators.md derives these from kde.py):
//   I(X;T) = mean_i ln( (X_i / n_x(i)) / (S_i / N) )    S_i = sum over all j, X_i over j with the input of i
//   I(T;Y) = mean_i ln( (C_i / n_c(i)) / (S_i / N) )    C_i = sum over j in the class of i
// i.e. H(T) - H(T|X) and H(T) - sum_c p(c) H(T|Y=c) with every entropy by the same bound. Without
// x_ids every row is its own input, X_i = 1 and H(T|X) is kde.py's kde_condentropy.
class KdeEstimator : public Estimator {
public:
    explicit KdeEstimator(const KdeOptions& options);  // throws unless var is positive and finite

    std::string spec() const override;  // e.g. "kde:bound=upper,var=0.001,adaptive=0"
    // h_t_bits: H(T) by the bound as kde.py computes it (d/2 + (d/2) ln(2 pi v) + ln N - mean_i ln S_i,
    // plus (d/2) ln(1/4) for the lower bound); noise_var: the variance used (var, or var * range^2).
    std::vector<std::string> diagnostic_names() const override { return {"h_t_bits", "noise_var"}; }
    // Throws on no rows or columns, non-finite activations, x_ids or y whose length differs from T's
    // rows, and a y_matrix (a continuous second variable has no classes to condition on).
    Estimate estimate(const Observations& observations) override;

private:
    KdeOptions options_;
};

// "kde[:bound=upper|lower,var=V,adaptive=0|1]" (the factory's entry).
std::unique_ptr<Estimator> make_kde(Spec& spec);

}  // namespace estimators
