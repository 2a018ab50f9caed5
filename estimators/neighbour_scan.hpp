// estimators/neighbour_scan.hpp — the exact brute-force neighbour search: every row against all rows,
// screened eight at a time in float SIMD, with the few rows near a decision re-checked in double.
#pragma once
#include <cstddef>
#include <vector>

#include "estimators/kd_tree.hpp"
#include "estimators/neighbours.hpp"
#include "nn/matrix.hpp"

namespace estimators {

struct ScanView;  // what the vector kernels read (neighbour_scan.cpp)

// The rows are centred, scaled by a power of two to |u| < 1 and stored as float in panels of eight rows
// (each panel dimension-major: a dimension's eight values side by side). A query runs through the panels
// with a float limit a bound above its exact one (the screen's rounding is at most a quarter of the
// margin, see neighbour_scan.cpp), leaves a panel as soon as all eight rows exceed the limit, and takes
// the exact double distance of every row that passes. Results are those of the exact search, bit for bit.
class NeighbourScan {
public:
    NeighbourScan(const nn::Matrix& points, Norm norm);  // (N, d), N >= 1, finite; kept by reference

    // As KdTree, for the rows [first, first + count) at once (they share each panel while it is in cache):
    // the k nearest rows to each (itself excluded) in lists[0, count), distances in the norm's metric
    // (squared under the Euclidean norm); out[q] the rows j != first + q at distance < radius[q]
    // (inclusive: <=).
    void nearest(std::size_t first, std::size_t count, NearestList* lists) const;
    void count_within(std::size_t first, std::size_t count, const double* radius, bool inclusive,
                      std::size_t* out) const;

private:
    ScanView view() const;

    const nn::Matrix& points_;
    Norm norm_;
    std::size_t panels_;
    int scale_exponent_;             // u = (x - centre) 2^-scale_exponent_
    double slack_;                   // the margin, in scaled metric units
    std::vector<float> packed_;      // (panels, d, 8)
    std::vector<float> rows_;        // (N, d) the same floats row by row: the queries
};

}  // namespace estimators
