// estimators/kernel_width.cpp — the width rules of the matrix-based Rényi estimator, each as its peer
// computes it (nicolasigor/entropy, SJYuCNEL/Matrix-based-Dependence, Wickstrom/InformationTheoryExperiment).
#include "estimators/kernel_width.hpp"

#include <algorithm>
#include <cmath>

#include "estimators/entropy.hpp"
#include "nn/check.hpp"

namespace estimators {

namespace {

constexpr double tapia_epsilon = 1e-8;  // MatrixEstimator's epsilon in sqrt(var + epsilon)

void check_square(const nn::Matrix& d, const char* rule) {
    NN_CHECK(d.rows == d.cols && d.data.size() == d.rows * d.cols,
             rule << ": squared distances must be a square matrix, got (" << d.rows << ", " << d.cols << ")");
}

// The exponent of N shared by the Scott and Tapia rules.
double n_power(std::size_t n, std::size_t d) { return std::pow(double(n), -1.0 / (4.0 + double(d))); }

}  // namespace

double rbf_factor(Rbf rbf, double sigma) {
    return rbf == Rbf::rbf2 ? 1.0 / (2.0 * sigma * sigma) : 1.0 / (sigma * sigma);
}

void standardize(nn::Matrix& x, Standardize mode) {
    const std::size_t N = x.rows, D = x.cols;
    if (mode == Standardize::none || N == 0 || D == 0) return;
    if (mode == Standardize::global) {
        double mean = 0.0;
        for (double v : x.data) mean += v;
        mean /= double(x.data.size());
        double var = 0.0;
        for (double v : x.data) var += (v - mean) * (v - mean);
        const double std_dev = std::sqrt(var / double(x.data.size()) + tapia_epsilon);
        for (double& v : x.data) v = (v - mean) / std_dev;
        return;
    }
    std::vector<double> mean(D, 0.0), var(D, 0.0);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < D; ++j) mean[j] += x.at(i, j);
    for (double& m : mean) m /= double(N);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < D; ++j) var[j] += (x.at(i, j) - mean[j]) * (x.at(i, j) - mean[j]);
    for (double& v : var) v = std::sqrt(v / double(N) + tapia_epsilon);  // now the standard deviation
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < D; ++j) x.at(i, j) = (x.at(i, j) - mean[j]) / var[j];
}

double scott_width(std::size_t n, std::size_t d, double gamma) { return gamma * n_power(n, d); }

double tapia_width(std::size_t n, std::size_t d, double gamma) {
    return gamma * std::sqrt(double(d)) * n_power(n, d);
}

double silverman_width(const nn::Matrix& x) {
    NN_CHECK(x.cols >= 1, "silverman: the variable has no columns");
    const std::size_t N = x.rows;
    if (N < 2) return 0.0;  // MATLAB's std of one value is 0
    double mean = 0.0;
    for (std::size_t i = 0; i < N; ++i) mean += x.at(i, 0);
    mean /= double(N);
    double var = 0.0;
    for (std::size_t i = 0; i < N; ++i) var += (x.at(i, 0) - mean) * (x.at(i, 0) - mean);
    const double std_dev = std::sqrt(var / double(N - 1));  // MATLAB's std: N - 1
    return std_dev * std::pow(4.0 / 3.0 / double(N), 0.2) / std::sqrt(2.0);
}

double knn_width(const nn::Matrix& squared_distances, std::size_t k) {
    check_square(squared_distances, "knn");
    const std::size_t N = squared_distances.rows;
    NN_CHECK(k >= 1 && k < N, "knn: needs 1 <= k <= N - 1 = " << (N == 0 ? 0 : N - 1) << ", got k = " << k);
    std::vector<double> row(N);
    double sum = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
        std::copy_n(squared_distances.row(i), N, row.begin());
        // Sorted ascending the row starts with the row itself (distance 0): index k is the k-th neighbour.
        std::nth_element(row.begin(), row.begin() + long(k), row.end());
        sum += std::sqrt(row[k]);
    }
    return sum / double(N);
}

