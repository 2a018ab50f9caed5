// estimators/kde.cpp — Kolchinsky & Tracey's KDE entropy bounds as artemyk/ibsgd's kde.py computes them
// (entropy_estimator_kl, entropy_estimator_bd, kde_condentropy), with every kernel sum from one blocked
// pass over the pairs i < j: Gram products by BLAS, a vectorised exp, and sums in fixed vector lanes;
// Chelombiev et al.'s variant (noise, then absolute values) in front of it.
#include "estimators/kde.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numbers>
#include <optional>

#include "estimators/entropy.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

namespace estimators {

namespace {

using nn::Transpose;

// Kernel rows handled at once: the block holds rows_per_block x N doubles (4 MB at N = 4096, 10 MB at
// N = 10,000) instead of the N x N distance matrix (800 MB at N = 10,000).
constexpr std::size_t rows_per_block = 128;

// exp(x) for x <= 0 in a form GCC vectorises (std::exp is one library call per element and would cost
// more than the rest of the pass). x = k ln2 + r, |r| <= ln2 / 2, with ln 2 split in two (Cody & Waite)
// so that k ln2 is exact; exp(r) by its Taylor series to r^12 (truncation < 2e-16 relative) in fused
// multiply-adds, which are exactly rounded whether the CPU or libm does them; 2^k written into the
// exponent bits. Relative error about 2e-16. Below -708, where exp leaves the normal doubles, the result
// is 0: such a term is < 1e-307 next to the diagonal term 1 of every kernel sum.
inline double exp_nonpositive(double x) {
    // Adding 1.5 * 2^52 rounds to an integer; the low bits of the sum then hold k + 1023.
    const double shifter = 0x1.8p52 + 1023.0;
    const double ln2_hi = 0x1.62e42feep-1, ln2_lo = 0x1.a39ef35793c76p-33;
    const bool underflow = x < -708.0;
    const double t = std::fma(x, std::numbers::log2e, shifter);
    const double k = t - shifter;
    const double r = std::fma(-k, ln2_lo, std::fma(-k, ln2_hi, x));
    double p = 1.0 / 479001600.0;  // 1/12!
    p = std::fma(p, r, 1.0 / 39916800.0);
    p = std::fma(p, r, 1.0 / 3628800.0);
    p = std::fma(p, r, 1.0 / 362880.0);
    p = std::fma(p, r, 1.0 / 40320.0);
    p = std::fma(p, r, 1.0 / 5040.0);
    p = std::fma(p, r, 1.0 / 720.0);
    p = std::fma(p, r, 1.0 / 120.0);
    p = std::fma(p, r, 1.0 / 24.0);
    p = std::fma(p, r, 1.0 / 6.0);
    p = std::fma(p, r, 0.5);
    p = std::fma(p, r, 1.0);
    p = std::fma(p, r, 1.0);
    const double two_to_k = std::bit_cast<double>(std::bit_cast<std::uint64_t>(t) << 52);
    return underflow ? 0.0 : p * two_to_k;
}

// Four doubles in one vector register (a GCC vector extension: SSE2 pairs on baseline x86-64). The row
// sums below are written with it because the loop vectoriser would not split a sum into lanes without
// licence to reassociate.
using Lanes = double __attribute__((vector_size(32)));

// Row i of the kernel against the rows j = i+1 .. i+n. gram[j] (c_i . c_j) becomes
// k_ij = exp(-max(norm_i + norms[j] - 2 gram[j], 0) * scale), the clip removing rounding that leaves equal
// rows a tiny negative distance; then k_ij is added to row j's sums (all[j], and same[j] when j's class
// equals ci) and to row i's (row_all, row_same), these in four fixed lanes: the order of the additions,
// hence the result, does not depend on the CPU. Compiled for x86-64-v3 (AVX2 and FMA) and for baseline
// x86-64, the better chosen at load time.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void add_kernel_row(double* gram, const double* norms, double norm_i, double scale, const double* classes,
                    double ci, std::size_t n, double* all, double* same, double& row_all, double& row_same) {
    for (std::size_t j = 0; j < n; ++j) {
        const double distance = norm_i + norms[j] - 2.0 * gram[j];
        gram[j] = exp_nonpositive(-(distance > 0.0 ? distance : 0.0) * scale);
    }
    Lanes lanes_all = {}, lanes_same = {};
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        Lanes k, c, a, s;  // memcpy: unaligned loads and stores, which GCC emits as single instructions
        std::memcpy(&k, gram + j, sizeof k);
        std::memcpy(&c, classes + j, sizeof c);
        std::memcpy(&a, all + j, sizeof a);
        std::memcpy(&s, same + j, sizeof s);
        const Lanes k_same = c == ci ? k : Lanes{};
        a += k;
        s += k_same;
        std::memcpy(all + j, &a, sizeof a);
        std::memcpy(same + j, &s, sizeof s);
        lanes_all += k;
        lanes_same += k_same;
    }
    for (; j < n; ++j) {
        const double k_same = classes[j] == ci ? gram[j] : 0.0;
        all[j] += gram[j];
        same[j] += k_same;
        lanes_all[0] += gram[j];
        lanes_same[0] += k_same;
    }
    row_all += (lanes_all[0] + lanes_all[1]) + (lanes_all[2] + lanes_all[3]);
    row_same += (lanes_same[0] + lanes_same[1]) + (lanes_same[2] + lanes_same[3]);
}

