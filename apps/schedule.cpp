// apps/schedule.cpp — the sampled epochs.
#include "apps/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace apps {

namespace {

// np.unique(np.logspace(0, log2(E), n, base=2, dtype=int)) - 1. numpy's linspace computes
// start + i * step with step = (stop - start) / (n - 1) and sets the last value to stop exactly;
// logspace raises the base to it; the int dtype truncates.
std::vector<long> idnns_epochs(long epochs, long points) {
    const double stop = std::log2(double(epochs));
    const double step = points > 1 ? stop / double(points - 1) : 0.0;
    std::vector<long> out;
    for (long i = 0; i < points; ++i) {
        const double exponent = i == points - 1 ? stop : double(i) * step;
        out.push_back(long(std::pow(2.0, exponent)) - 1);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

std::vector<long> log_spaced_epochs(long epochs, long snapshots) {
    if (epochs < 1 || snapshots < 1) throw std::invalid_argument("schedule: epochs and snapshots must be positive");
    if (snapshots > epochs)
        throw std::invalid_argument("schedule: " + std::to_string(snapshots) + " snapshots but only " +
                                    std::to_string(epochs) + " epochs");
    // The distinct count grows with n (by steps of 0 or 1 once n is large), so walk n upwards and keep
    // the last n that gives `snapshots` epochs.
    std::vector<long> best;
    for (long points = snapshots;; ++points) {
        std::vector<long> candidate = idnns_epochs(epochs, points);
        if (long(candidate.size()) > snapshots) break;
        if (long(candidate.size()) == snapshots) best = std::move(candidate);
        if (points > 64 * epochs) break;  // every epoch is hit long before this
    }
    if (best.empty())
        throw std::invalid_argument("schedule: no log-spaced grid gives exactly " + std::to_string(snapshots) +
                                    " distinct epochs of " + std::to_string(epochs));
    return best;
}

std::vector<long> every_k_epochs(long epochs, long every) {
    if (epochs < 1 || every < 1) throw std::invalid_argument("schedule: epochs and every must be positive");
    std::vector<long> out;
    for (long e = 0; e <= epochs; e += every) out.push_back(e);
    if (out.back() != epochs) out.push_back(epochs);
    return out;
}

}  // namespace apps
