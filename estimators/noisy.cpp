// estimators/noisy.cpp — Goldfeld et al.'s Monte Carlo estimate of I(X;T) and I(T;Y) for a noisy layer
// T = f(X) + Z: log-densities of the Gaussian mixture by log-sum-exp over all rows, blocks of samples
// at a time, the distances from the rows' pairwise distances and one GEMM per block.
#include "estimators/noisy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

#include "estimators/distances.hpp"
#include "estimators/entropy.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

namespace estimators {

namespace {

// Samples handled at once: the block holds samples_per_block x N products z_s . f_j.
constexpr std::size_t samples_per_block = 256;

void check_observations(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "noisy: no activations given");
    const nn::Matrix& t = *observations.t;
    NN_CHECK(t.rows > 0, "noisy: the activations have no rows");
    NN_CHECK(t.cols > 0, "noisy: the activations have no columns");
    NN_CHECK(t.data.size() == t.rows * t.cols,
             "noisy: activations hold " << t.data.size() << " values, not " << t.rows << " x " << t.cols);
    for (std::size_t i = 0; i < t.data.size(); ++i)
        NN_CHECK(std::isfinite(t.data[i]),
                 "noisy: activation at row " << i / t.cols << ", column " << i % t.cols << " is " << t.data[i]);
    NN_CHECK(observations.y_matrix == nullptr,
             "noisy: I(T;Y) needs class labels; a continuous second variable (I(T;X')) is not supported");
    if (observations.y != nullptr)
        NN_CHECK(observations.y->size() == t.rows,
                 "noisy: " << observations.y->size() << " labels for " << t.rows << " rows of T");
}

// The rows minus their column means: the products z . (f_i - f_j) do not change, and stay small.
nn::Matrix centred(const nn::Matrix& t) {
    std::vector<double> mean(t.cols, 0.0);
    for (std::size_t i = 0; i < t.rows; ++i)
        for (std::size_t k = 0; k < t.cols; ++k) mean[k] += t.at(i, k) / double(t.rows);
    nn::Matrix out = t;
    for (std::size_t i = 0; i < t.rows; ++i)
        for (std::size_t k = 0; k < t.cols; ++k) out.at(i, k) -= mean[k];
    return out;
}

// ln sum_j exp(e_j) over the j with keep(j), max-shifted; -inf when no j is kept.
template <typename Keep>
double log_sum_exp(const std::vector<double>& e, Keep keep) {
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < e.size(); ++j)
        if (keep(j)) top = std::max(top, e[j]);
    double sum = 0.0;
    for (std::size_t j = 0; j < e.size(); ++j)
        if (keep(j)) sum += std::exp(e[j] - top);
    return top + std::log(sum);
}

}  // namespace

NoisyEstimator::NoisyEstimator(const NoisyOptions& options) : options_(options) {
    NN_CHECK(std::isfinite(options.sigma) && options.sigma > 0.0,
             "noisy needs a positive, finite sigma, got " << format_number(options.sigma));
    NN_CHECK(options.samples >= 2, "noisy needs at least 2 samples, got " << options.samples);
}

std::string NoisyEstimator::spec() const {
    return format_spec("noisy", {{"sigma", format_number(options_.sigma)},
                                 {"samples", format_number(options_.samples)},
                                 {"seed", format_number(options_.seed)}});
}

