// estimators/kl.hpp — the Kozachenko-Leonenko k-nearest-neighbour differential entropy (1987) and its
// weighted form by Berrett, Samworth & Yuan (Ann. Statist. 47, 2019), and the mutual information built
// from them: H(A) + H(B) - H(A,B) for two continuous variables, H(T) - sum_y p(y) H(T|y) for labels; bits.
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

struct KlOptions {
    std::size_t k = 5;        // the neighbour whose distance enters (weighted: the largest one)
    bool weighted = false;    // Berrett, Samworth & Yuan's weights over the neighbours 1..k
    std::uint64_t seed = 0;   // the jitter of the mutual-information data (standardize_with_jitter)
};

// The weights w_1..w_k of the weighted estimator in dimension d: w_j = 0 unless j is one of
// floor(i k / d), i = 1..d (j >= 1); sum_j w_j = 1 and sum_j w_j Gamma(j + 2l/d) / Gamma(j) = 0 for
// l = 1..floor(d/4) (these cancel the leading bias terms); among such weights the one of least Euclidean
// norm (the paper's choice). For d <= 3 there is no constraint but the sum, and w = e_k (the plain
// estimator). Throws unless the support has at least floor(d/4) + 1 entries, i.e. min(k, d) > floor(d/4).
std::vector<double> kl_weights(std::size_t k, std::size_t d);

// H(X) in bits for X (N, d), N > k, taken as it is (no standardising, no jitter):
//   psi(N) - psi(k) + log V_d + (d/N) sum_i log eps_i   (nats; eps_i the Euclidean distance from row i to
// its k-th nearest other row, V_d = pi^(d/2) / Gamma(d/2 + 1) the volume of the unit ball), or with
// `weighted`, sum_j w_j of that with k replaced by j. Throws when a distance that enters is 0 (a repeated
// row) or on non-finite values.
double kl_entropy_bits(const nn::Matrix& x, std::size_t k, bool weighted);

// I(A;B) = H(A) + H(B) - H(A,B) for A (N, d_A), B (N, d_B) after standardize_with_jitter of each (A
// first, then B, from nn::Rng(seed)); standardising moves the three entropies by log-determinants that
// cancel in the sum.
double kl_mi_bits(const nn::Matrix& a, const nn::Matrix& b, const KlOptions& options);

// I(T;Y) = H(T) - sum_y p(y) H(T | Y = y) for labels y (N), T prepared as above. Throws when a class has
// k rows or fewer (its entropy needs a k-th neighbour within the class).
double kl_labels_bits(const nn::Matrix& t, const std::vector<int>& y, const KlOptions& options);

// I(X;T) = kl_mi_bits(X, T); I(T;Y) = kl_labels_bits(T, Y), or kl_mi_bits(T, X') with y_matrix. Needs the
// inputs x, for the reason KsgEstimator gives.
class KlEstimator : public Estimator {
public:
    explicit KlEstimator(const KlOptions& options);  // throws on k < 1
    std::string spec() const override;                // "kl:k=5,weighted=0,seed=0"
    Estimate estimate(const Observations& observations) override;

private:
    KlOptions options_;
};

// "kl[:k=,weighted=0|1,seed=]" (the factory's entry).
std::unique_ptr<Estimator> make_kl(Spec& spec);

}  // namespace estimators
