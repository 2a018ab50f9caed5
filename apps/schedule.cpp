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
        // numpy sets the last point to stop only when there are two or more; one point is just start
        const double exponent = points > 1 && i == points - 1 ? stop : double(i) * step;
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
    auto impossible = [&] {
        return std::invalid_argument("schedule: no log-spaced grid gives exactly " + std::to_string(snapshots) +
                                     " distinct epochs of " + std::to_string(epochs));
    };
    // Every epoch below int(2^log2(E)) is hit by a fine enough grid, and no other: asking for all of
    // them needs no search (and a larger grid changes nothing).
    const long reachable = long(std::pow(2.0, std::log2(double(epochs))));
    if (snapshots > reachable) throw impossible();
    if (snapshots == reachable) {
        std::vector<long> all(std::size_t(reachable), 0);
        for (long e = 0; e < reachable; ++e) all[std::size_t(e)] = e;
        return all;
    }
    // The distinct count c(n) grows with the point count n: find the first n with c(n) > snapshots by
    // doubling, then bisecting; the grid just below it is the finest one with `snapshots` epochs (IDNNs:
    // 400 points for 274 epochs of 8000).
    auto count = [&](long points) { return long(idnns_epochs(epochs, points).size()); };
    long below = snapshots, above = 2 * snapshots;  // count(below) <= snapshots < count(above)
    while (count(above) <= snapshots) {
        below = above;
        above *= 2;
    }
    while (above - below > 1) {
        const long middle = below + (above - below) / 2;
        (count(middle) > snapshots ? above : below) = middle;
    }
    // c(n) may step by more than one just there: then step back to the finest grid that gives exactly
    // `snapshots` epochs, if the count passes through it at all.
    for (long points = below; points >= snapshots; --points) {
        std::vector<long> candidate = idnns_epochs(epochs, points);
        if (long(candidate.size()) == snapshots) return candidate;
        if (long(candidate.size()) < snapshots) break;
    }
    throw impossible();
}

std::vector<long> every_k_epochs(long epochs, long every) {
    if (epochs < 1 || every < 1) throw std::invalid_argument("schedule: epochs and every must be positive");
    std::vector<long> out;
    for (long e = 0; e <= epochs; e += every) out.push_back(e);
    if (out.back() != epochs) out.push_back(epochs);
    return out;
}

}  // namespace apps
