// estimators/knn_support.cpp — digamma, the standardise-and-jitter preparation, joining columns.
#include "estimators/knn_support.hpp"

#include <algorithm>
#include <cmath>

#include "nn/check.hpp"

namespace estimators {

double digamma(double x) {
    NN_CHECK(x > 0.0 && std::isfinite(x), "digamma: needs a finite x > 0, got " << x);
    double shift = 0.0;
    for (; x < 10.0; x += 1.0) shift -= 1.0 / x;
    const double inv2 = 1.0 / (x * x);
    // Bernoulli terms B_2/2, B_4/4, B_6/6, B_8/8, B_10/10: 1/12, -1/120, 1/252, -1/240, 1/132.
    const double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))));
    return shift + std::log(x) - 0.5 / x - series;
}

nn::Matrix standardize_with_jitter(const nn::Matrix& x, nn::Rng& rng, const char* what) {
    const std::size_t N = x.rows, d = x.cols;
    for (std::size_t i = 0; i < x.data.size(); ++i)
        NN_CHECK(std::isfinite(x.data[i]), what << " at row " << i / d << ", column " << i % d << " is " << x.data[i]);
    nn::Matrix out = x;
    for (std::size_t c = 0; c < d; ++c) {
        double mean = 0.0, var = 0.0;
        for (std::size_t r = 0; r < N; ++r) mean += x.at(r, c) / double(N);
        for (std::size_t r = 0; r < N; ++r) var += (x.at(r, c) - mean) * (x.at(r, c) - mean) / double(N);
        const double sd = std::sqrt(var);
        for (std::size_t r = 0; r < N; ++r) out.at(r, c) = (x.at(r, c) - mean) / (sd > 0.0 ? sd : 1.0);
    }
    for (double& v : out.data) v += 1e-10 * rng.normal();
    return out;
}

nn::Matrix join_columns(const nn::Matrix& a, const nn::Matrix& b) {
    NN_CHECK(a.rows == b.rows, "join_columns: " << a.rows << " rows beside " << b.rows);
    nn::Matrix out(a.rows, a.cols + b.cols);
    for (std::size_t r = 0; r < a.rows; ++r) {
        std::copy_n(a.row(r), a.cols, out.row(r));
        std::copy_n(b.row(r), b.cols, out.row(r) + a.cols);
    }
    return out;
}

}  // namespace estimators
