// estimators/neighbours.cpp — NeighbourSearch: the k-d tree or NeighbourScan, rows spread over threads.
// Euclidean k nearest neighbours above 20 dimensions take distances from a GEMM in blocks of rows (fast
// but rounded), use them only to pick candidates with a margin that covers the rounding, and compute the
// candidates' distances directly.
#include "estimators/neighbours.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "estimators/kd_tree.hpp"
#include "estimators/neighbour_scan.hpp"
#include "nn/check.hpp"
#include "nn/linalg.hpp"

namespace estimators {

namespace {

constexpr std::size_t gemm_min_dims = 21;  // Euclidean k-NN from here on by GEMM: d flops a pair, no branches
constexpr std::size_t block_rows = 256;    // rows per GEMM: a (256, N) block of distances
constexpr std::size_t rows_per_task = 64;  // rows a thread takes at a time

// work(first, count) over the rows [0, n) in blocks of rows_per_task on `threads` threads, each taking
// the next block when it is free; the first exception thrown is rethrown here once all have stopped.
template <class Work>
void for_each_block(std::size_t n, std::size_t threads, const Work& work) {
    threads = std::min(threads, (n + rows_per_task - 1) / rows_per_task);
    if (threads <= 1) {
        for (std::size_t first = 0; first < n; first += rows_per_task) work(first, std::min(rows_per_task, n - first));
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    const auto run = [&] {
        try {
            for (std::size_t first = next.fetch_add(rows_per_task); first < n; first = next.fetch_add(rows_per_task))
                work(first, std::min(rows_per_task, n - first));
        } catch (...) {
            const std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
            next = n;
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t t = 1; t < threads; ++t) workers.emplace_back(run);
    run();
    for (std::thread& worker : workers) worker.join();
    if (error) std::rethrow_exception(error);
}

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
    if (tree)
        tree_ = std::make_unique<KdTree>(points_, norm_);
    else
        scan_ = std::make_unique<NeighbourScan>(points_, norm_);
}

std::size_t NeighbourSearch::threads() const {
    return threads_ > 0 ? threads_ : std::size_t(std::max(1, nn::blas_threads()));
}

NeighbourSearch::~NeighbourSearch() = default;

Neighbours NeighbourSearch::nearest(std::size_t k) const {
    const std::size_t N = points_.rows;
    NN_CHECK(k >= 1 && k < N, "neighbour search: k = " << k << " needs 1 <= k < N = " << N);
    Neighbours out{k, std::vector<std::size_t>(N * k), std::vector<double>(N * k)};
    if (!tree_ && norm_ == Norm::euclidean && points_.cols >= gemm_min_dims) {
        gemm_nearest(k, out);
        return out;
    }
    for_each_block(N, threads(), [&](std::size_t first, std::size_t count) {
        std::vector<NearestList> lists(count, NearestList(k));
        if (tree_)
            for (std::size_t q = 0; q < count; ++q) tree_->nearest(first + q, lists[q]);
        else
            scan_->nearest(first, count, lists.data());
        for (std::size_t q = 0; q < count; ++q)
            for (std::size_t j = 0; j < k; ++j) {
                out.index[(first + q) * k + j] = lists[q].index(j);
                out.distance[(first + q) * k + j] = to_distance(lists[q].distance(j), norm_);
            }
    });
    return out;
}

std::vector<std::size_t> NeighbourSearch::count_within(const std::vector<double>& radius, bool inclusive) const {
    const std::size_t N = points_.rows;
    NN_CHECK(radius.size() == N, "neighbour search: " << radius.size() << " radii for " << N << " rows");
    std::vector<std::size_t> out(N);
    for_each_block(N, threads(), [&](std::size_t first, std::size_t count) {
        if (!tree_) {
            scan_->count_within(first, count, radius.data() + first, inclusive, out.data() + first);
            return;
        }
        for (std::size_t i = first; i < first + count; ++i) out[i] = tree_->count_within(i, radius[i], inclusive);
    });
    return out;
}

void NeighbourSearch::gemm_nearest(std::size_t k, Neighbours& out) const {
    const std::size_t N = points_.rows, d = points_.cols;
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

}  // namespace estimators
