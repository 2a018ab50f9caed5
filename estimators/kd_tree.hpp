// estimators/kd_tree.hpp — the k-d tree behind NeighbourSearch for d <= 20, and the bounded list of the
// k best candidates that it shares with the brute-force search.
#pragma once
#include <cstddef>
#include <limits>
#include <vector>

#include "estimators/neighbours.hpp"
#include "nn/matrix.hpp"

namespace estimators {

// The k smallest (distance, row) pairs seen so far, in lexicographic order, so that equal distances
// resolve to the lower row numbers whatever order the candidates come in.
class NearestList {
public:
    explicit NearestList(std::size_t k) : k_(k), distance_(k), index_(k) {}
    // Candidates farther than this cannot enter (equal ones can, if their row is lower).
    double bound() const { return size_ < k_ ? std::numeric_limits<double>::infinity() : distance_[k_ - 1]; }
    void offer(double distance, std::size_t index) {
        if (size_ == k_ && (distance > distance_[k_ - 1] || (distance == distance_[k_ - 1] && index > index_[k_ - 1])))
            return;
        std::size_t at = size_ < k_ ? size_++ : k_ - 1;
        for (; at > 0 && (distance < distance_[at - 1] || (distance == distance_[at - 1] && index < index_[at - 1]));
             --at) {
            distance_[at] = distance_[at - 1];
            index_[at] = index_[at - 1];
        }
        distance_[at] = distance;
        index_[at] = index;
    }
    std::size_t size() const { return size_; }
    double distance(std::size_t i) const { return distance_[i]; }
    std::size_t index(std::size_t i) const { return index_[i]; }

private:
    std::size_t k_;
    std::size_t size_ = 0;
    std::vector<double> distance_;
    std::vector<std::size_t> index_;
};

// Median splits on the dimension of widest spread down to leaves of at most 16 rows; every node keeps
// its bounding box, so that a query skips boxes out of reach and counts boxes wholly inside its radius
// without visiting their rows. Under the Euclidean norm the search works in squared distances.
class KdTree {
public:
    KdTree(const nn::Matrix& points, Norm norm);  // (N, d), N >= 1

    // The k nearest rows to row `row` (itself excluded) in `list`, which has room for k; distances are
    // the norm's (squared under the Euclidean norm).
    void nearest(std::size_t row, NearestList& list) const;
    // The rows j != row whose distance to it is < radius (inclusive: <=), radius in the norm's units.
    std::size_t count_within(std::size_t row, double radius, bool inclusive) const;

private:
    struct Node {
        std::size_t begin, end;   // its rows: positions [begin, end) of order_
        std::size_t left, right;  // children; 0 for a leaf (the root is never a child)
    };
    std::size_t build(std::size_t begin, std::size_t end);
    void search(std::size_t node, const double* query, std::size_t row, NearestList& list) const;
    std::size_t count(std::size_t node, const double* query, std::size_t position, double radius,
                      bool inclusive) const;
    double box_min(std::size_t node, const double* query) const;  // the nearest a row in the box can be
    double box_max(std::size_t node, const double* query) const;  // the farthest

    std::size_t rows_, dims_;
    Norm norm_;
    std::vector<double> data_;         // (N, d) rows in tree order
    std::vector<std::size_t> order_;   // tree position -> row
    std::vector<std::size_t> position_;  // row -> tree position
    std::vector<Node> nodes_;
    std::vector<double> lo_, hi_;      // (nodes, d) bounding boxes
};

}  // namespace estimators