struct KernelSums {
    std::vector<double> all;   // (N) sum of k_ij over the rows j != i
    std::vector<double> same;  // (N) the same over the rows j != i of the class of i
};

struct CentredRows {
    nn::Matrix rows;            // (N, d) the rows of T minus the column means
    std::vector<double> norms;  // (N) their squared norms ||c_i||^2
};

// Distances do not change under a shift; centring keeps the cancellation in ||c_i||^2 + ||c_j||^2 -
// 2 c_i.c_j relative to the spread of the data, not to its distance from the origin (as in
// estimators/distances.cpp).
CentredRows centre(const nn::Matrix& t) {
    const std::size_t N = t.rows, d = t.cols;
    CentredRows out{t, std::vector<double>(N, 0.0)};
    std::vector<double> mean(d, 0.0);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = 0; k < d; ++k) mean[k] += t.at(i, k) / double(N);
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t k = 0; k < d; ++k) {
            out.rows.at(i, k) -= mean[k];
            out.norms[i] += out.rows.at(i, k) * out.rows.at(i, k);
        }
        NN_CHECK(std::isfinite(out.norms[i]),
                 "kde: row " << i << " is too large to square (||t - mean||^2 overflows)");
    }
    return out;
}

// The kernel sums for k_ij = exp(-||c_i - c_j||^2 scale); classes: (N) class ids, small integers held
// as doubles so that comparing them vectorises beside the kernel. A block of rows gets its Gram products
// with the rows from its first on (one BLAS product), and each pair i < j is visited once, k_ij going to
// the sums of both rows.
KernelSums kernel_sums(const CentredRows& centred, double scale, const std::vector<double>& classes) {
    const std::size_t N = centred.rows.rows, d = centred.rows.cols;
    const std::vector<double>& norms = centred.norms;
    KernelSums sums{std::vector<double>(N, 0.0), std::vector<double>(N, 0.0)};
    const auto block = std::make_unique_for_overwrite<double[]>(std::min(rows_per_block, N) * N);
    for (std::size_t i0 = 0; i0 < N; i0 += rows_per_block) {
        const std::size_t rows = std::min(rows_per_block, N - i0);
        const std::size_t n = N - i0;  // block(r, c) = c_(i0 + r) . c_(i0 + c)
        const double* first = centred.rows.row(i0);
        nn::gemm(Transpose::No, Transpose::Yes, rows, n, d, 1.0, first, d, first, d, 0.0, block.get(), n);
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t i = i0 + r, j = i + 1;
            add_kernel_row(block.get() + r * n + r + 1, norms.data() + j, norms[i], scale, classes.data() + j,
                           classes[i], N - j, sums.all.data() + j, sums.same.data() + j, sums.all[i],
                           sums.same[i]);
        }
    }
    return sums;
}

