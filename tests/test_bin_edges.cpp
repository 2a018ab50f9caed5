// tests/test_bin_edges.cpp — the edge rules of the binning estimator, by hand: numpy's linspace, Chelombiev's
// EBAB edges (equal counts of distinct values), Lorenzen's equal-frequency edges, Schiemer's ranges, the
// activation tables, digitize with repeated edges and clipping; and the whole estimator against the peers' code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "estimators/bin_edges.hpp"
#include "estimators/estimator.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;
using estimators::BinEdges;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

struct Digitized {
    std::vector<std::int64_t> bins;
    std::size_t clipped = 0;
};

Digitized digitize(const std::vector<double>& values, const BinEdges& edges) {
    Digitized out;
    out.bins.resize(values.size());
    out.clipped = estimators::digitize(values.data(), values.size(), edges, out.bins.data());
    return out;
}

}  // namespace

TEST_CASE("bin edges: linspace in double equals numpy's", "[estimators]") {
    // numpy 1.24: np.linspace(0, 1, 11) holds 0.30000000000000004 and 0.6000000000000001 (i * 0.1, not i / 10).
    const std::vector<double> tenths = estimators::linspace(0.0, 1.0, 11);
    REQUIRE(tenths.size() == 11);
    CHECK(tenths[3] == 0.30000000000000004);
    CHECK(tenths[6] == 0.6000000000000001);
    CHECK(tenths[10] == 1.0);
    CHECK(estimators::linspace(-1.0, 1.0, 5) == std::vector<double>{-1.0, -0.5, 0.0, 0.5, 1.0});
    CHECK_THROWS_WITH(estimators::linspace(0.0, 1.0, 1), "linspace: needs at least 2 points, got 1");
    CHECK_THROWS_WITH(estimators::linspace_float32(0.0, 1e39, 3),
                      "linspace_float32: 0 and 1e+39 must lie within the float32 range");
}

TEST_CASE("bin edges: EBAB puts equal counts of distinct values, not of samples, in each bin", "[estimators]") {
    // Pooled tanh values, with duplicates: U = -1, -0.5, -0.2, 0, 0.3, 0.6, 0.9, 1 (8 distinct values).
    // 4 bins: |U| / 4 = 2, indices 0, 2, 4, 6, so edges [low, U0, U2, U4, U6, U7].
    const std::vector<double> values = {0.6, -0.5, 1.0,  -0.5, 0.0, -1.0, 0.6, -0.5, 0.3, -0.2,
                                        0.0, 0.9,  -0.5, 0.6,  1.0, 0.0,  -0.5, 0.6};
    const BinEdges edges = estimators::ebab_edges(values, -1.000001, 4);
    CHECK_FALSE(edges.uniform);
    CHECK(edges.values == std::vector<double>{-1.000001, -1.0, -0.2, 0.3, 0.9, 1.0});
    const Digitized d = digitize(values, edges);
    // Bin 0 [low, -1) stays empty, the saturated -1 is in U. Bins 1..3 hold two distinct values each but
    // 6, 4 and 5 samples; bin 4 holds 0.9 and bin 5 the maximum alone (IDNNs' digitize of v == last edge).
    CHECK(d.bins == std::vector<std::int64_t>{3, 1, 5, 1, 2, 1, 3, 1, 3, 2, 2, 4, 1, 3, 5, 2, 1, 3});
    CHECK(d.clipped == 0);
}

TEST_CASE("bin edges: EBAB with the ReLU low 0 keeps the zeros out of U, in the first bin", "[estimators]") {
    // U = 0.25, 0.5, 0.75, 1.5, 3 (the zeros excluded); 2 bins: |U| / 2 = 2.5, indices 0 and int(2.5) = 2.
    const std::vector<double> values = {0.0, 0.5, 0.0, 3.0, 0.25, 0.0, 0.75, 1.5, 0.5, 0.0};
    const BinEdges edges = estimators::ebab_edges(values, 0.0, 2);
    CHECK(edges.values == std::vector<double>{0.0, 0.25, 0.75, 3.0});
    CHECK(digitize(values, edges).bins == std::vector<std::int64_t>{0, 1, 0, 3, 1, 0, 2, 2, 1, 0});

    // All values at low (a dead ReLU layer): U is empty, the edges are [low] and everything is in bin 0.
    const BinEdges dead = estimators::ebab_edges({0.0, 0.0, 0.0}, 0.0, 30);
    CHECK(dead.values == std::vector<double>{0.0});
    CHECK(digitize({0.0, 0.0, 0.0}, dead).bins == std::vector<std::int64_t>{0, 0, 0});

    // Values below low are not in U (numpy would refuse the decreasing edges): clipped into bin 0.
    const BinEdges below = estimators::ebab_edges({-0.5, 0.2, 0.4}, 0.0, 2);
    CHECK(below.values == std::vector<double>{0.0, 0.2, 0.4, 0.4});
    const Digitized d = digitize({-0.5, 0.2, 0.4, 0.0}, below);
    CHECK(d.bins == std::vector<std::int64_t>{0, 1, 3, 0});
    CHECK(d.clipped == 1);
}

