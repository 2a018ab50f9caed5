// estimators/neighbours.cpp — NeighbourSearch: the k-d tree for d <= 20, brute force above it. The brute
// force takes Euclidean distances from a GEMM in blocks of rows (fast but rounded), uses them only to
// pick candidates with a margin that covers the rounding, and computes the candidates' distances directly.
#include "estimators/neighbours.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "estimators/kd_tree.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"

namespace estimators {

namespace {

constexpr std::size_t tree_max_dims = 20;
constexpr std::size_t block_rows = 256;  // rows per GEMM: a (256, N) block of distances

// The metric the searches compare: the distance, or its square under the Euclidean norm.
double metric(const double* a, const double* b, std::size_t d, Norm norm) {
    double out = 0.0;
    for (std::size_t k = 0; k < d; ++k) {
        const double diff = std::abs(a[k] - b[k]);
        out = norm == Norm::max ? std::max(out, diff) : out + diff * diff;
    }
    return out;
}

double to_distance(double m, Norm norm) { return norm == Norm::euclidean ? std::sqrt(m) : m; }

// max_k |a_k - b_k|, or any value above `bound` as soon as one coordinate exceeds it: a brute-force scan
// needs a pair's exact distance only when it can still matter, and in many dimensions one coordinate
// usually rules the pair out.
double max_norm_within(const double* a, const double* b, std::size_t d, double bound) {
    double out = 0.0;
    for (std::size_t k = 0; k < d; ++k) {
        out = std::max(out, std::abs(a[k] - b[k]));
        if (out > bound) return out;
    }
    return out;
}

// Squared Euclidean distances of the centred rows [first, first + count) to all rows, by one GEMM:
// ||a||^2 + ||b||^2 - 2 a.b. `centred` (N, d), `norms` (N) their squared lengths; out (count, N).
void block_squared_distances(const nn::Matrix& centred, const std::vector<double>& norms, std::size_t first,
                             std::size_t count, std::vector<double>& out) {
    const std::size_t N = centred.rows, d = centred.cols;
    out.resize(count * N);
    nn::gemm(nn::Transpose::No, nn::Transpose::Yes, count, N, d, -2.0, centred.row(first), d, centred.data.data(), d,
             0.0, out.data(), N);
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t j = 0; j < N; ++j) out[i * N + j] += norms[first + i] + norms[j];
}

}  // namespace

double distance(const double* a, const double* b, std::size_t d, Norm norm) {
    return to_distance(metric(a, b, d, norm), norm);
}

NeighbourSearch::NeighbourSearch(const nn::Matrix& points, Norm norm, SearchMethod method)
    : points_(points), norm_(norm) {
    NN_CHECK(points.rows >= 1 && points.cols >= 1,
             "neighbour search: needs at least one row and one column, got (" << points.rows << ", " << points.cols
                                                                              << ")");
    NN_CHECK(points.data.size() == points.rows * points.cols,
             "neighbour search: " << points.data.size() << " values for (" << points.rows << ", " << points.cols << ")");
    for (std::size_t i = 0; i < points.data.size(); ++i)
        NN_CHECK(std::isfinite(points.data[i]), "neighbour search: row " << i / points.cols << ", column "
                                                                           << i % points.cols << " is " << points.data[i]);
    const bool tree = method == SearchMethod::kd_tree ||
                      (method == SearchMethod::automatic && points.cols <= tree_max_dims);
    if (tree) tree_ = std::make_unique<KdTree>(points_, norm_);
}

NeighbourSearch::~NeighbourSearch() = default;

Neighbours NeighbourSearch::nearest(std::size_t k) const {
    const std::size_t N = points_.rows;
    NN_CHECK(k >= 1 && k < N, "neighbour search: k = " << k << " needs 1 <= k < N = " << N);
    Neighbours out{k, std::vector<std::size_t>(N * k), std::vector<double>(N * k)};
    if (!tree_) {
        brute_nearest(k, out);
        return out;
    }
    for (std::size_t i = 0; i < N; ++i) {
        NearestList list(k);
        tree_->nearest(i, list);
        for (std::size_t j = 0; j < k; ++j) {
            out.index[i * k + j] = list.index(j);
            out.distance[i * k + j] = to_distance(list.distance(j), norm_);
        }
    }
    return out;
}

