// estimators/kd_tree.cpp — building and querying the k-d tree. Every pruning test compares a bound on a
// box with the same floating-point operations, in the same dimension order, as the distance of a row in
// that box, so (rounding being monotone) a pruned box never holds a row the exact search would take.
#include "estimators/kd_tree.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace estimators {

namespace {

constexpr std::size_t leaf_rows = 16;

// Whether a row at `metric` (squared under the Euclidean norm) lies within `radius` (the norm's units).
bool within(double metric, double radius, bool inclusive, Norm norm) {
    const double d = norm == Norm::euclidean ? std::sqrt(metric) : metric;
    return inclusive ? d <= radius : d < radius;
}

}  // namespace

KdTree::KdTree(const nn::Matrix& points, Norm norm)
    : rows_(points.rows), dims_(points.cols), norm_(norm), order_(points.rows), position_(points.rows) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    data_ = points.data;  // in row order while building; reordered at the end
    nodes_.reserve(2 * rows_ / leaf_rows + 2);
    build(0, rows_);
    std::vector<double> ordered(rows_ * dims_);
    for (std::size_t p = 0; p < rows_; ++p) {
        std::copy_n(points.row(order_[p]), dims_, ordered.data() + p * dims_);
        position_[order_[p]] = p;
    }
    data_ = std::move(ordered);
}

std::size_t KdTree::build(std::size_t begin, std::size_t end) {
    const std::size_t id = nodes_.size();
    nodes_.push_back({begin, end, 0, 0});
    lo_.resize(lo_.size() + dims_, std::numeric_limits<double>::infinity());
    hi_.resize(hi_.size() + dims_, -std::numeric_limits<double>::infinity());
    double* lo = lo_.data() + id * dims_;
    double* hi = hi_.data() + id * dims_;
    for (std::size_t p = begin; p < end; ++p) {
        const double* x = data_.data() + order_[p] * dims_;
        for (std::size_t k = 0; k < dims_; ++k) {
            lo[k] = std::min(lo[k], x[k]);
            hi[k] = std::max(hi[k], x[k]);
        }
    }
    if (end - begin <= leaf_rows) return id;
    std::size_t split = 0;
    for (std::size_t k = 1; k < dims_; ++k)
        if (hi[k] - lo[k] > hi[split] - lo[split]) split = k;
    if (hi[split] == lo[split]) return id;  // all rows equal: nothing to split
    const std::size_t mid = begin + (end - begin) / 2;
    std::nth_element(order_.begin() + std::ptrdiff_t(begin), order_.begin() + std::ptrdiff_t(mid),
                     order_.begin() + std::ptrdiff_t(end), [&](std::size_t a, std::size_t b) {
                         return data_[a * dims_ + split] < data_[b * dims_ + split];
                     });
    const std::size_t left = build(begin, mid);
    const std::size_t right = build(mid, end);
    nodes_[id].left = left;
    nodes_[id].right = right;
    return id;
}

double KdTree::box_min(std::size_t node, const double* query) const {
    const double* lo = lo_.data() + node * dims_;
    const double* hi = hi_.data() + node * dims_;
    double out = 0.0;
    for (std::size_t k = 0; k < dims_; ++k) {
        const double gap = query[k] < lo[k] ? lo[k] - query[k] : (query[k] > hi[k] ? query[k] - hi[k] : 0.0);
        out = norm_ == Norm::max ? std::max(out, gap) : out + gap * gap;
    }
    return out;
}

double KdTree::box_max(std::size_t node, const double* query) const {
    const double* lo = lo_.data() + node * dims_;
    const double* hi = hi_.data() + node * dims_;
    double out = 0.0;
    for (std::size_t k = 0; k < dims_; ++k) {
        const double reach = std::max(query[k] - lo[k], hi[k] - query[k]);
        out = norm_ == Norm::max ? std::max(out, reach) : out + reach * reach;
    }
    return out;
}

void KdTree::nearest(std::size_t row, NearestList& list) const {
    search(0, data_.data() + position_[row] * dims_, row, list);
}

void KdTree::search(std::size_t node, const double* query, std::size_t row, NearestList& list) const {
    const Node& n = nodes_[node];
    if (n.left == 0) {
        for (std::size_t p = n.begin; p < n.end; ++p) {
            if (order_[p] == row) continue;
            const double* x = data_.data() + p * dims_;
            const double bound = list.bound();
            double metric = 0.0;
            // Stop adding dimensions once the row is out of reach: the metric only grows.
            for (std::size_t k = 0; k < dims_ && metric <= bound; ++k) {
                const double diff = std::abs(query[k] - x[k]);
                metric = norm_ == Norm::max ? std::max(metric, diff) : metric + diff * diff;
            }
            if (metric <= bound) list.offer(metric, order_[p]);
        }
        return;
    }
    double near = box_min(n.left, query), far = box_min(n.right, query);
    std::size_t first = n.left, second = n.right;
    if (far < near) {
        std::swap(near, far);
        std::swap(first, second);
    }
    // <=: a row at exactly the bound still enters when its number is lower.
    if (near <= list.bound()) search(first, query, row, list);
    if (far <= list.bound()) search(second, query, row, list);
}

std::size_t KdTree::count_within(std::size_t row, double radius, bool inclusive) const {
    const std::size_t position = position_[row];
    return count(0, data_.data() + position * dims_, position, radius, inclusive);
}

std::size_t KdTree::count(std::size_t node, const double* query, std::size_t position, double radius,
                          bool inclusive) const {
    const Node& n = nodes_[node];
    if (!within(box_min(node, query), radius, inclusive, norm_)) return 0;
    const bool holds_query = n.begin <= position && position < n.end;
    if (within(box_max(node, query), radius, inclusive, norm_)) return n.end - n.begin - (holds_query ? 1 : 0);
    if (n.left != 0)
        return count(n.left, query, position, radius, inclusive) + count(n.right, query, position, radius, inclusive);
    std::size_t total = 0;
    for (std::size_t p = n.begin; p < n.end; ++p) {
        if (p == position) continue;
        const double* x = data_.data() + p * dims_;
        double metric = 0.0;
        for (std::size_t k = 0; k < dims_; ++k) {
            const double diff = std::abs(query[k] - x[k]);
            metric = norm_ == Norm::max ? std::max(metric, diff) : metric + diff * diff;
        }
        if (within(metric, radius, inclusive, norm_)) ++total;
    }
    return total;
}

}  // namespace estimators
