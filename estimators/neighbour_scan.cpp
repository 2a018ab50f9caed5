// estimators/neighbour_scan.cpp — NeighbourScan: float screening in GCC's portable vector types (compiled
// for AVX2 and for baseline x86-64, chosen when the program loads, as nn/narrow_gemm.cpp), exact double
// re-checks. Every decision is the exact one; the screen only decides which rows need a look.
#include "estimators/neighbour_scan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SCAN_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SCAN_VECTOR_CLONES
#endif

namespace estimators {

namespace {

using Vec8 = float __attribute__((vector_size(32)));  // eight floats: one row of a panel in one dimension
using Mask8 = int __attribute__((vector_size(32)));    // a comparison of two Vec8: -1 or 0 per lane
using Mask4 = int __attribute__((vector_size(16)));
constexpr std::size_t lanes = 8;
// A panel is tested for being out of reach after first_check dimensions and then every check_every, while
// at least worth_checking remain: a test costs about what two dimensions do, and in 8 dimensions most
// panels of Gaussian-like data are already out of a k-th neighbour's reach.
constexpr std::size_t first_check = 8, check_every = 4, worth_checking = 6;
constexpr float infinity = std::numeric_limits<float>::infinity();

// Whether any lane of m is set: the two halves or-ed, then the two 64-bit words of the result.
[[gnu::always_inline]] inline bool any(const Mask8& m) {
    const Mask4 half = __builtin_shufflevector(m, m, 0, 1, 2, 3) | __builtin_shufflevector(m, m, 4, 5, 6, 7);
    std::uint64_t words[2];
    std::memcpy(words, &half, sizeof words);
    return (words[0] | words[1]) != 0;
}

// The screen's metric of the eight rows of `panel` (d dimensions of eight floats) to `query`, in `acc`:
// max_k |u_k - q_k| or sum_k (u_k - q_k)^2. False when, at a test, every lane exceeds `limit` (both
// only grow); `acc` is then incomplete.
template <Norm norm>
[[gnu::always_inline]] inline bool panel_metric(const float* panel, const float* query, std::size_t d, float limit,
                                                Vec8& acc) {
    const Mask8 magnitude = Mask8{} + 0x7fffffff;
    acc = Vec8{};
    std::size_t k = 0;
    for (std::size_t stop = std::min(d, first_check);; stop = std::min(d, k + check_every)) {
        if (d - stop < worth_checking) stop = d;
        for (; k < stop; ++k) {
            Vec8 u;
            std::memcpy(&u, panel + k * lanes, sizeof u);
            const Vec8 diff = u - query[k];
            if constexpr (norm == Norm::max) {
                const Vec8 size = (Vec8)((Mask8)diff & magnitude);
                acc = acc > size ? acc : size;
            } else {
                acc += diff * diff;
            }
        }
        if (k == d) return true;
        if (!any(acc <= limit)) return false;
    }
}

// The exact metric the searches define (neighbours.cpp's), or any value above `bound` once it exceeds it.
double exact_metric(const double* a, const double* b, std::size_t d, Norm norm, double bound) {
    double out = 0.0;
    for (std::size_t k = 0; k < d && out <= bound; ++k) {
        const double diff = std::abs(a[k] - b[k]);
        out = norm == Norm::max ? std::max(out, diff) : out + diff * diff;
    }
    return out;
}

// The float nearest v, then one step towards `direction`; doubles beyond float's range give the largest
// float or infinity (a cast would be undefined there).
float float_step(double v, float direction) {
    constexpr double largest = std::numeric_limits<float>::max();
    const float f = v >= largest ? infinity : (v <= -largest ? -infinity : static_cast<float>(v));
    return std::nextafter(f, direction);
}

}  // namespace

struct ScanView {
    const nn::Matrix& points;
    const float* packed;
    const float* rows;
    std::size_t panels;
    int exponent;  // a metric in the scaled units is the exact one times 2^-exponent
    double slack;  // the margin, in scaled units

