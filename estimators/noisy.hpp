// estimators/noisy.hpp — Goldfeld et al.'s estimator for a noisy layer T = f(X) + Z, Z ~ N(0, sigma^2 I)
// ("Estimating information flow in deep neural networks", ICML 2019): the layer's distribution is the
// Gaussian mixture (1/N) sum_i N(f(x_i), sigma^2 I), whose entropy is estimated by Monte Carlo; in bits.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace estimators {

struct NoisyOptions {
    double sigma = 0.1;          // the noise's standard deviation
    std::size_t samples = 4096;  // Monte Carlo points t = f(x_i) + z
    std::uint64_t seed = 0;      // the rows' visiting order and the noise draws (a fresh nn::Rng per call)
};

// The rows of T are the CLEAN f(x_i), before any noise. Sample s is t_s = f(x_i(s)) + sigma z_s, the rows
// visited in a seeded random order, cycling (each row floor(S/N) or ceil(S/N) times), z_s ~ N(0, I). With
// p(t) = (1/N) sum_j phi_sigma(t - f(x_j)) and p(t | c) the same over the N_c rows of class c:
//   I(X;T) = mean_s [ln phi_sigma(sigma z_s) - ln p(t_s)]    = h(T) - h(Z)
//   I(T;Y) = mean_s [ln p(t_s | y_i(s)) - ln p(t_s)]         = h(T) - sum_c p(c) h(T|Y=c)
// each log-density by log-sum-exp, the squared distances ||t_s - f(x_j)||^2 = D_ij + 2 sigma z_s.(f(x_i) -
// f(x_j)) + sigma^2 ||z_s||^2 from the pairwise distances D of the rows and one product Z F^T. h(Z) is
// estimated with the same draws as h(T) (its mean is (d/2) ln(2 pi e sigma^2)), which removes the sampling
// noise of ||z||^2: two far-apart rows give exactly 1 bit, identical rows exactly 0. Repeated inputs need
// no ids (the mixture over rows weights each input by its frequency), so x_ids are not read.
class NoisyEstimator : public Estimator {
public:
    explicit NoisyEstimator(const NoisyOptions& options);  // throws unless sigma > 0 finite, samples >= 1

    std::string spec() const override;  // e.g. "noisy:sigma=0.1,samples=4096,seed=0"
    // h_t_bits: -mean_s log2 p(t_s), the differential entropy of T; mc_stderr_bits: the standard error of
    // the I(X;T) mean, std_s(term_s) / sqrt(S) (an overestimate: the visiting order is stratified).
    std::vector<std::string> diagnostic_names() const override { return {"h_t_bits", "mc_stderr_bits"}; }
    // Throws on no rows or columns, non-finite activations, y whose length differs from T's rows, and a
    // y_matrix (a continuous second variable has no classes to condition on).
    Estimate estimate(const Observations& observations) override;

private:
    NoisyOptions options_;
};

// "noisy[:sigma=S,samples=K,seed=N]" (the factory's entry).
std::unique_ptr<Estimator> make_noisy(Spec& spec);

// The spec a run records for a network whose hidden layers carry Gaussian noise of network_sigma (0: none).
// A spec of another estimator is returned unchanged; a noisy spec without sigma takes network_sigma when
// it is positive; a noisy spec whose sigma differs from a positive network_sigma is refused
// (std::invalid_argument naming both), since the estimator would then describe another network.
std::string noisy_spec_for_network(const std::string& spec, double network_sigma);

}  // namespace estimators