// The same sums over the rows with the same input id, from direct differences and std::exp. Repeated
// inputs are few, so this costs sum over inputs of n_x^2 d, nothing when every input is distinct.
std::vector<double> same_input_sums(const nn::Matrix& centred, const Grouping& inputs, double scale) {
    const std::size_t N = centred.rows, d = centred.cols;
    std::vector<std::size_t> start(inputs.count() + 1, 0), order(N);  // rows sorted by input (counting sort)
    for (std::size_t g = 0; g < inputs.count(); ++g) start[g + 1] = start[g] + inputs.sizes[g];
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < N; ++i) order[next[std::size_t(inputs.ids[i])]++] = i;

    std::vector<double> sums(N, 0.0);
    for (std::size_t g = 0; g < inputs.count(); ++g)
        for (std::size_t a = start[g]; a < start[g + 1]; ++a)
            for (std::size_t b = a + 1; b < start[g + 1]; ++b) {
                const double* ta = centred.row(order[a]);
                const double* tb = centred.row(order[b]);
                double distance = 0.0;
                for (std::size_t k = 0; k < d; ++k) distance += (ta[k] - tb[k]) * (ta[k] - tb[k]);
                const double kernel = std::exp(-distance * scale);
                sums[order[a]] += kernel;
                sums[order[b]] += kernel;
            }
    return sums;
}

// (1/N) sum_i [ln n_group(i) - ln(1 + sums[i])]: the mean over groups, weighted by p(group), of
// ln n_group - mean_{i in group} ln(kernel sum of i within its group, diagonal term 1 included).
double mean_group_term(const std::vector<int>& ids, const std::vector<std::size_t>& sizes,
                       const std::vector<double>& sums) {
    double total = 0.0;
    for (std::size_t i = 0; i < sums.size(); ++i)
        total += std::log(double(sizes[std::size_t(ids[i])])) - std::log1p(sums[i]);
    return total / double(sums.size());
}

void check_observations(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "kde: no activations given");
    const nn::Matrix& t = *observations.t;
    NN_CHECK(t.rows > 0, "kde: the activations have no rows");
    NN_CHECK(t.cols > 0, "kde: the activations have no columns");
    NN_CHECK(t.data.size() == t.rows * t.cols,
             "kde: activations hold " << t.data.size() << " values, not " << t.rows << " x " << t.cols);
    for (std::size_t i = 0; i < t.data.size(); ++i)
        NN_CHECK(std::isfinite(t.data[i]),
                 "kde: activation at row " << i / t.cols << ", column " << i % t.cols << " is " << t.data[i]);
    if (observations.x_ids != nullptr)
        NN_CHECK(observations.x_ids->size() == t.rows,
                 "kde: " << observations.x_ids->size() << " input ids for " << t.rows << " rows of T");
    // kde.py conditions on classes; a continuous second variable (an autoencoder's X') has none.
    NN_CHECK(observations.y_matrix == nullptr,
             "kde: I(T;Y) needs class labels; a continuous second variable (I(T;X')) is not supported");
    if (observations.y != nullptr)
        NN_CHECK(observations.y->size() == t.rows,
                 "kde: " << observations.y->size() << " labels for " << t.rows << " rows of T");
}

// adaptive=1, Chelombiev et al.'s calc_kde_info_for_layer: data += np.random.normal(0, sig, shape), then
// data = abs(data), with sig = 0.01 (a standard deviation there; the same 0.01 is then kde.py's variance).
nn::Matrix absolute_noisy(const nn::Matrix& t, const KdeOptions& options) {
    nn::Rng rng(options.seed);
    nn::Matrix out = t;
    for (double& v : out.data) v = std::abs(v + options.noise_std * rng.normal());
    return out;
}

// relative=1: var times the squared range of all activations of the layer, so that the estimate does
// not change when T is scaled or shifted. A layer whose activations are all equal keeps var (every
// information is then 0 whatever the variance).
double noise_variance(const nn::Matrix& t, const KdeOptions& options) {
    if (!options.relative) return options.var;
    const auto [lo, hi] = std::minmax_element(t.data.begin(), t.data.end());
    const double range = *hi - *lo;
    return range > 0.0 ? options.var * range * range : options.var;
}

}  // namespace

KdeEstimator::KdeEstimator(const KdeOptions& options) : options_(options) {
    NN_CHECK(std::isfinite(options.var) && options.var > 0.0,
             "kde needs a positive, finite var, got " << format_number(options.var));
    NN_CHECK(std::isfinite(options.noise_std) && options.noise_std >= 0.0,
             "kde needs a finite noise_std >= 0, got " << format_number(options.noise_std));
}

std::string KdeEstimator::spec() const {
    SpecParams params = {{"bound", options_.bound == KdeBound::upper ? "upper" : "lower"},
                         {"var", format_number(options_.var)},
                         {"adaptive", options_.adaptive ? "1" : "0"}};
    if (options_.adaptive) {
        params.emplace_back("noise_std", format_number(options_.noise_std));
        params.emplace_back("seed", format_number(options_.seed));
    }
    params.emplace_back("relative", options_.relative ? "1" : "0");
    return format_spec("kde", params);
}