    // A float at least the screen's value of every row whose exact metric is <= `metric`.
    float limit_above(double metric) const {
        if (metric == std::numeric_limits<double>::infinity()) return infinity;
        return float_step(std::ldexp(metric, -exponent) + slack, infinity);
    }
    // A float at most the screen's value of every row whose exact metric is >= `metric`.
    float limit_below(double metric) const { return float_step(std::ldexp(metric, -exponent) - slack, -infinity); }
};

namespace {

// Panels per tile: a tile (about 16 KB) stays in the L1 cache while every row of a block runs over it.
std::size_t tile_panels(std::size_t d) { return std::max<std::size_t>(1, 16384 / (d * lanes * sizeof(float))); }

// Panels [p0, p1) offered to row's list; `limit` follows the list's bound.
template <Norm norm>
[[gnu::always_inline]] inline void nearest_in(const ScanView& s, std::size_t row, std::size_t p0, std::size_t p1,
                                              NearestList& list, float& limit) {
    const std::size_t N = s.points.rows, d = s.points.cols;
    const float* query = s.rows + row * d;
    for (std::size_t p = p0; p < p1; ++p) {
        Vec8 acc;
        if (!panel_metric<norm>(s.packed + p * d * lanes, query, d, limit, acc)) continue;
        const Mask8 passes = acc <= limit;
        if (!any(passes)) continue;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            const std::size_t j = p * lanes + lane;
            if (passes[lane] == 0 || j >= N || j == row) continue;
            list.offer(exact_metric(s.points.row(row), s.points.row(j), d, norm, list.bound()), j);
        }
        limit = s.limit_above(list.bound());
    }
}

template <Norm norm>
[[gnu::always_inline]] inline void nearest_block(const ScanView& s, std::size_t first, std::size_t count,
                                                 NearestList* lists) {
    std::vector<float> limits(count, infinity);
    const std::size_t tile = tile_panels(s.points.cols);
    for (std::size_t p0 = 0; p0 < s.panels; p0 += tile)
        for (std::size_t q = 0; q < count; ++q)
            nearest_in<norm>(s, first + q, p0, std::min(s.panels, p0 + tile), lists[q], limits[q]);
}

SCAN_VECTOR_CLONES
void scan_nearest(const ScanView& s, Norm norm, std::size_t first, std::size_t count, NearestList* lists) {
    if (norm == Norm::max)
        nearest_block<Norm::max>(s, first, count, lists);
    else
        nearest_block<Norm::euclidean>(s, first, count, lists);
}

// What a row's count needs: its radius, the screen's limits (rows strictly below `below` are inside, rows
// above `above` outside, the rest re-checked in double), and the count so far.
struct CountState {
    double radius;
    float below, above;
    std::size_t total;
};

// Panels [p0, p1) counted into state.total.
template <Norm norm>
[[gnu::always_inline]] inline void count_in(const ScanView& s, std::size_t row, std::size_t p0, std::size_t p1,
                                            bool inclusive, CountState& state) {
    const std::size_t N = s.points.rows, d = s.points.cols;
    const float* query = s.rows + row * d;
    Mask8 inside{};
    for (std::size_t p = p0; p < p1; ++p) {
        Vec8 acc;
        if (!panel_metric<norm>(s.packed + p * d * lanes, query, d, state.above, acc) || !any(acc <= state.above))
            continue;
        Mask8 valid = Mask8{} - 1;
        if (p + 1 == s.panels)
            for (std::size_t lane = 0; lane < lanes; ++lane) valid[lane] = p * lanes + lane < N ? -1 : 0;
        inside -= (acc < state.below) & valid;
        const Mask8 near = (acc >= state.below) & (acc <= state.above) & valid;
        if (!any(near)) continue;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            const std::size_t j = p * lanes + lane;
            if (near[lane] == 0 || j == row) continue;
            constexpr double no_bound = std::numeric_limits<double>::infinity();
            double m = exact_metric(s.points.row(row), s.points.row(j), d, norm, no_bound);
            if (norm == Norm::euclidean) m = std::sqrt(m);
            state.total += (inclusive ? m <= state.radius : m < state.radius) ? 1 : 0;
        }
    }
    for (std::size_t lane = 0; lane < lanes; ++lane) state.total += std::size_t(inside[lane]);
}

template <Norm norm>
[[gnu::always_inline]] inline void count_block(const ScanView& s, std::size_t first, std::size_t count,
                                               bool inclusive, CountState* states) {
    const std::size_t tile = tile_panels(s.points.cols);
    for (std::size_t p0 = 0; p0 < s.panels; p0 += tile)
        for (std::size_t q = 0; q < count; ++q)
            count_in<norm>(s, first + q, p0, std::min(s.panels, p0 + tile), inclusive, states[q]);
}

