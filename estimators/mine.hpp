// estimators/mine.hpp — MINE (Belghazi et al. 2018) as gtegner/mine-pytorch's `mine` loss: a statistics
// network T(a, b) trained on the Donsker–Varadhan bound I(A;B) >= E_joint[T] - ln E_marginal[e^T], with
// the moving-average correction of the second term's gradient; the bound on all rows, in bits.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"
#include "nn/rng.hpp"

namespace estimators {

struct MineOptions {
    long iterations = 500;   // Adam steps, one mini-batch each
    long batch = 256;        // rows per mini-batch (all rows when there are fewer)
    double lr = 1e-4;        // Adam's learning rate (mine-pytorch's default)
    long hidden = 100;       // width of both hidden layers of the statistics network
    double alpha = 0.01;     // weight of the newest batch in the moving average of E_marginal[e^T]
    std::uint64_t seed = 1;  // initial weights, mini-batches and marginal permutations
};

// The Donsker–Varadhan bound in nats for the paired rows of a (N, D_A) and b (N, D_B), after training the statistics
// network [a, b] -> Linear(hidden) -> ReLU -> Linear(hidden) -> ReLU -> Linear(1) (He-normal weights,
// zero biases) for options.iterations Adam steps, drawing everything from rng. Marginal samples pair
// row i of a with row perm(i) of b for a seeded permutation. Throws on differing row counts, no rows.
double mine_bound_nats(const nn::Matrix& a, const nn::Matrix& b, const MineOptions& options, nn::Rng& rng);

class MineEstimator : public Estimator {
public:
    // Throws unless iterations, batch, hidden >= 1, lr > 0 and 0 < alpha <= 1.
    explicit MineEstimator(const MineOptions& options);

    // "mine:iterations=500,batch=256,lr=1e-04,hidden=100,alpha=0.01,seed=1"
    std::string spec() const override;
    // I(X;T) from Observations.x (required); I(T;Y) from the labels one-hot, or I(T;X') from y_matrix.
    // Each call trains fresh networks from Rng(seed) (X;T first, then T;Y): equal inputs, equal output.
    Estimate estimate(const Observations& observations) override;

private:
    MineOptions options_;
};

// "mine[:iterations=I,batch=B,lr=L,hidden=H,alpha=A,seed=S]" (the factory's entry).
std::unique_ptr<Estimator> make_mine(Spec& spec);

}  // namespace estimators
