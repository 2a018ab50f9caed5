// apps/plot_scale.cpp — linear scales and nice tick values for the SVG plots (see plot_scale.hpp).
#include "apps/plot_scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "nn/check.hpp"

namespace apps {

LinearScale::LinearScale(double domain_lo, double domain_hi, double pixel_lo, double pixel_hi)
    : domain_lo_(domain_lo), domain_hi_(domain_hi), pixel_lo_(pixel_lo), pixel_hi_(pixel_hi) {
    NN_CHECK(std::isfinite(domain_lo) && std::isfinite(domain_hi) && domain_lo < domain_hi,
             "LinearScale: the domain [" << domain_lo << ", " << domain_hi << "] is empty or not finite");
}

double LinearScale::operator()(double value) const {
    return pixel_lo_ + (value - domain_lo_) / (domain_hi_ - domain_lo_) * (pixel_hi_ - pixel_lo_);
}

NiceTicks nice_ticks(double data_lo, double data_hi, int target_intervals) {
    NN_CHECK(std::isfinite(data_lo) && std::isfinite(data_hi) && data_lo <= data_hi,
             "nice_ticks: bad range [" << data_lo << ", " << data_hi << "]");
    NN_CHECK(target_intervals >= 1, "nice_ticks: target_intervals must be >= 1, got " << target_intervals);
    if (data_lo == data_hi) {
        const double half = 0.1 * std::abs(data_lo);
        data_lo = half == 0.0 ? 0.0 : data_lo - half;
        data_hi = half == 0.0 ? 1.0 : data_hi + half;
    }
    const double span = data_hi - data_lo;
    const int magnitude = static_cast<int>(std::floor(std::log10(span / target_intervals)));

    // Candidates m x 10^k around the raw step span / target. The 1e-9 slack keeps rounding noise in the data
    // (0.1 + 0.2 = 0.30000000000000004, over a step of 0.1) from adding an interval.
    NiceTicks best;
    double best_cost = INFINITY;
    for (int k = magnitude - 1; k <= magnitude + 1; ++k) {
        for (const double mantissa : {1.0, 2.0, 2.5, 5.0}) {
            const double step = mantissa * std::pow(10.0, k);
            const double first = std::floor(data_lo / step + 1e-9);
            const double last = std::max(first + 1.0, std::ceil(data_hi / step - 1e-9));
            const double intervals = last - first;
            const double waste = (intervals * step - span) / span;
            const double off_target = intervals - target_intervals;
            const double cost = waste + 0.02 * off_target * off_target + (mantissa == 2.5 ? 0.05 : 0.0);
            if (cost >= best_cost) continue;
            best_cost = cost;
            best.step = step;
            best.lo = first * step;
            best.hi = last * step;
            best.decimals = std::max(0, -k + (mantissa == 2.5 ? 1 : 0));
            best.values.clear();
            for (double i = first; i <= last; i += 1.0) best.values.push_back(i * step);
        }
    }
    return best;
}

std::string format_tick(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);  // "-0.0" -> "0.0"
    return text;
}

}  // namespace apps
