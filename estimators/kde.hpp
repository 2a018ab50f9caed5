// estimators/kde.hpp — the KDE estimator of Kolchinsky & Tracey as artemyk/ibsgd's kde.py computes it:
// the layer plus Gaussian noise of variance var is a mixture of N Gaussians, whose entropy is bounded
// above (pairwise KL) or below (pairwise Bhattacharyya); I(X;T) and I(T;Y) follow, in bits. adaptive=1
// is Chelombiev et al.'s variant of it.
#pragma once
#include <cstdint>
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
    // Chelombiev et al.'s KDE path (ivansche/adaptive_estimators, calc_kde_info_for_layer): the bound is
    // taken of |T + noise_std e|, e ~ N(0, I) drawn from nn::Rng(seed) afresh at every call, one normal per
    // entry in row-major order. make_kde sets var to their 0.01 unless the spec gives it.
    bool adaptive = false;
    double noise_std = 0.01;           // adaptive: the added noise's standard deviation (theirs: 0.01)
    std::uint64_t seed = 0;            // adaptive: the noise's seed
    bool relative = false;             // noise variance var * (max - min)^2 of the T the bound sees, per call
};

// With k_ij = exp(-||t_i - t_j||^2 / (2 v)), v = var (upper) or 4 var (lower), and the rows of T in
// nats (docs/estimators.md derives these from kde.py):
//   I(X;T) = mean_i ln( (X_i / n_x(i)) / (S_i / N) )    S_i = sum over all j, X_i over j with the input of i
//   I(T;Y) = mean_i ln( (C_i / n_c(i)) / (S_i / N) )    C_i = sum over j in the class of i
// i.e. H(T) - H(T|X) and H(T) - sum_c p(c) H(T|Y=c) with every entropy by the same bound. Without
// x_ids every row is its own input, X_i = 1 and H(T|X) is kde.py's kde_condentropy.
class KdeEstimator : public Estimator {
public:
    // Throws unless var is positive and finite and noise_std non-negative and finite.
    explicit KdeEstimator(const KdeOptions& options);

    // e.g. "kde:bound=upper,var=0.001,adaptive=0,relative=0",
    // "kde:bound=upper,var=0.01,adaptive=1,noise_std=0.01,seed=0,relative=0"
    std::string spec() const override;
    // h_t_bits: H(T) by the bound as kde.py computes it (d/2 + (d/2) ln(2 pi v) + ln N - mean_i ln S_i,
    // plus (d/2) ln(1/4) for the lower bound); noise_var: the variance used (var, or var * range^2).
    std::vector<std::string> diagnostic_names() const override { return {"h_t_bits", "noise_var"}; }
    // Throws on no rows or columns, non-finite activations, x_ids or y whose length differs from T's
    // rows, and a y_matrix (a continuous second variable has no classes to condition on).
    Estimate estimate(const Observations& observations) override;

private:
    KdeOptions options_;
};

// "kde[:bound=upper|lower,var=V,adaptive=0|1,noise_std=S,seed=N,relative=0|1]" (the factory's entry);
// noise_std and seed only with adaptive=1, whose var defaults to 0.01.
std::unique_ptr<Estimator> make_kde(Spec& spec);

}  // namespace estimators