TEST_CASE("bin edges: EBAB indices are int(k * (|U| / bins)) as Python computes them", "[estimators]") {
    // 122 distinct values 1..122 in 14 bins: k = 7 gives 7 * (122 / 14) = 60.99999999999999 -> U[60] = 61,
    // where the exact 7 * 122 / 14 = 61 would pick U[61] = 62.
    std::vector<double> values;
    for (int v = 122; v >= 1; --v) values.push_back(double(v));
    const BinEdges edges = estimators::ebab_edges(values, 0.0, 14);
    REQUIRE(edges.values.size() == 16);
    CHECK(edges.values[1] == 1.0);      // U[0]
    CHECK(edges.values[2] == 9.0);      // k = 1: int(8.714...) = 8
    CHECK(edges.values[8] == 61.0);     // k = 7
    CHECK(edges.values[14] == 114.0);   // k = 13: int(113.28...) = 113
    CHECK(edges.values[15] == 122.0);   // U[-1]
}

TEST_CASE("bin edges: equal-frequency edges are midpoints between the sorted values", "[estimators]") {
    // 7 values in 3 bins: runs of 3, 2, 2 (the first 7 % 3 = 1 run one longer). Sorted 1 2 3 3 5 7 8: cuts
    // after 3 and 5 values, edges (3 + 3) / 2 = 3 and (5 + 7) / 2 = 6. The tie at 3 moves one 3 up a bin.
    const std::vector<double> values = {5, 1, 3, 3, 2, 8, 7};
    const BinEdges edges = estimators::quantile_edges(values, 3);
    CHECK_FALSE(edges.uniform);
    CHECK(edges.values == std::vector<double>{-inf, 3.0, 6.0, inf});
    CHECK(digitize(values, edges).bins == std::vector<std::int64_t>{1, 0, 1, 1, 0, 2, 2});

    CHECK(estimators::quantile_edges({4, 1, 3, 2, 6, 5}, 3).values == std::vector<double>{-inf, 2.5, 4.5, inf});
    CHECK(estimators::quantile_edges({-1e308, 1e308}, 2).values == std::vector<double>{-inf, 0.0, inf});
    CHECK_THROWS_WITH(estimators::quantile_edges({1, 2}, 3),
                      "quantile_edges: 2 values cannot fill 3 equal-frequency bins");
}

TEST_CASE("bin edges: Schiemer's linspace of bins + 1 edges with 1e-4 on the last", "[estimators]") {
    const BinEdges edges = estimators::schiemer_edges(-1.0, 1.0, 4);
    CHECK(edges.uniform);
    CHECK(edges.values == std::vector<double>{-1.0, -0.5, 0.0, 0.5, 1.0 + 1e-4});
    // 1 stays in the last of the 4 bins; only a value past 1.0001 gets the last edge's own bin.
    const Digitized d = digitize({-1.0, -0.5, 0.99, 1.0, 1.00005, 1.5, -1.5}, edges);
    CHECK(d.bins == std::vector<std::int64_t>{0, 1, 3, 3, 3, 4, 0});
    CHECK(d.clipped == 2);
    // A dead ReLU layer: [0, 0] still makes edges 0, ..., 0, 1e-4 and one bin for the zeros.
    const BinEdges dead = estimators::schiemer_edges(0.0, 0.0, 3);
    CHECK(dead.values == std::vector<double>{0.0, 0.0, 0.0, 1e-4});
    CHECK(digitize({0.0, 0.0}, dead).bins == std::vector<std::int64_t>{2, 2});
}

