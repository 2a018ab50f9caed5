// nn/rng.hpp — the one source of randomness. std::mt19937_64's output sequence is fixed by the C++
// standard; the standard *distributions* are not (libstdc++ and libc++ differ), so the distributions
// are written here. Every function that draws takes an Rng&: no globals, no time seeds.
#pragma once
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace nn {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }       // 64 raw bits
    double uniform();                                  // [0, 1), 53 random bits
    double uniform(double lo, double hi);              // [lo, hi)
    std::size_t uniform_int(std::size_t n);            // {0, ..., n-1}, unbiased
    double normal();                                   // N(0, 1), Marsaglia's polar method
    double truncated_normal(double limit);             // N(0, 1) conditioned on |z| <= limit
    void shuffle(std::vector<std::size_t>& items);     // Fisher-Yates
    std::vector<std::size_t> permutation(std::size_t n);

    // The whole state as text (the engine's, and a pending spare normal), and back (for checkpoints).
    // set_state throws std::invalid_argument on text that state() did not write, changing nothing.
    std::string state() const;
    void set_state(const std::string& text);

private:
    std::mt19937_64 engine_;
    bool has_spare_ = false;  // the polar method makes normals in pairs
    double spare_ = 0.0;
};

}  // namespace nn
