// apps/validation.cpp — the ground truths of the validation suite: closed-form mutual information and
// entropies, and the data they hold for (correlated Gaussians, k-point variables as codes).
#include "apps/validation.hpp"

#include <bit>
#include <cmath>
#include <map>

#include "nn/check.hpp"

namespace apps {

double gaussian_mi_bits(std::size_t d, double rho) {
    NN_CHECK(d >= 1 && std::abs(rho) < 1.0, "gaussian_mi_bits: need d >= 1 and |rho| < 1, got d = " << d
                                                                                                   << ", rho = " << rho);
    return -0.5 * double(d) * std::log2(1.0 - rho * rho);
}

void correlated_gaussians(std::size_t d, double rho, std::size_t n, nn::Rng& rng, nn::Matrix& a, nn::Matrix& b) {
    NN_CHECK(std::abs(rho) <= 1.0, "correlated_gaussians: |rho| must be <= 1, got " << rho);
    a = nn::Matrix(n, d);
    b = nn::Matrix(n, d);
    const double noise = std::sqrt(1.0 - rho * rho);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < d; ++c) {
            a.at(r, c) = rng.normal();
            b.at(r, c) = rho * a.at(r, c) + noise * rng.normal();
        }
    }
}

double empirical_entropy_bits(const std::vector<int>& ids) {
    NN_CHECK(!ids.empty(), "empirical_entropy_bits: no values");
    std::map<int, std::size_t> counts;
    for (const int id : ids) ++counts[id];
    const double n = double(ids.size());
    double h_bits = 0.0;
    for (const auto& [id, count] : counts) h_bits -= double(count) / n * std::log2(double(count) / n);
    return h_bits;
}

nn::Matrix binary_codes(const std::vector<int>& ids, std::size_t k) {
    NN_CHECK(k >= 2 && (k & (k - 1)) == 0, "binary_codes: k must be a power of two >= 2, got " << k);
    const std::size_t columns = std::size_t(std::countr_zero(k));
    nn::Matrix codes(ids.size(), columns);
    for (std::size_t r = 0; r < ids.size(); ++r) {
        NN_CHECK(ids[r] >= 0 && std::size_t(ids[r]) < k, "binary_codes: id " << ids[r] << " is not in 0.." << k - 1);
        for (std::size_t c = 0; c < columns; ++c) codes.at(r, c) = (ids[r] >> c) & 1 ? 0.9 : -0.9;
    }
    return codes;
}

MeanStd mean_std(const std::vector<double>& values) {
    NN_CHECK(!values.empty(), "mean_std: no values");
    double sum = 0.0;
    for (const double v : values) sum += v;
    const double mean = sum / double(values.size());
    if (values.size() == 1) return {mean, 0.0};
    double squares = 0.0;
    for (const double v : values) squares += (v - mean) * (v - mean);
    return {mean, std::sqrt(squares / double(values.size() - 1))};
}

}  // namespace apps