TEST_CASE("bin edges: Schiemer's ranges and Chelombiev's low by activation", "[estimators]") {
    const auto range = [](const std::string& activation) { return estimators::schiemer_range(activation); };
    CHECK(range("tanh")->lo == -1.0);
    CHECK(range("tanh")->hi == 1.0);
    for (const std::string bounded : {"sigmoid", "softmax"}) {
        CHECK(range(bounded)->lo == 0.0);
        CHECK(range(bounded)->hi == 1.0);
    }
    for (const std::string to_max : {"relu", "softplus", "linear"}) {
        CHECK(range(to_max)->lo == 0.0);
        CHECK_FALSE(range(to_max)->hi.has_value());
    }
    CHECK_FALSE(range("").has_value());
    CHECK_FALSE(range("elu").has_value());

    CHECK(estimators::chelombiev_low("tanh") == -1.000001);
    for (const std::string zero : {"relu", "softplus", "sigmoid", "softmax"})
        CHECK(estimators::chelombiev_low(zero) == 0.0);
    CHECK_FALSE(estimators::chelombiev_low("linear").has_value());
    CHECK_FALSE(estimators::chelombiev_low("").has_value());
}

TEST_CASE("bin edges: digitize follows numpy over repeated edges", "[estimators]") {
    // np.digitize(v, [0, 1, 1, 2]) - 1: a value on a repeated edge goes after all copies of it.
    for (const bool uniform : {false, true}) {
        const Digitized d = digitize({0.5, 1.0, 1.5, 2.0, 3.0, -1.0, 0.0}, BinEdges{{0.0, 1.0, 1.0, 2.0}, uniform});
        INFO("uniform " << uniform);
        CHECK(d.bins == std::vector<std::int64_t>{0, 2, 2, 3, 3, 0, 0});
        CHECK(d.clipped == 2);
    }
    // All edges equal (a running range whose maximum is its low): below is clipped, the rest in the last bin.
    const Digitized flat = digitize({-1.0, 0.0}, BinEdges{{0.0, 0.0, 0.0}, true});
    CHECK(flat.bins == std::vector<std::int64_t>{0, 2});
    CHECK(flat.clipped == 1);
    CHECK_THROWS_WITH(digitize({1.0}, BinEdges{}), "digitize: no edges");
}

TEST_CASE("bin edges: the guessed and the searched bin agree on float32 linspace edges", "[estimators]") {
    nn::Rng rng(11);
    const std::vector<double> grid = estimators::linspace_float32(-0.7, 2.3, 37);
    std::vector<double> values;
    for (int i = 0; i < 2000; ++i) values.push_back(3.4 * rng.uniform() - 0.9);
    values.insert(values.end(), grid.begin(), grid.end());  // every edge itself
    const Digitized guessed = digitize(values, BinEdges{grid, true});
    const Digitized searched = digitize(values, BinEdges{grid, false});
    CHECK(guessed.bins == searched.bins);
    CHECK(guessed.clipped == searched.clipped);
    CHECK(guessed.clipped > 0);
}