std::vector<std::size_t> NeighbourSearch::count_within(const std::vector<double>& radius, bool inclusive) const {
    const std::size_t N = points_.rows;
    NN_CHECK(radius.size() == N, "neighbour search: " << radius.size() << " radii for " << N << " rows");
    std::vector<std::size_t> out(N);
    if (!tree_) {
        brute_count(radius, inclusive, out);
        return out;
    }
    for (std::size_t i = 0; i < N; ++i) out[i] = tree_->count_within(i, radius[i], inclusive);
    return out;
}

void NeighbourSearch::brute_nearest(std::size_t k, Neighbours& out) const {
    const std::size_t N = points_.rows, d = points_.cols;
    if (norm_ == Norm::max) {
        for (std::size_t i = 0; i < N; ++i) {
            NearestList list(k);
            for (std::size_t j = 0; j < N; ++j)
                if (j != i) list.offer(max_norm_within(points_.row(i), points_.row(j), d, list.bound()), j);
            for (std::size_t m = 0; m < k; ++m) {
                out.index[i * k + m] = list.index(m);
                out.distance[i * k + m] = list.distance(m);
            }
        }
        return;
    }
    nn::Matrix centred = points_;
    std::vector<double> mean(d, 0.0), norms(N, 0.0);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t c = 0; c < d; ++c) mean[c] += points_.at(i, c) / double(N);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t c = 0; c < d; ++c) {
            centred.at(i, c) -= mean[c];
            norms[i] += centred.at(i, c) * centred.at(i, c);
        }
    const double norm_max = *std::max_element(norms.begin(), norms.end());
    std::vector<double> block, sorted;
    for (std::size_t first = 0; first < N; first += block_rows) {
        const std::size_t count = std::min(block_rows, N - first);
        block_squared_distances(centred, norms, first, count, block);
        for (std::size_t b = 0; b < count; ++b) {
            const std::size_t i = first + b;
            const double* approx = block.data() + b * N;
            // Rounding of the GEMM form is below (d + 4) eps (|a|^2 + |b|^2) per entry; 4x that is safe.
            const double slack = 4.0 * double(d + 4) * std::numeric_limits<double>::epsilon() * (norms[i] + norm_max);
            // The (k+1)-th smallest approximate value (the row itself among them) is within `slack` of an
            // upper bound on the true k-th distance, so every true neighbour lies below it + 2 slack.
            sorted.assign(approx, approx + N);
            std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(k), sorted.end());
            const double cut = sorted[k] + 2.0 * slack;
            NearestList list(k);
            for (std::size_t j = 0; j < N; ++j)
                if (j != i && approx[j] <= cut) list.offer(metric(points_.row(i), points_.row(j), d, norm_), j);
            for (std::size_t m = 0; m < k; ++m) {
                out.index[i * k + m] = list.index(m);
                out.distance[i * k + m] = std::sqrt(list.distance(m));
            }
        }
    }
}

void NeighbourSearch::brute_count(const std::vector<double>& radius, bool inclusive,
                                  std::vector<std::size_t>& out) const {
    const std::size_t N = points_.rows, d = points_.cols;
    for (std::size_t i = 0; i < N; ++i) {
        std::size_t total = 0;
        for (std::size_t j = 0; j < N; ++j) {
            if (j == i) continue;
            const double r = norm_ == Norm::max
                                 ? max_norm_within(points_.row(i), points_.row(j), d, radius[i])
                                 : to_distance(metric(points_.row(i), points_.row(j), d, norm_), norm_);
            if (inclusive ? r <= radius[i] : r < radius[i]) ++total;
        }
        out[i] = total;
    }
}

}  // namespace estimators
