// estimators/neighbours.hpp — exact nearest-neighbour search among the rows of a matrix, for the k-NN
// estimators (KSG, Kozachenko-Leonenko): the k nearest rows of every row and counts within a radius,
// under the max-norm or the Euclidean norm, by a k-d tree (few dimensions) or a brute-force scan, over
// the threads of the project's one thread setting.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

class KdTree;
class NeighbourScan;

enum class Norm { max, euclidean };  // max_k |a_k - b_k|  or  sqrt(sum_k (a_k - b_k)^2), summed in k order

enum class SearchMethod { automatic, kd_tree, brute_force };  // automatic: the tree for d <= tree_max_dims

// Up to this many dimensions `automatic` takes the k-d tree: above it, the tree's boxes prune too little
// and the brute force's float screen is faster (measured in docs/performance.md).
constexpr std::size_t tree_max_dims = 3;

// The k nearest other rows of every row, nearest first; equal distances in row order (under the
// Euclidean norm: equal squared distances).
struct Neighbours {
    std::size_t k = 0;
    std::vector<std::size_t> index;  // (N, k) row numbers
    std::vector<double> distance;    // (N, k) their distances, non-decreasing along a row
    double kth_distance(std::size_t row) const { return distance[row * k + k - 1]; }
};

// Every query is about the indexed rows themselves: a row is never its own neighbour. Both methods
// return exactly the distances the norm defines (the brute force's float screen, or under the Euclidean
// norm above 20 dimensions its GEMM distances, only pick candidates, whose distances are then computed
// in double), so they agree with a naive O(N^2) search to the bit. Queries run in blocks of rows over
// threads() threads; each row's result depends on nothing else, so any thread count gives the same bits.
class NeighbourSearch {
public:
    // points: (N, d), N >= 1, d >= 1, finite; copied.
    NeighbourSearch(const nn::Matrix& points, Norm norm, SearchMethod method = SearchMethod::automatic);
    ~NeighbourSearch();
    NeighbourSearch(const NeighbourSearch&) = delete;
    NeighbourSearch& operator=(const NeighbourSearch&) = delete;

    std::size_t rows() const { return points_.rows; }
    bool uses_tree() const { return tree_ != nullptr; }
    // The threads a query uses: set_threads(n), or with 0 (the default) nn::blas_threads(), the setting
    // of train's and bench's --threads (OpenBLAS's one per core where nothing sets it).
    std::size_t threads() const;
    void set_threads(std::size_t threads) { threads_ = threads; }

    // The k nearest neighbours of every row; throws unless 1 <= k < N.
    Neighbours nearest(std::size_t k) const;
    // For every row i, the number of rows j != i at distance < radius[i] (inclusive: <= radius[i]).
    std::vector<std::size_t> count_within(const std::vector<double>& radius, bool inclusive) const;

private:
    void gemm_nearest(std::size_t k, Neighbours& out) const;

    nn::Matrix points_;
    Norm norm_;
    std::size_t threads_ = 0;
    std::unique_ptr<KdTree> tree_;         // the tree, or
    std::unique_ptr<NeighbourScan> scan_;  // the brute force (its Euclidean k-NN above 20 dims: gemm_nearest)
};

// The distance of two d-vectors under `norm`, the definition every search result follows.
double distance(const double* a, const double* b, std::size_t d, Norm norm);

}  // namespace estimators