SCAN_VECTOR_CLONES
void scan_count(const ScanView& s, Norm norm, std::size_t first, std::size_t count, bool inclusive,
                CountState* states) {
    if (norm == Norm::max)
        count_block<Norm::max>(s, first, count, inclusive, states);
    else
        count_block<Norm::euclidean>(s, first, count, inclusive, states);
}

}  // namespace

NeighbourScan::NeighbourScan(const nn::Matrix& points, Norm norm)
    : points_(points), norm_(norm), panels_((points.rows + lanes - 1) / lanes), scale_exponent_(0) {
    const std::size_t N = points.rows, d = points.cols;
    // Centre each column at its midrange (halves first: no overflow), then scale by a power of two (exact)
    // so that every |u| < 1; u's doubles are exact up to 2^-53 relative, their floats up to 2^-24.
    std::vector<double> centre(d);
    for (std::size_t c = 0; c < d; ++c) {
        double lo = points.at(0, c), hi = lo;
        for (std::size_t r = 1; r < N; ++r) {
            lo = std::min(lo, points.at(r, c));
            hi = std::max(hi, points.at(r, c));
        }
        centre[c] = lo / 2 + hi / 2;
    }
    double reach = 0.0;
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t c = 0; c < d; ++c) reach = std::max(reach, std::abs(points.at(r, c) - centre[c]));
    if (reach > 0.0) std::frexp(reach, &scale_exponent_);  // reach < 2^scale_exponent_
    rows_.resize(N * d);
    packed_.assign(panels_ * d * lanes, 0.0f);
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t c = 0; c < d; ++c) {
            const float u = static_cast<float>(std::ldexp(points.at(r, c) - centre[c], -scale_exponent_));
            rows_[r * d + c] = u;
            packed_[((r / lanes) * d + c) * lanes + r % lanes] = u;
        }
    // With |u| < 1, a screened difference is off the exact |u_a - u_b| by at most 2^-22 (two conversions
    // of 2^-24 each, the float subtraction 2^-23, the centring 2^-52): the max-norm's error. A squared
    // difference (< 4) is then off by 4 2^-22 + its rounding 4 2^-24, and summing d of them (partial sums
    // < 4d) adds 4d^2 2^-24: in all below (d^2 + 5d) 2^-22. The margin is four times either bound.
    const double dims = double(d);
    slack_ = norm == Norm::max ? std::ldexp(1.0, -20) : (dims * dims + 5.0 * dims) * std::ldexp(1.0, -20);
    // Rows spread beyond 2^+-480 leave the double metric itself inexact (squares overflow, or fall among
    // the subnormals, whose spacing is then above the margin): the screen passes every row there.
    if (scale_exponent_ > 480 || scale_exponent_ < -480) slack_ = std::numeric_limits<double>::infinity();
}

ScanView NeighbourScan::view() const {
    return {points_, packed_.data(), rows_.data(), panels_, norm_ == Norm::max ? scale_exponent_ : 2 * scale_exponent_,
            slack_};
}

void NeighbourScan::nearest(std::size_t first, std::size_t count, NearestList* lists) const {
    scan_nearest(view(), norm_, first, count, lists);
}

void NeighbourScan::count_within(std::size_t first, std::size_t count, const double* radius, bool inclusive,
                                 std::size_t* out) const {
    const ScanView s = view();
    std::vector<CountState> states(count);
    for (std::size_t q = 0; q < count; ++q) {
        const double r = radius[q];
        const double metric = norm_ == Norm::max ? r : r * r;
        // No distance is below 0 and a NaN radius takes nothing: limits below every row's 0 then.
        states[q] = r >= 0.0 ? CountState{r, s.limit_below(metric), s.limit_above(metric), 0}
                             : CountState{r, -1.0f, -1.0f, 0};
    }
    scan_count(s, norm_, first, count, inclusive, states.data());
    for (std::size_t q = 0; q < count; ++q)
        // The row itself sits at exactly 0 in the screen: counted when 0 < below, else skipped as near.
        out[q] = 0.0f < states[q].below ? states[q].total - 1 : states[q].total;
}

}  // namespace estimators