Estimate NoisyEstimator::estimate(const Observations& observations) {
    check_observations(observations);
    const nn::Matrix& f = *observations.t;
    const std::size_t N = f.rows, d = f.cols, S = options_.samples;
    const double sigma = options_.sigma, var = sigma * sigma;
    NN_CHECK(std::isnormal(var) && std::isfinite(1.0 / var), "noisy: sigma^2 = " << var << " leaves the range of doubles");

    const nn::Matrix distances = pairwise_squared_distances(f);
    const nn::Matrix rows = centred(f);
    const bool labelled = observations.y != nullptr;
    const Grouping classes = group_ids(labelled ? *observations.y : std::vector<int>(N, 0));

    nn::Rng rng(options_.seed);
    const std::vector<std::size_t> order = rng.permutation(N);
    const double log_n = std::log(double(N));
    const double log_norm = double(d) / 2.0 * std::log(2.0 * std::numbers::pi * var);  // -ln phi_sigma(0)

    std::vector<double> terms_xt(S);  // kept for the standard error, by two passes
    double sum_ty = 0.0, sum_log_p = 0.0;
    std::vector<double> z(samples_per_block * d), products(samples_per_block * N), exponents(N);
    for (std::size_t s0 = 0; s0 < S; s0 += samples_per_block) {
        const std::size_t block = std::min(samples_per_block, S - s0);
        for (std::size_t k = 0; k < block * d; ++k) z[k] = rng.normal();
        // products(b, j) = z_b . (f_j - mean)
        nn::gemm(nn::Transpose::No, nn::Transpose::Yes, block, N, d, 1.0, z.data(), d, rows.data.data(), d, 0.0,
                 products.data(), N);
        for (std::size_t b = 0; b < block; ++b) {
            const std::size_t i = order[(s0 + b) % N];
            const double* zb = z.data() + b * d;
            const double* gb = products.data() + b * N;
            double z_squared = 0.0;
            for (std::size_t k = 0; k < d; ++k) z_squared += zb[k] * zb[k];
            // ||f_i + sigma z - f_j||^2 = D_ij + 2 sigma z.(f_i - f_j) + sigma^2 ||z||^2, clipped at 0.
            const double* d_i = distances.row(i);
            for (std::size_t j = 0; j < N; ++j) {
                const double squared = d_i[j] + 2.0 * sigma * (gb[i] - gb[j]) + var * z_squared;
                exponents[j] = -std::max(squared, 0.0) / (2.0 * var);
            }
            const double lse_all = log_sum_exp(exponents, [](std::size_t) { return true; });
            // ln p(t) + ln(2 pi sigma^2)^(d/2) = lse_all - ln N;  ln phi_sigma(sigma z) + the same = -||z||^2 / 2.
            const double log_p = lse_all - log_n;
            terms_xt[s0 + b] = -z_squared / 2.0 - log_p;
            if (labelled) {
                const int c = classes.ids[i];
                const double lse_class = log_sum_exp(exponents, [&](std::size_t j) { return classes.ids[j] == c; });
                sum_ty += (lse_class - std::log(double(classes.sizes[std::size_t(c)]))) - log_p;
            }
            sum_log_p += log_p - log_norm;
        }
    }

    const double samples = double(S);
    double mean_xt = 0.0, variance_xt = 0.0;
    for (const double term : terms_xt) mean_xt += term / samples;
    for (const double term : terms_xt) variance_xt += (term - mean_xt) * (term - mean_xt) / (samples - 1.0);
    Estimate estimate;
    estimate.i_xt_bits = mean_xt / std::numbers::ln2;
    if (labelled) estimate.i_ty_bits = sum_ty / samples / std::numbers::ln2;
    estimate.diagnostics = {-sum_log_p / samples / std::numbers::ln2,
                            std::sqrt(variance_xt / samples) / std::numbers::ln2};
    return estimate;
}

std::unique_ptr<Estimator> make_noisy(Spec& spec) {
    NoisyOptions options;
    options.sigma = spec.real("sigma", options.sigma, Sign::positive);
    options.samples = std::size_t(spec.integer("samples", (long long)options.samples, 2));
    options.seed = std::uint64_t(spec.integer("seed", (long long)options.seed, 0));
    spec.finish();
    try {
        return std::make_unique<NoisyEstimator>(options);
    } catch (const std::invalid_argument& error) {
        spec.fail(error.what());
    }
}

std::string noisy_spec_for_network(const std::string& text, double network_sigma) {
    NN_CHECK(std::isfinite(network_sigma) && network_sigma >= 0.0,
             "the network's noise_sigma must be finite and >= 0, got " << network_sigma);
    Spec spec(text);
    if (spec.name() != "noisy" || network_sigma == 0.0) return text;
    const std::optional<double> sigma = spec.find_real("sigma", Sign::positive);
    if (!sigma) {
        SpecParams params = {{"sigma", format_number(network_sigma)}};
        params.insert(params.end(), spec.params().begin(), spec.params().end());
        return format_spec("noisy", params);
    }
    if (*sigma != network_sigma)
        spec.fail("sigma = " + format_number(*sigma) + " differs from the network's noise_sigma = " +
                  format_number(network_sigma) + " (omit sigma to take the network's)");
    return text;
}

}  // namespace estimators
