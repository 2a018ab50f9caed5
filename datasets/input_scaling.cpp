// datasets/input_scaling.cpp — the input scalings of training: unit, symmetric ([-1, 1]), standardize.
#include "datasets/input_scaling.hpp"

#include <cmath>

#include "nn/check.hpp"

namespace datasets {

namespace {

// The epsilon under the square root, as nicolasigor/entropy's per-dimension standardisation (peers.md §7).
constexpr double kVarianceEpsilon = 1e-8;

void standardize(nn::Tensor& x, const std::vector<std::size_t>& fit_rows) {
    NN_CHECK(!fit_rows.empty(), "inputs = standardize: no training rows to take the mean and variance from");
    const std::size_t n = x.rows(), d = x.cols();
    for (std::size_t r : fit_rows)
        NN_CHECK(r < n, "inputs = standardize: training row " << r << " outside the " << n << " rows");
    // Two passes in double: the mean, then the mean squared deviation (no cancellation of E[x^2] - E[x]^2).
    // A feature is constant when its training values are all equal, tested exactly: a mean summed in
    // double need not reproduce the constant to the last bit, which would leave a variance of 1e-30 > 0.
    std::vector<double> mean(d, 0.0), var(d, 0.0);
    std::vector<bool> constant(d, true);
    const float* first = x.data() + fit_rows.front() * d;
    for (std::size_t r : fit_rows) {
        const float* row = x.data() + r * d;
        for (std::size_t j = 0; j < d; ++j) {
            mean[j] += double(row[j]);
            if (row[j] != first[j]) constant[j] = false;
        }
    }
    for (double& m : mean) m /= double(fit_rows.size());
    for (std::size_t r : fit_rows) {
        const float* row = x.data() + r * d;
        for (std::size_t j = 0; j < d; ++j) var[j] += (double(row[j]) - mean[j]) * (double(row[j]) - mean[j]);
    }
    std::vector<double> scale(d, 1.0);  // a constant feature: centred only
    for (std::size_t j = 0; j < d; ++j)
        if (!constant[j]) scale[j] = 1.0 / std::sqrt(var[j] / double(fit_rows.size()) + kVarianceEpsilon);
    for (std::size_t r = 0; r < n; ++r) {
        float* row = x.data() + r * d;
        for (std::size_t j = 0; j < d; ++j) row[j] = float((double(row[j]) - mean[j]) * scale[j]);
    }
}

}  // namespace

const std::vector<std::string>& input_scaling_names() {
    static const std::vector<std::string> names = {"unit", "symmetric", "standardize"};
    return names;
}

void scale_inputs(const std::string& mode, nn::Tensor& x, const std::vector<std::size_t>& fit_rows) {
    if (mode == "unit") return;
    if (mode == "symmetric") {
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = x[i] * 2.0f - 1.0f;
        return;
    }
    if (mode != "standardize") {
        std::string known;
        for (const std::string& name : input_scaling_names()) known += (known.empty() ? "" : ", ") + name;
        NN_CHECK(false, "inputs: unknown value '" << mode << "' (known: " << known << ")");
    }
    standardize(x, fit_rows);
}

}  // namespace datasets