TEST_CASE("bin edges: the estimator agrees with the peers' numpy code on seeded layers", "[estimators]") {
    // Produced with numpy 1.24 (/usr/bin/python3):
    //   rng = np.random.default_rng(7)
    //   T = np.tanh(rng.normal(0.0, 1.0, size=(16, 3))).astype(np.float32)
    //   T[2, 1] = -1.0; T[9, 0] = 1.0; T[5, 2] = T[11, 0]
    //   R = np.maximum(0, rng.normal(0.2, 1.0, size=(16, 3))).astype(np.float32); y = rng.integers(0, 2, 16)
    // then the peers' functions verbatim: adaptive_estimators' set_up_bins (maxentropy, per_layer_bins; low
    // -1.000001 for tanh, 0 for relu) and its running linspace(low, max, n), both cast to float32 and digitized
    // as calc_information_sampling; ExactIBAnalysisInQNNs' adaptive_bins + np.digitize; Schiemer's calc_bins +
    // calc_act_probs (max = R.max(), one epoch). H(T) and I(T;Y) from np.unique over the rows, in bits.
    nn::Matrix tanh_layer(16, 3), relu_layer(16, 3);
    tanh_layer.data = {
        0.001230152789503336, 0.29016420245170593, -0.2674708962440491, -0.7116859555244446,
        -0.42573082447052, -0.758063554763794, 0.0600711889564991, -1.0, -0.45596596598625183,
        -0.5514585971832275, 0.45409107208251953, 0.34246909618377686, 0.105025514960289,
        -0.7308120131492615, -0.029243482276797295, 0.6013780832290649, -0.8726808428764343,
        -0.6689483523368835, -0.9563420414924622, -0.8590054512023926, -0.9509614109992981,
        -0.23085379600524902, -0.8531040549278259, 0.26480093598365784, 0.15547974407672882,
        -0.18478363752365112, -0.9870526790618896, 1.0, -0.04846294969320297, 0.11282654106616974,
        -0.9104478359222412, -0.444442480802536, -0.7524241209030151, -0.6689483523368835,
        0.7860075235366821, -0.668228030204773, -0.032510243356227875, 0.7086117267608643,
        -0.5252773761749268, -0.11123967915773392, 0.11001701653003693, 0.06369542330503464,
        -0.8411392569541931, 0.07599343359470367, 0.8761199116706848, -0.9133131504058838,
        0.6959394812583923, 0.11879048496484756};
    relu_layer.data = {
        0.0, 2.2004165649414062, 0.9622597098350525, 0.0, 0.274516224861145, 0.7766895890235901,
        0.011217874474823475, 0.8829102516174316, 0.1334826797246933, 0.8672475814819336,
        1.6385226249694824, 0.0, 0.4031386077404022, 0.0, 0.32726842164993286, 0.0, 0.0,
        0.0038040271028876305, 1.0987638235092163, 1.345221996307373, 0.0, 0.0, 0.8469034433364868, 0.0,
        0.0, 0.10271307080984116, 1.4570149183273315, 0.8894038796424866, 0.0, 0.0, 0.0, 1.7235294580459595,
        0.0, 0.0, 0.5525890588760376, 0.07922955602407455, 0.0027157720178365707, 0.0, 0.1884785294532776,
        0.0, 1.3661277294158936, 0.8530884981155396, 0.17585638165473938, 0.8683810234069824, 0.0,
        1.2521263360977173, 0.1946004331111908, 0.7833823561668396};
    const std::vector<int> y = {1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1};

    struct Expected {
        const char* spec;
        const char* activation;
        double h_t_bits, i_ty_bits;
    };
    const Expected expected[] = {
        {"binning:mode=adaptive,bins=2", "tanh", 2.9834585933443494, 0.3584585933443494},
        {"binning:mode=quantile,bins=2", "tanh", 2.8584585933443494, 0.3584585933443494},
        {"binning:range=activation,bins=3", "tanh", 3.452819531114783, 0.8278195311147831},
        {"binning:mode=adaptive,bins=2", "relu", 3.5, 0.875},
        {"binning:range=running,bins=3", "relu", 1.7169171866886992, 0.19251971634099996},
        {"binning:range=activation,bins=2", "relu", 1.4913146570363986, 0.13909765557391607},
        {"binning:mode=quantile,bins=3", "relu", 2.524397470347699, 0.5715779392329159},
    };
    for (const Expected& e : expected) {
        INFO(e.spec << " on " << e.activation);
        const nn::Matrix& t = std::string(e.activation) == "tanh" ? tanh_layer : relu_layer;
        const auto estimate =
            estimators::make_estimator(e.spec)->estimate({.t = &t, .y = &y, .activation = e.activation});
        CHECK_THAT(estimate.i_xt_bits, WithinAbs(e.h_t_bits, 1e-12));
        CHECK_THAT(*estimate.i_ty_bits, WithinAbs(e.i_ty_bits, 1e-12));
    }
}

TEST_CASE("bin edges: equal-frequency and EBAB edges follow the sorted order of any doubles", "[estimators]") {
    // Negative and positive values, +0 and -0, doubles that are not floats, repeats: the edges match a
    // reference built on std::sort.
    nn::Rng rng(5);
    std::vector<double> values = {0.0, -0.0, 0.0, -1e-300, 1e-300, -7.5, 7.5, 1e10, -1e10};
    for (int i = 0; i < 3000; ++i) values.push_back(i % 7 == 0 ? double(int(rng.uniform_int(5)) - 2) : rng.normal());
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());

    const std::size_t bins = 13;
    std::vector<double> expected = {-inf};
    for (std::size_t i = 1, cut = 0; i < bins; ++i) {
        cut += values.size() / bins + (i - 1 < values.size() % bins ? 1 : 0);
        expected.push_back((sorted[cut - 1] + sorted[cut]) / 2);
    }
    expected.push_back(inf);
    CHECK(estimators::quantile_edges(values, bins).values == expected);

    std::vector<double> distinct;
    for (double v : sorted)
        if (v > -1.5 && (distinct.empty() || v != distinct.back())) distinct.push_back(v);
    const std::vector<double> ebab = estimators::ebab_edges(values, -1.5, bins).values;
    REQUIRE(ebab.size() == bins + 2);
    for (std::size_t k = 0; k < bins; ++k)
        CHECK(ebab[k + 1] == distinct[std::size_t(double(k) * (double(distinct.size()) / double(bins)))]);
    CHECK(ebab.back() == 1e10);
}
