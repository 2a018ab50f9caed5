// apps/bmi_suite.hpp — the known-MI benchmark behind `infoplane validate --suite bmi`: every task of
// apps/bmi_tasks.hpp at every sample size and seed, every estimator that takes a continuous pair, one
// row per (estimator, task, N) with the truth and the mean and spread of the estimates, in bits.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace apps {

struct BmiSettings {
    std::vector<std::string> estimators;                 // specs; empty: default_bmi_estimators()
    std::vector<std::string> tasks;                      // task names; empty: every task of bmi_tasks()
    std::vector<std::size_t> sizes = {1000, 5000, 10000};  // N, the rows of each sample
    std::size_t seeds = 10;                              // samples per (task, N): data seeds 0 .. seeds-1
    unsigned threads = 2;                                // worker threads, each with single-threaded BLAS
};

// `validate --suite bmi --quick`: N = 1000, 3 seeds.
BmiSettings quick_bmi_settings();

// One estimator on one task at one N: `seeds` estimates of I(X;Y), X given as Observations.x and Y as
// Observations.t, read from i_xt_bits.
struct BmiRow {
    std::string estimator;  // the resolved spec
    std::string task;
    std::size_t dim_x = 0;
    std::size_t dim_y = 0;
    std::size_t n = 0;
    double true_bits = 0.0;
    double mean_bits = 0.0;
    double std_bits = 0.0;  // standard deviation over the seeds (divisor seeds - 1; 0 for one seed)
    std::size_t seeds = 0;
};

// ksg (variants 1 and 2, k = 3), kl (k = 5, plain and weighted), edge, mine and renyi at their defaults.
std::vector<std::string> default_bmi_estimators();

// Why the estimator named `name` (a spec's name) cannot take a continuous pair (X, Y), e.g. "kde: X enters
// only as input ids ..."; empty when it can. Throws std::invalid_argument on an unknown name.
std::string bmi_not_applicable_reason(const std::string& name);

// Whether the estimator of `spec` (resolved) runs on `task` at N = n. The exceptions, for the time budget
// (the whole default suite in under 10 minutes on 2 cores) or because the estimator is not defined there:
//   renyi  N <= 2000: its exact eigenvalues cost O(N^3) (about 2 s per estimate at N = 2000);
//   mine   N <= 1000: each estimate trains two networks for a fixed 500 Adam steps of 256 rows, whatever N;
//   ksg, kl  N <= 5000 when dim_x + dim_y >= 50: the k-NN search is then a brute-force scan (7-11 s per
//            estimate at N = 10,000);
//   kl weighted  only where k > floor((dim_x + dim_y) / 4), the weights' condition (kl_weights).
bool bmi_runs(const std::string& spec, std::size_t dim_x, std::size_t dim_y, std::size_t n);

// The rules of bmi_runs in words, one line each (printed under the table and kept in the CSV's comments).
std::vector<std::string> bmi_run_rules();

// The rows, ordered by estimator (as given), task (as bmi_tasks() lists them), then N. The sample of
// (task, N, seed) is drawn from nn::Rng(seed * 1000003 + N) and is the same for every estimator; each
// estimate comes from a fresh instance of the spec. Work is spread over `threads` threads, BLAS set to
// one thread meanwhile and restored after; the result does not depend on the number of threads. Throws
// std::invalid_argument on an unknown task, a spec that is not applicable (bmi_not_applicable_reason), no
// sizes, a size below 100, or seeds or threads of 0 (and rethrows what an estimator throws).
std::vector<BmiRow> run_bmi_suite(const BmiSettings& settings);

// The rows as CSV (apps/csv.hpp), after `comments` as comment lines:
// estimator,task,dim_x,dim_y,n,true_bits,mean_bits,std_bits,seeds.
std::string bmi_csv(const std::vector<BmiRow>& rows, const std::vector<std::string>& comments);

// The rows as an aligned text table, one block per estimator.
std::string bmi_table(const std::vector<BmiRow>& rows);

}  // namespace apps