double graph_width(const nn::Matrix& squared_distances, double quantile) {
    check_square(squared_distances, "graph");
    const std::size_t N = squared_distances.rows;
    NN_CHECK(N >= 2, "graph: needs at least 2 rows, got " << N);
    NN_CHECK(quantile > 0.0 && quantile <= 1.0, "graph: needs 0 < quantile <= 1, got " << quantile);
    std::vector<double> pairs;
    pairs.reserve(N * (N - 1) / 2);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i + 1; j < N; ++j) pairs.push_back(squared_distances.at(i, j));
    const double m = double(pairs.size());
    // MATLAB's round(q * M) is 1-based and rounds halves away from zero, as std::round does.
    const double r = std::clamp(std::round(quantile * m), 1.0, m);
    const auto nth = pairs.begin() + long(r) - 1;
    std::nth_element(pairs.begin(), nth, pairs.end());  // squared distances sort as distances do
    return std::sqrt(*nth);
}

double aligned_width(const nn::Matrix& squared_distances, const std::vector<int>& y, double label_off_diagonal,
                     std::size_t candidates, Rbf rbf) {
    check_square(squared_distances, "alignment");
    const std::size_t N = squared_distances.rows;
    NN_CHECK(y.size() == N, "alignment: " << y.size() << " labels for " << N << " rows");
    NN_CHECK(candidates >= 1, "alignment: needs at least one candidate width");
    NN_CHECK(N >= 1, "alignment: no rows");

    // The pairs i < j, split by whether the labels agree: K_y is 1 on the first, label_off_diagonal on
    // the others. The diagonal (N pairs at distance 0, K = K_y = 1) is added in closed form below.
    std::vector<double> same, different;
    double distance_sum = 0.0;
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i + 1; j < N; ++j) {
            const double d2 = squared_distances.at(i, j);
            distance_sum += std::sqrt(d2);
            (y[i] == y[j] ? same : different).push_back(d2);
        }
    const double n = double(N);
    double same_pairs = 0.0;  // ordered pairs (i, j), diagonal included, with y_i == y_j
    for (std::size_t count : group_ids(y).sizes) same_pairs += double(count) * double(count);
    const double label_norm =
        std::sqrt(same_pairs + label_off_diagonal * label_off_diagonal * (n * n - same_pairs));

    // torch.linspace(0.3, 10 * d.mean(), n): the mean runs over all N^2 entries.
    // As numpy's linspace: start + i * step, the last one exactly the end.
    const double first = 0.3, last = 10.0 * 2.0 * distance_sum / (n * n);
    const double step = candidates == 1 ? 0.0 : (last - first) / double(candidates - 1);
    double best_sigma = first, best_alignment = -1.0;
    for (std::size_t c = 0; c < candidates; ++c) {
        const double sigma = c + 1 == candidates && candidates > 1 ? last : double(c) * step + first;
        if (!(sigma > 0.0)) continue;  // only when every distance is 0: the last candidate is 0
        const double factor = rbf_factor(rbf, sigma);
        double k_same = 0.0, k_different = 0.0, k_squares = 0.0;
        for (double d2 : same) {
            const double k = std::exp(-factor * d2);
            k_same += k;
            k_squares += k * k;
        }
        for (double d2 : different) {
            const double k = std::exp(-factor * d2);
            k_different += k;
            k_squares += k * k;
        }
        // Both matrices are symmetric: every pair i < j counts twice, the diagonal once.
        const double inner = n + 2.0 * k_same + label_off_diagonal * 2.0 * k_different;
        const double alignment = inner / (std::sqrt(n + 2.0 * k_squares) * label_norm);
        if (alignment > best_alignment) {  // the first maximum, as Wickström's L.index(max(L))
            best_alignment = alignment;
            best_sigma = sigma;
        }
    }
    return best_sigma;
}

}  // namespace estimators
