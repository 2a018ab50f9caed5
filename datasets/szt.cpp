// datasets/szt.cpp — generates SZT from its rule. The rule and the vertex order are those recovered and
// verified against var_u.mat in /work/shared/data/szt/README.md (section "Symmetry and generating rule").
#include "datasets/szt.hpp"

#include <array>
#include <bit>
#include <cmath>

namespace datasets {

namespace {

constexpr int kBits = 12;
constexpr int kPatterns = 1 << kBits;

// Bit k <-> icosahedron vertex k, in the README's order, before scaling to unit length
// (phi = golden ratio; every vertex has norm sqrt(1 + phi^2)).
std::array<std::array<double, 3>, kBits> unit_vertices() {
    const double phi = (1.0 + std::sqrt(5.0)) / 2.0;
    std::array<std::array<double, 3>, kBits> v = {{
        {0, 1, phi},  {1, phi, 0},   {0, 1, -phi},  {-1, phi, 0},  {phi, 0, -1},  {0, -1, phi},
        {1, -phi, 0}, {-1, -phi, 0}, {-phi, 0, -1}, {0, -1, -phi}, {-phi, 0, 1},  {phi, 0, 1},
    }};
    const double norm = std::sqrt(1.0 + phi * phi);
    for (auto& vertex : v)
        for (double& c : vertex) c /= norm;
    return v;
}

}  // namespace

Dataset make_szt() {
    const auto vertices = unit_vertices();
    Dataset data;
    data.name = "szt";
    data.num_classes = 2;
    data.x = nn::Tensor(nn::Shape{std::size_t(kPatterns), std::size_t(kBits)});
    data.y.resize(kPatterns);
    data.input_id.resize(kPatterns);
    for (int i = 0; i < kPatterns; ++i) {
        // x_k = (i >> (11 - k)) & 1, MSB first, as the rows of var_u.mat's F.
        std::array<double, 3> s = {0.0, 0.0, 0.0};  // S = sum_k x_k v_k
        for (int k = 0; k < kBits; ++k) {
            const int bit = (i >> (kBits - 1 - k)) & 1;
            data.x.at(std::size_t(i), std::size_t(k)) = float(bit);
            for (int c = 0; c < 3; ++c) s[std::size_t(c)] += bit * vertices[std::size_t(k)][std::size_t(c)];
        }
        // y = 1 iff w + |S| > 7.63 with w the popcount: an O(3)-invariant threshold that reproduces all
        // 4096 labels exactly (largest negative 7.5628, smallest positive 7.7013, README).
        const double w = std::popcount(unsigned(i));
        const double norm_s = std::sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
        data.y[std::size_t(i)] = w + norm_s > 7.63 ? 1 : 0;
        data.input_id[std::size_t(i)] = i;
    }
    return data;
}

}  // namespace datasets
