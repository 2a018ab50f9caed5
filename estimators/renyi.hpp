// estimators/renyi.hpp — the matrix-based Rényi alpha-entropy estimator (Sánchez Giraldo, Rao & Príncipe
// 2015) as the information-plane peers use it: normalised RBF Gram matrices, their eigenvalues, Hadamard
// products for joint entropies, I = H_a + H_b - H_ab, in bits.
//   renyi:alpha=1.01,rule=tapia,gamma=2        Tapia & Estévez (nicolasigor/entropy MatrixEstimator)
//   renyi:alpha=1,kernel=rbf1,rule=alignment   Wickström et al. (kernel alignment with the labels)
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"
#include "estimators/kernel_width.hpp"
#include "estimators/lanczos.hpp"
#include "estimators/spec.hpp"

namespace estimators {

struct Grouping;  // estimators/entropy.hpp

// H_alpha in bits of the eigenvalues of a trace-normalised Gram matrix. As MatrixEstimator: negatives are
// clipped to 0 (and so is rounding noise, eigenvalues <= N eps lambda_max) and the rest renormalised to
// sum 1; then H = log2(sum lambda^alpha) / (1 - alpha), or -sum lambda log2 lambda for alpha == 1 exactly.
// Throws if no eigenvalue is positive.
double renyi_entropy_from_eigenvalues(std::vector<double> eigenvalues, double alpha);

// H_alpha of the symmetric positive semi-definite (N, N) matrix `a` after trace normalisation: all N
// eigenvalues from LAPACK (dsyevd, values only). `a` is overwritten.
double matrix_entropy_bits(nn::Matrix& a, double alpha);

// Squared distances (N, N) -> A = K / N in place, K = exp(-|xi - xj|^2 / (2 sigma^2)) (rbf2) or
// exp(-|xi - xj|^2 / sigma^2) (rbf1). K's diagonal is 1, so A has trace 1.
void normalized_gram_in_place(nn::Matrix& squared_distances, double sigma, Rbf rbf);

// H_alpha in bits of the trace-normalised A / trace from a quadrature of A's spectrum (lanczos.hpp):
// H = log2(1 + (1 - alpha) E) / (1 - alpha), E = sum_k w_k g(theta_k / trace) with g(l) = (l^alpha - l) /
// (1 - alpha) (-l ln l at alpha = 1, then H = E / ln 2), Ritz values clipped to 0. The same H as
// log2(sum l^alpha) / (1 - alpha) when sum l = 1 exactly, but the stochastic error of sum l^alpha and of
// sum l largely cancel in E: near alpha = 1, 1e-3 relative error in sum l^alpha alone would be 0.14 bits.
// The probe part's share of E is corrected with two control variates, the probes' own estimates of
// tr(A / trace) = 1 and tr(A^2) / trace^2 = trace_of_square / trace^2, both known exactly (renyi.cpp).
// Nodes without a probe index (an empty quadrature.probe, or `fixed`) are taken as they are.
double quadrature_entropy_bits(const SpectralQuadrature& quadrature, double trace, double trace_of_square,
                               double alpha);

// H_alpha of the symmetric PSD (N, N) matrix `a` after trace normalisation by stochastic Lanczos
// quadrature: O(N^2 (probes + deflate) steps) instead of dsyevd's O(N^3). `a` is not changed.
double lanczos_entropy_bits(const nn::Matrix& a, double alpha, const LanczosOptions& options);

// H_alpha of one variable with rows x: (N, d), at a given width: distances, Gram, eigenvalues.
double renyi_entropy_bits(const nn::Matrix& x, double sigma, double alpha, Rbf rbf = Rbf::rbf2);

enum class WidthRule { fixed, scott, tapia, silverman, knn, graph, alignment };
enum class LabelKernel { delta, rbf };
enum class Solver { exact, lanczos, automatic };  // spec names exact, lanczos, auto

// solver=auto: dsyevd for matrices of at most this size (N = 4096 takes about 10 s), Lanczos above.
inline constexpr std::size_t exact_solver_limit = 4096;

struct RenyiOptions {
    double alpha = 1.01;
    Rbf kernel = Rbf::rbf2;
    WidthRule rule = WidthRule::tapia;
    std::optional<double> sigma;                    // rule=fixed only (and required there)
    double gamma = 2.0;                             // rule=scott, tapia
    Standardize standardize = Standardize::dims;    // rule=tapia: T (and X unless standardize_x)
    std::optional<Standardize> standardize_x;       // rule=tapia: X, when it differs from T (images)
    std::size_t k = 20;                             // rule=knn: the k-th nearest neighbour
    double quantile = 0.05;                         // rule=graph
    std::size_t candidates = 100;                   // rule=alignment: widths tried per estimate
    double smoothing = 0.9;                         // rule=alignment: sigma = s sigma_prev + (1 - s) sigma*
    LabelKernel label_kernel = LabelKernel::delta;  // K_y = [yi == yj], or the RBF on one-hot labels
    double sigma_y = 0.1;                           // label_kernel=rbf only
    Solver solver = Solver::automatic;              // how each Gram matrix's spectrum is computed
    LanczosOptions lanczos;                         // solver=lanczos, auto
};

// I(X;T) = H(X) + H(T) - H(X,T) with the inputs Observations.x, or H(T) when x is not given; I(T;Y) =
// H(T) + H(Y) - H(T,Y) with the label kernel when y is given, or I(T;X') = H(T) + H(X') - H(T,X') when
// y_matrix (an autoencoder's output X', standardised like X) is. Every Gram matrix's entropy comes from
// all its eigenvalues (solver=exact) or from stochastic Lanczos quadrature (solver=lanczos); under
// solver=auto, from the eigenvalues for N <= exact_solver_limit, Lanczos above. The per-class blocks of
// the delta-kernel joint H(T,Y) take their eigenvalues up to exact_solver_limit rows under every solver. X, T and X' each get their own width by
// the rule. With rule=alignment the estimator keeps state: T's width is smoothed across calls (one
// instance per layer and probe split). H(X) and its width are kept while X (and y) stay the same.
class RenyiEstimator : public Estimator {
public:
    explicit RenyiEstimator(const RenyiOptions& options);  // throws std::invalid_argument on a bad option

    std::string spec() const override;  // every parameter of the chosen rule and label kernel
    // sigma_t, sigma_x (the widths used; sigma_x is NaN without x), h_t_bits = H(T).
    std::vector<std::string> diagnostic_names() const override { return {"sigma_t", "sigma_x", "h_t_bits"}; }
    Estimate estimate(const Observations& observations) override;

private:
    // H(X) with X's own width, recomputed only when X (or, for rule=alignment, y) changes.
    double input_entropy(const nn::Matrix& x, const Grouping* labels, const std::vector<int>* y);

    RenyiOptions options_;
    std::optional<double> sigma_t_;  // rule=alignment: T's smoothed width after the last call
    struct InputEntropy {            // H(X) and X's width, for the X (and y) they were computed on
        nn::Matrix x;
        std::optional<std::vector<int>> y;
        double sigma = 0.0;
        double h_bits = 0.0;
    };
    std::optional<InputEntropy> input_;
};

// "renyi[:key=value,...]" (the factory's entry); see docs/estimators.md for the keys.
std::unique_ptr<Estimator> make_renyi(Spec& spec);

}  // namespace estimators
