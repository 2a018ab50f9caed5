// apps/plot_scale.hpp — the arithmetic behind every axis of the SVG plots: a linear map from data values to
// pixels, and "nice" ticks (steps of 1, 2, 2.5 or 5 x 10^k) that cover a data range.
#pragma once
#include <string>
#include <vector>

namespace apps {

// value -> pixel, linear: domain_lo -> pixel_lo, domain_hi -> pixel_hi. For a y axis pass pixel_lo >
// pixel_hi (SVG's y grows downwards). Values outside the domain extrapolate.
class LinearScale {
public:
    LinearScale(double domain_lo, double domain_hi, double pixel_lo, double pixel_hi);  // domain_lo < domain_hi

    double operator()(double value) const;
    double domain_lo() const { return domain_lo_; }
    double domain_hi() const { return domain_hi_; }

private:
    double domain_lo_;
    double domain_hi_;
    double pixel_lo_;
    double pixel_hi_;
};

struct NiceTicks {
    double lo = 0.0;             // first tick, <= the data minimum
    double hi = 1.0;             // last tick, >= the data maximum
    double step = 1.0;           // 1, 2, 2.5 or 5 x 10^k
    int decimals = 0;            // digits after the point that print every tick exactly (2.5 -> 1, 0.25 -> 2)
    std::vector<double> values;  // lo, lo + step, ..., hi
};

// Ticks for an axis covering [data_lo, data_hi] in about `target_intervals` steps: among the candidate
// steps it takes the one that wastes the least of the axis, with a penalty that grows with the square of
// the distance from the target number of intervals, and a small one for the less round 2.5.
// E.g. [0, 12] -> 0, 2, ..., 12; [0, 0.93] -> 0, 0.2, ..., 1.
// A single value widens to [0, 1] for 0 and by 10% either side otherwise.
// Throws std::invalid_argument for a non-finite or reversed range or target_intervals < 1.
NiceTicks nice_ticks(double data_lo, double data_hi, int target_intervals = 5);

// A tick label with a fixed number of decimals, never "-0": format_tick(2.5, 1) = "2.5", format_tick(-0.0, 0) = "0".
std::string format_tick(double value, int decimals);

}  // namespace apps
