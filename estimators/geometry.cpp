// estimators/geometry.cpp — saturation, spread, class separation and effective rank of a layer's
// activations (geometry.hpp).
#include "estimators/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "estimators/distances.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"

namespace estimators {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double saturation_fraction(const nn::Matrix& t, const std::string& activation) {
    bool (*saturated)(double);
    if (activation == "tanh")
        saturated = [](double v) { return std::abs(v) > 0.9; };
    else if (activation == "sigmoid" || activation == "softmax")
        saturated = [](double v) { return v < 0.05 || v > 0.95; };
    else if (activation == "relu")
        saturated = [](double v) { return v <= 0.0; };
    else
        return not_a_number;
    if (t.data.empty()) return 0.0;
    const auto count = std::count_if(t.data.begin(), t.data.end(), saturated);
    return double(count) / double(t.data.size());
}

// Rows 0, N/n, 2N/n, ... of t when it has more than `limit` rows.
nn::Matrix evenly_spaced_rows(const nn::Matrix& t, std::size_t limit) {
    if (t.rows <= limit) return t;
    nn::Matrix rows(limit, t.cols);
    for (std::size_t i = 0; i < limit; ++i) {
        const double* source = t.row(i * t.rows / limit);
        std::copy(source, source + t.cols, rows.row(i));
    }
    return rows;
}

double mean_pairwise_distance(const nn::Matrix& t) {
    if (t.rows < 2) return 0.0;
    const nn::Matrix squared = pairwise_squared_distances(t);
    double total = 0.0;
    for (std::size_t i = 0; i < t.rows; ++i)
        for (std::size_t j = i + 1; j < t.rows; ++j) total += std::sqrt(squared.at(i, j));
    return total / (double(t.rows) * double(t.rows - 1) / 2.0);
}

double class_separation(const nn::Matrix& t, const std::vector<int>& labels) {
    NN_CHECK(labels.size() == t.rows,
             "layer_geometry: " << labels.size() << " labels for " << t.rows << " rows of activations");
    const std::size_t D = t.cols;
    int classes = 0;
    for (int label : labels) {
        NN_CHECK(label >= 0, "layer_geometry: negative label " << label);
        classes = std::max(classes, label + 1);
    }
    std::vector<double> mean(D, 0.0), class_means(std::size_t(classes) * D, 0.0);
    std::vector<std::size_t> counts(std::size_t(classes), 0);
    for (std::size_t n = 0; n < t.rows; ++n) {
        const std::size_t c = std::size_t(labels[n]);
        ++counts[c];
        for (std::size_t d = 0; d < D; ++d) {
            mean[d] += t.at(n, d);
            class_means[c * D + d] += t.at(n, d);
        }
    }
    for (std::size_t d = 0; d < D; ++d) mean[d] /= double(t.rows);
    for (std::size_t c = 0; c < counts.size(); ++c)
        for (std::size_t d = 0; d < D && counts[c] > 0; ++d) class_means[c * D + d] /= double(counts[c]);

    double between = 0.0, within = 0.0;
    for (std::size_t c = 0; c < counts.size(); ++c)
        for (std::size_t d = 0; d < D; ++d) {
            const double gap = class_means[c * D + d] - mean[d];
            between += double(counts[c]) * gap * gap;
        }
    for (std::size_t n = 0; n < t.rows; ++n)
        for (std::size_t d = 0; d < D; ++d) {
            const double gap = t.at(n, d) - class_means[std::size_t(labels[n]) * D + d];
            within += gap * gap;
        }
    if (within == 0.0) return between == 0.0 ? not_a_number : std::numeric_limits<double>::infinity();
    return between / within;
}

// exp(-sum_k p_k ln p_k), p_k = s_k / sum s, s the singular values of the centred rows: the square roots of
// the eigenvalues of the smaller of Tc^T Tc (D x D) and Tc Tc^T (N x N).
double effective_rank(nn::Matrix t) {
    const std::size_t N = t.rows, D = t.cols;
    if (N == 0 || D == 0) return 0.0;
    for (std::size_t d = 0; d < D; ++d) {
        double mean = 0.0;
        for (std::size_t n = 0; n < N; ++n) mean += t.at(n, d);
        mean /= double(N);
        for (std::size_t n = 0; n < N; ++n) t.at(n, d) -= mean;
    }
    const std::size_t side = std::min(N, D);
    std::vector<double> product(side * side), eigenvalues(side);
    if (D <= N)
        nn::gemm(nn::Transpose::Yes, nn::Transpose::No, D, D, N, 1.0, t.data.data(), D, t.data.data(), D, 0.0,
                 product.data(), D);
    else
        nn::gram(t.data.data(), N, D, product.data());
    nn::symmetric_eigenvalues(product.data(), side, eigenvalues.data());

    double total = 0.0;
    for (double& value : eigenvalues) {
        value = std::sqrt(std::max(value, 0.0));  // rounding leaves tiny negative eigenvalues
        total += value;
    }
    if (total == 0.0) return 0.0;
    double entropy = 0.0;
    for (double value : eigenvalues)
        if (value > 0.0) entropy -= value / total * std::log(value / total);
    return std::exp(entropy);
}

}  // namespace

LayerGeometry layer_geometry(const nn::Matrix& t, const std::vector<int>* labels, const std::string& activation) {
    LayerGeometry geometry;
    geometry.saturation = saturation_fraction(t, activation);
    geometry.class_separation = labels == nullptr ? not_a_number : class_separation(t, *labels);
    const nn::Matrix rows = evenly_spaced_rows(t, geometry_max_rows);
    geometry.mean_distance = mean_pairwise_distance(rows);
    geometry.effective_rank = effective_rank(rows);
    return geometry;
}

std::vector<std::string> geometry_column_names() {
    return {"saturation", "mean_distance", "class_separation", "effective_rank"};
}

std::vector<double> geometry_values(const LayerGeometry& geometry) {
    return {geometry.saturation, geometry.mean_distance, geometry.class_separation, geometry.effective_rank};
}

}  // namespace estimators
