// apps/validation.hpp — the estimators' ground-truth suite behind `infoplane validate`: data with a known
// mutual information (or a known invariance), each registered estimator run on it through its spec, and
// one row per check saying whether the estimate is within that estimator's documented tolerance.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/matrix.hpp"
#include "nn/rng.hpp"

namespace apps {

// ----- Ground truths -----------------------------------------------------------------------------------

// I(X;Y) of X, Y ~ N(0, I_d) with corr(X_i, Y_i) = rho and no other correlation: -(d/2) log2(1 - rho^2).
// Throws unless d >= 1 and |rho| < 1.
double gaussian_mi_bits(std::size_t d, double rho);

// n rows of such a pair as two (n, d) matrices, drawn row by row, column by column:
// a = z1, b = rho a + sqrt(1 - rho^2) z2 with z1, z2 standard normals from rng.
void correlated_gaussians(std::size_t d, double rho, std::size_t n, nn::Rng& rng, nn::Matrix& a, nn::Matrix& b);

// The entropy of the empirical distribution of ids (plug-in, bits): log2 k for k equally frequent values.
double empirical_entropy_bits(const std::vector<int>& ids);

// Point i of a k-point variable as log2 k columns of +-0.9 (its binary digits), so that every pair of
// points differs by 1.8 in at least one column: separate under every binning with bins narrower than 1.8
// and under every kernel much narrower than that. k is a power of two >= 2; rows (ids.size(), log2 k).
nn::Matrix binary_codes(const std::vector<int>& ids, std::size_t k);

// ----- The suite ---------------------------------------------------------------------------------------

// The rows (samples) of every correlated-Gaussians estimate in the "gaussian" case, as in Tapia's test.
constexpr std::size_t gaussian_case_rows = 128;

struct ValidationSettings {
    std::size_t tries = 20;   // independent samples per check; estimate = their mean
    std::uint64_t seed = 1;   // every case draws its data from nn::Rng(seed), the same for every estimator
};

// One check of one estimator. `true_bits` is the closed-form value where there is one (NaN otherwise;
// for the invariance and data-processing checks, the reference estimate the check compares with).
// `criterion` says what `error_bits` measures ("|estimate - true|", "drop from rho=0.45",
// "I(X;T2) - I(X;T1)", ...); `pass` is error_bits <= tolerance_bits.
struct ValidationRow {
    std::string estimator;   // the resolved spec
    std::string case_name;   // one of validation_case_names()
    std::string detail;      // which instance, e.g. "d=10 rho=0.5"
    std::string criterion;   // what error_bits measures, see above
    double true_bits = 0.0;
    double estimate_bits = 0.0;  // mean over the tries
    double std_bits = 0.0;       // standard deviation over the tries (0 for a single try)
    double error_bits = 0.0;
    double tolerance_bits = 0.0;
    bool pass = false;
    // The correlated-Gaussians case only (the figure): the dimension and the correlation.
    std::size_t dimension = 0;
    double rho = 0.0;
};

// "gaussian", "gaussian1d", "channel", "discrete", "invariance", "dpi", in this order.
const std::vector<std::string>& validation_case_names();

// The estimator specs of a run without --estimator: every estimator that has cases, at its defaults.
std::vector<std::string> default_validation_estimators();

// Whether `case_name` applies to the estimator of `spec` (a spec or a bare name, e.g. "kde"; kde:adaptive=1
// takes fewer cases than kde); docs/estimators.md ("Validation") gives the table and the reasons. Throws on
// an unknown case name; an empty spec only checks the name.
bool case_applies(const std::string& case_name, const std::string& spec);

// The rows of one case for the estimator `spec` (built through estimators::make_estimator). Throws
// std::invalid_argument on an unknown case, a case that does not apply, or tries < 1 (and whatever the
// spec or the estimator throws).
std::vector<ValidationRow> run_validation_case(const std::string& case_name, const std::string& spec,
                                               const ValidationSettings& settings);

// Mean and standard deviation (divisor n - 1; 0 for one value) of `values`, at least one.
struct MeanStd {
    double mean = 0.0;
    double std = 0.0;
};
MeanStd mean_std(const std::vector<double>& values);

}  // namespace apps
