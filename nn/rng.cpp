// nn/rng.cpp — distributions over std::mt19937_64, written out so results are the same everywhere.
#include "nn/rng.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "nn/check.hpp"

namespace nn {

__extension__ typedef unsigned __int128 uint128;  // a GCC/Clang extension, hence the marker

double Rng::uniform() { return double(engine_() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

// Lemire (2019), "Fast random integer generation in an interval": the high 64 bits of x * n are
// uniform on {0..n-1} once the few x whose low bits fall below 2^64 mod n are rejected.
std::size_t Rng::uniform_int(std::size_t n) {
    NN_CHECK(n > 0, "Rng::uniform_int: empty range");
    const std::uint64_t range = n;
    uint128 product = uint128(engine_()) * range;
    if (std::uint64_t(product) < range) {
        const std::uint64_t threshold = (0 - range) % range;  // 2^64 mod n
        while (std::uint64_t(product) < threshold) product = uint128(engine_()) * range;
    }
    return std::size_t(product >> 64);
}

// Marsaglia & Bray (1964): draw (u, v) uniform in the unit disc, s = u^2 + v^2,
// then u * sqrt(-2 ln s / s) and v * sqrt(-2 ln s / s) are two independent N(0, 1).
double Rng::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    double u, v, s;
    do {
        u = uniform(-1.0, 1.0);
        v = uniform(-1.0, 1.0);
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
}

double Rng::truncated_normal(double limit) {
    NN_CHECK(limit > 0.0, "Rng::truncated_normal: limit must be positive, got " << limit);
    double z;
    do z = normal(); while (std::abs(z) > limit);
    return z;
}

void Rng::shuffle(std::vector<std::size_t>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[uniform_int(i)]);
}

std::vector<std::size_t> Rng::permutation(std::size_t n) {
    std::vector<std::size_t> items(n);
    for (std::size_t i = 0; i < n; ++i) items[i] = i;
    shuffle(items);
    return items;
}

std::string Rng::state() const {
    std::ostringstream out;
    out.precision(17);
    out << engine_ << ' ' << has_spare_ << ' ' << std::hexfloat << spare_;
    return out.str();
}

void Rng::set_state(const std::string& text) {
    // Parsed into locals first: a malformed state leaves this Rng as it was.
    std::istringstream in(text);
    std::mt19937_64 engine;
    int has_spare = -1;
    std::string spare, extra;
    in >> engine >> has_spare >> spare;
    const bool complete = !in.fail() && !(in >> extra);
    char* end = nullptr;
    const double value = complete ? std::strtod(spare.c_str(), &end) : 0.0;  // hexfloat round-trips exactly
    NN_CHECK(complete && (has_spare == 0 || has_spare == 1) && end == spare.c_str() + spare.size(),
             "Rng::set_state: malformed state");
    engine_ = engine;
    has_spare_ = has_spare == 1;
    spare_ = value;
}

}  // namespace nn