Estimate KdeEstimator::estimate(const Observations& observations) {
    check_observations(observations);
    const nn::Matrix noisy = options_.adaptive ? absolute_noisy(*observations.t, options_) : nn::Matrix();
    const nn::Matrix& t = options_.adaptive ? noisy : *observations.t;
    const std::size_t N = t.rows, d = t.cols;

    const double noise_var = noise_variance(t, options_);
    // kde.py: entropy_estimator_bd is entropy_estimator_kl at variance 4 var, plus (d/2) ln(1/4).
    const double kernel_var = options_.bound == KdeBound::upper ? noise_var : 4.0 * noise_var;
    const double scale = 1.0 / (2.0 * kernel_var);
    NN_CHECK(std::isnormal(kernel_var) && std::isfinite(scale),
             "kde: the noise variance " << noise_var << " leaves the range of doubles");

    const CentredRows centred = centre(t);
    // Without labels every row is in class 0, and the class sums (unused) repeat the others.
    const Grouping classes = group_ids(observations.y != nullptr ? *observations.y : std::vector<int>(N, 0));
    const std::vector<double> class_of(classes.ids.begin(), classes.ids.end());
    const KernelSums sums = kernel_sums(centred, scale, class_of);

    // ln N - mean_i ln S_i = H(T) - H(T|X) for distinct inputs: the constants of kde.py's entropy and of
    // kde_condentropy, (d/2) ln(2 pi var) + d/2, cancel exactly, for both bounds.
    double mean_log_all = 0.0;
    for (std::size_t i = 0; i < N; ++i) mean_log_all += std::log1p(sums.all[i]) / double(N);
    const double i_distinct_nats = std::log(double(N)) - mean_log_all;
    double i_xt_nats = i_distinct_nats;
    if (observations.x_ids != nullptr) {
        // H(T|X) = sum_x p(x) H(T|X=x), each by the same bound: minus the noise entropy, the mean group term.
        const Grouping inputs = group_ids(*observations.x_ids);
        i_xt_nats -= mean_group_term(inputs.ids, inputs.sizes, same_input_sums(centred.rows, inputs, scale));
    }

    const double dims = double(d);
    double h_t_nats = dims / 2.0 + dims / 2.0 * std::log(2.0 * std::numbers::pi * kernel_var) + i_distinct_nats;
    if (options_.bound == KdeBound::lower) h_t_nats += std::log(0.25) * dims / 2.0;

    Estimate estimate;
    estimate.i_xt_bits = i_xt_nats / std::numbers::ln2;
    if (observations.y != nullptr) {
        // I(T;Y) = H(T) - sum_c p(c) H(T|Y=c); the constants cancel again.
        estimate.i_ty_bits = (i_distinct_nats - mean_group_term(classes.ids, classes.sizes, sums.same)) /
                             std::numbers::ln2;
    }
    estimate.diagnostics = {h_t_nats / std::numbers::ln2, noise_var};
    return estimate;
}

std::unique_ptr<Estimator> make_kde(Spec& spec) {
    KdeOptions options;
    const std::string bound = spec.choice("bound", "upper", {"upper", "lower"});
    options.bound = bound == "upper" ? KdeBound::upper : KdeBound::lower;
    const std::optional<double> var = spec.find_real("var", Sign::positive);
    options.adaptive = spec.choice("adaptive", "0", {"0", "1"}) == "1";
    const std::optional<double> noise_std = spec.find_real("noise_std", Sign::non_negative);
    const std::optional<long long> seed = spec.find_integer("seed", 0);
    options.relative = spec.choice("relative", "0", {"0", "1"}) == "1";
    spec.finish();
    if (!options.adaptive && (noise_std || seed)) spec.fail("noise_std and seed apply to adaptive=1 only");
    options.var = var.value_or(options.adaptive ? 0.01 : options.var);  // Chelombiev's sig = 0.01
    options.noise_std = noise_std.value_or(options.noise_std);
    options.seed = std::uint64_t(seed.value_or(0));
    try {
        return std::make_unique<KdeEstimator>(options);
    } catch (const std::invalid_argument& error) {
        spec.fail(error.what());
    }
}

}  // namespace estimators
