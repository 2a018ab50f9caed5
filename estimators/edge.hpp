// estimators/edge.hpp — Noshad et al.'s EDGE estimator (mrtnoshad/EDGE, EDGE_4_3_1.py): hash both
// variables into buckets of an automatic width by p-stable LSH, count the bucket collisions, and average
// the clipped pointwise information over an ensemble of widths and shifts; in bits.
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

enum class EdgeEnsemble { median, average };  // EDGE's ensemble_estimation ('optimal_weights' is not offered)
enum class EdgeHashing { p_stable, floor };   // EDGE's hashing

// The settings of one call EDGE(A, B, ...): the first variable A, the second B.
struct EdgeParameters {
    double u = 10.0;         // U: upper clip of the pointwise information, bits
    double gamma_a = 1.0;    // smoothness of A's bandwidth (near 0 for discrete data, about 1 for continuous)
    double gamma_b = 1.0;
    double eps_a = 0.0;      // A's base bandwidth; 0: automatic (mean k-NN distance per projected column)
    double eps_b = 0.0;
    std::size_t ensemble_size = 10;  // L_ensemble
    double range = 0.1;              // eps_range_factor: the L bandwidths run over eps0 * [1, 1 + range]
    EdgeEnsemble ensemble = EdgeEnsemble::median;
    EdgeHashing hashing = EdgeHashing::p_stable;
    bool normalize = true;           // normalize_epsilon: rescale gamma by the first estimate and redo
    std::uint64_t seed = 3334;       // the projections and the k-NN sample (the code's np.random.seed)
};

// EDGE(A, B) in bits for A (N, d_A) and B (N, d_B), N >= 20 rows. Throws std::invalid_argument on fewer
// rows, differing row counts, no columns, non-finite values or settings, or a bandwidth that overflows.
double edge_bits(const nn::Matrix& a, const nn::Matrix& b, const EdgeParameters& parameters);

struct EdgeOptions {
    double u_xt = 10.0, u_ty = 10.0;       // U of I(X;T) and of I(T;Y)
    double gamma_x = 1.0, gamma_tx = 1.0;  // EDGE(X, T, gamma=[gamma_x, gamma_tx])
    double gamma_y = 1.0, gamma_ty = 1.0;  // EDGE(Y, T, gamma=[gamma_y, gamma_ty])
    double eps_x = 0.0, eps_tx = 0.0;      // EDGE(X, T, epsilon=[eps_x, eps_tx]); 0: automatic
    double eps_y = 0.0, eps_ty = 0.0;
    std::size_t ensemble_size = 10;
    double range = 0.1;
    EdgeEnsemble ensemble = EdgeEnsemble::median;
    EdgeHashing hashing = EdgeHashing::p_stable;
    bool normalize = true;
    std::uint64_t seed = 3334;
};

// I(X;T) = EDGE(X, T) with X the inputs (required); I(T;Y) = EDGE(Y, T) with Y the labels as one column
// of integers (as the IP experiment's argmax Y), or I(T;X') = EDGE(X', T) from y_matrix.
class EdgeEstimator : public Estimator {
public:
    explicit EdgeEstimator(const EdgeOptions& options);  // throws on a setting EDGE cannot use

    std::string spec() const override;  // every parameter, e.g. "edge:U_xt=10,U_ty=10,L=10,..."
    // Throws without T or X, on fewer than 20 rows, on row counts that differ, on non-finite values, and
    // when both y and y_matrix are given.
    Estimate estimate(const Observations& observations) override;

private:
    EdgeParameters parameters(double u, double gamma_a, double gamma_b, double eps_a, double eps_b) const;

    EdgeOptions options_;
};

// "edge[:U_xt=,U_ty=,L=,gamma_x=,gamma_tx=,gamma_y=,gamma_ty=,eps_x=,eps_tx=,eps_y=,eps_ty=,range=,
// ensemble=median|average,hashing=p-stable|floor,normalize=1|0,seed=]" (the factory's entry).
std::unique_ptr<Estimator> make_edge(Spec& spec);

}  // namespace estimators
