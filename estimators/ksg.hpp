// estimators/ksg.hpp — Kraskov, Stögbauer & Grassberger's k-nearest-neighbour mutual information (2004,
// both algorithms) for two continuous variables, and Ross's (2014) version for a continuous variable and
// class labels; in bits. The estimator of NPEET, used by Schiemer & Ye and shelvia-w/MI-Estimators.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"
#include "nn/matrix.hpp"

namespace estimators {

struct KsgOptions {
    std::size_t k = 3;        // neighbours in the joint space (Ross: within the same class)
    int variant = 1;          // Kraskov et al.'s algorithm 1 or 2
    std::uint64_t seed = 0;   // the jitter that makes repeated rows distinct (standardize_with_jitter)
};

// I(A;B) in bits for A (N, d_A), B (N, d_B), N > k, after standardize_with_jitter of each (A first,
// then B, from one nn::Rng(seed)). Max-norm in the joint space; eps_i the distance to the k-th neighbour.
//   variant 1: psi(k) + psi(N) - < psi(n_a + 1) + psi(n_b + 1) >, n counts the other rows strictly
//              within eps_i in each marginal space;
//   variant 2: psi(k) - 1/k + psi(N) - < psi(n_a) + psi(n_b) >, n counts the rows within (<=) the
//              marginal distance of the farthest of the k neighbours, in each marginal space.
// Throws std::invalid_argument on N <= k, differing row counts, empty or non-finite matrices.
double ksg_bits(const nn::Matrix& a, const nn::Matrix& b, const KsgOptions& options);

// I(T;Y) in bits for T (N, d) continuous and labels y (N) by Ross (2014):
//   psi(N) - < psi(N_y) > + < psi(k_i) > - < psi(m_i) >,
// k_i = min(k, N_y - 1) with d_i the max-norm distance to the k_i-th neighbour of the same class, m_i the
// number of other rows of any class within d_i (<=), N_y the rows of i's class. As scikit-learn's
// mutual_info_classif, rows of a class seen once are left out (they have no neighbour in their class).
// T is prepared as in ksg_bits. Throws when fewer than two rows remain or on sizes that differ.
double ksg_labels_bits(const nn::Matrix& t, const std::vector<int>& y, const KsgOptions& options);

// I(X;T) = ksg_bits(X, T); I(T;Y) = ksg_labels_bits(T, Y) with labels, ksg_bits(T, X') with y_matrix.
// Needs the inputs x: without them every row is a distinct input, T a deterministic function of it, and
// I(X;T) of a continuous T is infinite (KSG then grows without bound with N), so the estimator refuses.
class KsgEstimator : public Estimator {
public:
    explicit KsgEstimator(const KsgOptions& options);  // throws on k < 1 or a variant other than 1, 2
    std::string spec() const override;                  // "ksg:k=3,variant=1,seed=0"
    Estimate estimate(const Observations& observations) override;

private:
    KsgOptions options_;
};

// "ksg[:k=,variant=1|2,seed=]" (the factory's entry).
std::unique_ptr<Estimator> make_ksg(Spec& spec);

}  // namespace estimators
