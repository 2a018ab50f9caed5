// estimators/lanczos.hpp — stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017) with Hutch++-style
// deflation: a quadrature rule for the spectrum of a large symmetric matrix, so that tr f(A) costs a few
// dozen block products with A instead of an O(N^3) eigen-decomposition. Matrix-free: A is a callback.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

// out (N, B) = A @ in (N, B), for the symmetric (N, N) matrix A; out arrives sized (N, B).
using BlockProduct = std::function<void(const nn::Matrix& in, nn::Matrix& out)>;

struct LanczosOptions {
    std::size_t probes = 10;   // Rademacher probe vectors of the stochastic (Hutchinson) part, >= 1
    std::size_t steps = 30;    // Lanczos steps from each start vector (capped at N), >= 1
    std::size_t deflate = 10;  // sketch columns S of the deflated part Q = orth(A S); 0 = plain SLQ
    std::uint64_t seed = 0;    // the probes and the sketch
};

// tr f(A) ~ sum_k weights[k] * f(nodes[k]). The nodes are Ritz values (unclipped: rounding can leave
// small negatives for a PSD A). probe[k] is the stochastic probe p (0 .. probes - 1) whose recurrence
// gave node k, or `fixed` for the deflated part (and for exact eigenvalues a caller adds): the probe
// part's per-probe sums are independent samples, which control variates need (renyi.cpp).
struct SpectralQuadrature {
    static constexpr std::size_t fixed = static_cast<std::size_t>(-1);
    std::vector<double> nodes;
    std::vector<double> weights;
    std::vector<std::size_t> probe;
};

// The quadrature, built as tr f(A) = tr(Q^T f(A) Q) + tr(P f(A) P), P = I - Q Q^T (Meyer, Musco, Musco &
// Woodruff's Hutch++, 2021, with Lanczos quadrature in place of f(A) products):
//   Q: (N, r) orthonormal columns of A^2 S, S (N, deflate) Rademacher (Hutch++'s A S and one step of
//      subspace iteration), r <= deflate (dependent columns dropped); each q_j^T f(A) q_j is the Gauss
//      quadrature of `steps` Lanczos steps from q_j.
//   the rest: (1 / probes) sum_p g_p^T P f(A) P g_p for Rademacher g_p, each term the Gauss quadrature of
//      `steps` Lanczos steps from w_p = P g_p, weight |w_p|^2 tau_k^2 / probes.
// Every start vector runs its own Lanczos recurrence with full reorthogonalisation (twice classical
// Gram-Schmidt); all of them advance together, so each step is one call of `product` with B = r + probes
// columns. A recurrence that reaches an invariant subspace stops early (its quadrature is then exact).
// Q removes the largest eigenvalues' share of the variance, (2 / probes) sum_{i != j} f(A)_ij^2 for
// Rademacher probes, which dominates for kernel matrices (one large eigenvalue, near-constant entries).
SpectralQuadrature lanczos_quadrature(std::size_t N, const BlockProduct& product, const LanczosOptions& options);

// The same with the product A @ in by one dgemm on the symmetric (N, N) matrix a.
SpectralQuadrature lanczos_quadrature(const nn::Matrix& a, const LanczosOptions& options);

}  // namespace estimators
