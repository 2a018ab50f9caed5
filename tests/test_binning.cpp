// tests/test_binning.cpp — the binning estimator: IDNNs' float32 edges and digitize, ibsgd's floor bins,
// exact information values by hand and from numpy, diagnostics, and every error path.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "estimate_by_spec.hpp"
#include "estimators/binning.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;
using estimators::BinningEstimator;
using estimators::BinningOptions;
using estimators::Observations;

namespace {

BinningOptions size_mode(double size) {
    BinningOptions options;
    options.size = size;
    return options;
}

std::vector<std::int64_t> bins_of(const std::vector<double>& values, const BinningOptions& options) {
    return estimators::bin_activations(nn::Matrix::from_values(1, values.size(), values), options).codes.data;
}

}  // namespace

TEST_CASE("binning: float32 edges equal numpy's linspace(lo, hi, n, dtype=float32)", "[estimators]") {
    // Values printed by numpy 1.24: [repr(float(v)) for v in np.linspace(-0.3, 2.7, 7, dtype=np.float32)]
    CHECK(estimators::linspace_float32(-0.3, 2.7, 7) ==
          std::vector<double>{-0.30000001192092896, 0.20000000298023224, 0.699999988079071, 1.2000000476837158,
                              1.7000000476837158, 2.200000047683716, 2.700000047683716});
    CHECK(estimators::linspace_float32(0.1, 0.7, 4) ==
          std::vector<double>{0.10000000149011612, 0.30000001192092896, 0.5, 0.699999988079071});
    const std::vector<double> edges = estimators::linspace_float32(-1.0, 1.0, 30);
    REQUIRE(edges.size() == 30);
    CHECK(edges[0] == -1.0);
    CHECK(edges[5] == -0.6551724076271057);  // the double -1 + 5 * 2/29 is -0.6551724137931034
    CHECK(edges[28] == 0.931034505367279);
    CHECK(edges[29] == 1.0);
}

TEST_CASE("binning: IDNNs digitize with exact edge hits, v == hi and clipping", "[estimators]") {
    const BinningOptions idnns;  // edges=30, lo=-1, hi=1
    const std::vector<double> values = {
        -1.0,                 // the first edge: bin 0
        1.0,                  // v == hi: its own last bin 29 (numpy digitize returns 30), not clipped
        1.5,                  // above hi: clamped into bin 29, clipped
        -1.5,                 // below lo: clamped into bin 0, clipped (IDNNs would wrap it to bin 29)
        0.0,                  // inside [edge 14, edge 15)
        -0.0,
        0.03448275849223137,  // exactly the float32 edge 15
        0.9999999,            // just below hi
    };
    const auto binned = estimators::bin_activations(nn::Matrix::from_values(1, values.size(), values), idnns);
    CHECK(binned.codes.data == std::vector<std::int64_t>{0, 29, 29, 0, 14, 14, 15, 28});
    CHECK(binned.clipped == 2);
}

TEST_CASE("binning: values are compared with the float32-rounded edges", "[estimators]") {
    // Edge 5 of linspace(-1, 1, 30) is -0.6551724137931034 in double but -0.6551724076271057 as float32.
    // A value between the two lies below the float32 edge: numpy's digitize against the float32 edges
    // (IDNNs) gives bin 4, where double edges would give bin 5. Same at edge 28 (0.93103448275862...).
    const std::vector<double> values = {
        -0.6551724137931034,              // double edge 5
        -0.6551724076271057,              // float32 edge 5
        double(std::nextafter(-0.6551724076271057f, -1.0f)),  // the float just below it
        0.9310344827586206,               // double edge 28, below float32 edge 28
        0.931034505367279,                // float32 edge 28
    };
    CHECK(bins_of(values, BinningOptions{}) == std::vector<std::int64_t>{4, 5, 4, 27, 28});
}

TEST_CASE("binning: a custom range keeps its own edges", "[estimators]") {
    BinningOptions options;
    options.edges = 3;
    options.lo = 0.0;
    options.hi = 2.0;  // edges 0, 1, 2: bins [0,1), [1,2) and {2}
    CHECK(bins_of({0.0, 0.5, 1.0, 1.999, 2.0, 7.0, -0.001}, options) ==
          std::vector<std::int64_t>{0, 0, 1, 1, 2, 2, 0});
}

TEST_CASE("binning: size mode floors (not truncates) negative values", "[estimators]") {
    CHECK(bins_of({-0.25, -0.5, -0.75, -1e-9, 0.0, 0.25, 0.5, 0.75, 3.0, 100.0}, size_mode(0.5)) ==
          std::vector<std::int64_t>{-1, -1, -2, -1, 0, 0, 1, 1, 6, 200});
    // ReLU-sized values are never clipped.
    const auto binned = estimators::bin_activations(nn::Matrix::from_values(1, 3, {0.0, 50.0, 1e6}), size_mode(0.07));
    CHECK(binned.clipped == 0);
    CHECK(binned.codes.data == std::vector<std::int64_t>{0, 714, 14285714});
}

TEST_CASE("binning: T a copy of the labels gives I(T:Y) = H(Y) = I(X:T)", "[estimators]") {
    // Labels 0, 0, 0, 0, 1, 1, 2, 2: H(Y) = 1.5 bits. Edges 0, 1, 2 put each label in its own bin.
    const std::vector<int> y = {0, 1, 0, 2, 0, 1, 2, 0};
    nn::Matrix t(8, 1);
    for (std::size_t r = 0; r < 8; ++r) t.at(r, 0) = double(y[r]);
    for (const std::string spec : {"binning:edges=3,lo=0,hi=2", "binning:size=1"}) {
        const auto estimate = estimate_by_spec(spec, t, &y);
        INFO(spec);
        CHECK_THAT(estimate.i_xt_bits, WithinAbs(1.5, 1e-15));
        REQUIRE(estimate.i_ty_bits.has_value());
        CHECK_THAT(*estimate.i_ty_bits, WithinAbs(1.5, 1e-15));
        CHECK(estimate.diagnostics == std::vector<double>{0.0});
    }
}

TEST_CASE("binning: a constant layer carries no information", "[estimators]") {
    const std::vector<int> y = {0, 1, 1, 0, 1, 0};
    const std::vector<int> x_ids = {0, 1, 2, 0, 1, 2};
    const nn::Matrix t(6, 3, 0.25);
    for (const std::string spec : {"binning", "binning:size=0.07"}) {
        const auto estimate = estimate_by_spec(spec, t, &y, &x_ids);
        CHECK(estimate.i_xt_bits == 0.0);
        CHECK(*estimate.i_ty_bits == 0.0);
    }
}

TEST_CASE("binning: without labels I(T:Y) is not estimated", "[estimators]") {
    const auto estimate = estimate_by_spec("binning", nn::Matrix::from_values(2, 1, {0.1, 0.9}));
    CHECK_FALSE(estimate.i_ty_bits.has_value());
    CHECK(estimate.i_xt_bits == 1.0);
}

TEST_CASE("binning: I(X:T) with repeated inputs by hand", "[estimators]") {
    // Input 7 is seen four times and its T falls in two bins (2 + 2); input -3 four times, one bin.
    // H(T) = H(2/8, 2/8, 4/8) = 1.5; H(T|X) = 1/2 * 1 + 1/2 * 0 = 0.5; I(X;T) = 1.
    const std::vector<int> x_ids = {7, 7, 7, 7, -3, -3, -3, -3};
    const nn::Matrix t = nn::Matrix::from_values(8, 2, {0.1, 0.1,  0.1, 0.1,  0.5, 0.1,  0.5, 0.1,
                                       -0.9, 0.9, -0.9, 0.9, -0.9, 0.9, -0.9, 0.9});
    const auto estimate = estimate_by_spec("binning", t, nullptr, &x_ids);
    CHECK_THAT(estimate.i_xt_bits, WithinAbs(1.0, 1e-15));
    // Without ids every row counts as a distinct input: I(X;T) = H(T).
    CHECK_THAT(estimate_by_spec("binning", t).i_xt_bits, WithinAbs(1.5, 1e-15));
}

TEST_CASE("binning: invariant under a permutation of the rows", "[estimators]") {
    nn::Rng rng(3);
    const std::size_t n = 300, d = 3;
    nn::Matrix t(n, d);
    for (double& v : t.data) v = std::tanh(1.5 * rng.normal());
    std::vector<int> y(n), x_ids(n);
    for (std::size_t r = 0; r < n; ++r) {
        y[r] = int(rng.uniform_int(3));
        x_ids[r] = int(r % 100);
    }
    const std::vector<std::size_t> order = rng.permutation(n);
    nn::Matrix t2(n, d);
    std::vector<int> y2(n), x_ids2(n);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < d; ++c) t2.at(r, c) = t.at(order[r], c);
        y2[r] = y[order[r]];
        x_ids2[r] = x_ids[order[r]];
    }
    for (const std::string spec : {"binning:edges=8", "binning:size=0.3"}) {
        const auto a = estimate_by_spec(spec, t, &y, &x_ids);
        const auto b = estimate_by_spec(spec, t2, &y2, &x_ids2);
        INFO(spec);
        CHECK(a.i_xt_bits > 0.5);
        CHECK_THAT(b.i_xt_bits, WithinAbs(a.i_xt_bits, 1e-12));
        CHECK_THAT(*b.i_ty_bits, WithinAbs(*a.i_ty_bits, 1e-12));
    }
}

TEST_CASE("binning: clipped_fraction counts values below lo or above hi", "[estimators]") {
    // 2 of 8 values outside [-1, 1]; 1.0 and -1.0 themselves are inside.
    const nn::Matrix t = nn::Matrix::from_values(4, 2, {-1.0, 1.0, 1.01, 0.0, -3.0, 0.5, 0.2, 0.3});
    const auto estimator = estimators::make_estimator("binning");
    CHECK(estimator->diagnostic_names() == std::vector<std::string>{"clipped_fraction"});
    Observations observations;
    observations.t = &t;
    CHECK(estimator->estimate(observations).diagnostics == std::vector<double>{0.25});
    CHECK(estimate_by_spec("binning:size=0.5", t).diagnostics == std::vector<double>{0.0});
}

TEST_CASE("binning: agrees with IDNNs' and ibsgd's numpy code on a seeded matrix", "[estimators]") {
    // Produced with numpy 1.24 (/usr/bin/python3):
    //   rng = np.random.default_rng(2024)
    //   T = np.tanh(rng.normal(0.0, 1.2, size=(24, 3))).astype(np.float32)
    //   T[3, 1] = 1.0; T[7, 0] = 1.0; T[10, 2] = -1.0
    //   y = rng.integers(0, 3, 24); x_ids = np.arange(24) // 2 % 9
    // then IDNNs' path: bins = np.linspace(-1, 1, n).astype(np.float32),
    // d = bins[np.digitize(T.ravel(), bins) - 1].reshape(24, -1), p(t) from np.unique over a void view of
    // the rows, H = -sum p log2 p, H(T|X) and H(T|Y) summed over the unique x / y (calc_information_from_mat);
    // and ibsgd's path d = np.floor(T / size).astype(int) with the same entropies.
    const nn::Matrix t = nn::Matrix::from_values(24, 3, {
        0.8439165949821472, 0.9618683457374573, 0.8800666928291321, -0.8235706090927124, -0.9317312836647034,
        0.08046131581068039, 0.7753565907478333, 0.5448476076126099, 0.9743812680244446, 0.7167903780937195,
        1.0, -0.705208420753479, -0.869068443775177, 0.9448333978652954, 0.058627571910619736,
        0.7503799796104431, -0.9290915727615356, -0.4805082380771637, -0.9136715531349182, -0.7309733629226685,
        0.7945582270622253, 1.0, -0.5655198097229004, 0.19405390322208405, -0.6652450561523438,
        -0.2938251197338104, -0.26011696457862854, 0.4635051190853119, -0.4757724106311798, 0.31556400656700134,
        0.06807757169008255, 0.46954235434532166, -1.0, 0.9632580876350403, -0.6620256900787354,
        0.8935012221336365, -0.44875073432922363, -0.8175921440124512, 0.8963696956634521, -0.4833965599536896,
        -0.4342828691005707, -0.9310768246650696, -0.9870803356170654, 0.6417604088783264, -0.8849878907203674,
        0.7324197888374329, 0.9765815734863281, -0.13689269125461578, -0.8745099902153015, 0.4406515061855316,
        0.7230820059776306, -0.30420637130737305, 0.020954322069883347, 0.9220177531242371, 0.9084433317184448,
        0.6920992732048035, -0.7777621150016785, -0.06432175636291504, 0.6190730929374695, -0.24889926612377167,
        -0.6243005394935608, -0.7251711487770081, -0.6401398181915283, -0.6673365831375122, -0.49399682879447937,
        0.8797844052314758, -0.7446203231811523, 0.7872974276542664, 0.46298307180404663, 0.16614502668380737,
        -0.7585886120796204, -0.4990445673465729});
    const std::vector<int> y = {0, 2, 1, 0, 0, 2, 1, 1, 2, 1, 2, 0, 2, 2, 1, 1, 0, 1, 2, 1, 0, 0, 0, 1};
    const std::vector<int> x_ids = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 0, 0, 1, 1, 2, 2};

    struct Expected {
        const char* spec;
        double h_t_bits, i_xt_bits, i_ty_bits;  // H(T) = I(X;T) without ids, I(X;T) with ids, I(T;Y)
    };
    const Expected expected[] = {
        {"binning:edges=30", 4.5849625007211561, 3.0849625007211565, 1.5774287729134877},
        {"binning:edges=5", 4.4182958340544891, 3.001629167387823, 1.4940954395801542},
        {"binning:size=0.25", 4.5849625007211561, 3.0849625007211565, 1.5774287729134877},
        {"binning:size=0.5", 4.4182958340544891, 3.001629167387823, 1.4940954395801542},
        {"binning:size=0.75", 4.41829583405449, 2.9182958340544904, 1.4107621062468216},
    };
    for (const Expected& e : expected) {
        INFO(e.spec);
        const auto without_ids = estimate_by_spec(e.spec, t, &y);
        CHECK_THAT(without_ids.i_xt_bits, WithinAbs(e.h_t_bits, 1e-12));
        CHECK_THAT(*without_ids.i_ty_bits, WithinAbs(e.i_ty_bits, 1e-12));
        CHECK_THAT(estimate_by_spec(e.spec, t, &y, &x_ids).i_xt_bits, WithinAbs(e.i_xt_bits, 1e-12));
    }
}

TEST_CASE("binning: resolved specs", "[estimators]") {
    CHECK(estimators::make_estimator("binning")->spec() == "binning:edges=30,lo=-1,hi=1");
    CHECK(estimators::make_estimator("binning:hi=2.5,edges=12,lo=-0.5")->spec() == "binning:edges=12,lo=-0.5,hi=2.5");
    CHECK(estimators::make_estimator("binning:lo=-1e0")->spec() == "binning:edges=30,lo=-1,hi=1");
    CHECK(estimators::make_estimator("binning:size=0.07")->spec() == "binning:size=0.07");
    CHECK(estimators::make_estimator("binning:size=7e-2")->spec() == "binning:size=0.07");
    const std::string resolved = estimators::make_estimator("binning:lo=-0.1,hi=0.3")->spec();
    CHECK(estimators::make_estimator(resolved)->spec() == resolved);
    CHECK(BinningEstimator(size_mode(0.5)).spec() == "binning:size=0.5");
}

TEST_CASE("binning: spec errors", "[estimators]") {
    const auto message = [](const std::string& spec, const std::string& problem) {
        return "estimator spec '" + spec + "': " + problem;
    };
    const auto check = [&](const std::string& spec, const std::string& problem) {
        INFO(spec);
        CHECK_THROWS_WITH(estimators::make_estimator(spec), message(spec, problem));
        CHECK_THROWS_AS(estimators::make_estimator(spec), std::invalid_argument);
    };
    check("binning:edges=x", "edges must be an integer, got 'x'");
    check("binning:edges=1", "edges must be >= 2, got '1'");
    check("binning:edges=2000000", "binning needs 2 <= edges <= 1000000, got 2000000");
    check("binning:size=0", "size must be positive, got '0'");
    check("binning:size=-0.5", "size must be positive, got '-0.5'");
    check("binning:size=abc", "size must be a number, got 'abc'");
    check("binning:lo=nan", "lo must be finite, got 'nan'");
    check("binning:hi=inf", "hi must be finite, got 'inf'");
    check("binning:lo=1,hi=-1", "binning needs lo < hi, got lo=1, hi=-1");
    check("binning:lo=1", "binning needs lo < hi, got lo=1, hi=1");
    check("binning:lo=-1e39", "binning needs lo and hi within the float32 range, got lo=-1e+39, hi=1");
    check("binning:lo=1,hi=1.00000001", "binning: edges=30 on [1, 1.00000001] makes float32 edges that coincide");
    check("binning:size=0.07,edges=30",
          "size (floor(t / size) bins) cannot be combined with edges, lo or hi (a fixed range)");
    check("binning:size=0.07,hi=2",
          "size (floor(t / size) bins) cannot be combined with edges, lo or hi (a fixed range)");
    check("binning:edge=30", "unknown key 'edge'; binning accepts edges, lo, hi, size");
    check("binning:edge=30,lo=3", "unknown key 'edge'; binning accepts edges, lo, hi, size");  // before lo >= hi
}

TEST_CASE("binning: options checked without a spec", "[estimators]") {
    BinningOptions options;
    options.edges = 1;
    CHECK_THROWS_WITH(BinningEstimator(options), "binning needs 2 <= edges <= 1000000, got 1");
    CHECK_THROWS_WITH(BinningEstimator(size_mode(-1.0)), "binning needs size > 0, got -1");
    CHECK_THROWS_WITH(BinningEstimator(size_mode(std::nan(""))), "binning needs size > 0, got nan");
    options.edges = 30;
    options.lo = 2.0;
    CHECK_THROWS_WITH(estimators::bin_activations(nn::Matrix(1, 1), options), "binning needs lo < hi, got lo=2, hi=1");
    CHECK_THROWS_WITH(estimators::linspace_float32(0.0, 1.0, 1), "linspace_float32: needs at least 2 points, got 1");
}

TEST_CASE("binning: bad observations", "[estimators]") {
    const auto estimator = estimators::make_estimator("binning");
    Observations observations;
    CHECK_THROWS_WITH(estimator->estimate(observations), "binning: no activations given");

    const nn::Matrix empty(0, 3);
    observations.t = &empty;
    CHECK_THROWS_WITH(estimator->estimate(observations), "binning: the activations have no rows");

    nn::Matrix t = nn::Matrix::from_values(3, 2, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
    observations.t = &t;
    const std::vector<int> two = {0, 1};
    observations.y = &two;
    CHECK_THROWS_WITH(estimator->estimate(observations), "binning: 2 labels for 3 rows of T");
    observations.y = nullptr;
    observations.x_ids = &two;
    CHECK_THROWS_WITH(estimator->estimate(observations), "binning: 2 input ids for 3 rows of T");
    observations.x_ids = nullptr;

    t.at(2, 1) = std::nan("");
    CHECK_THROWS_WITH(estimator->estimate(observations), "binning: activation at row 2, column 1 is nan");
    t.at(2, 1) = -HUGE_VAL;
    CHECK_THROWS_WITH(estimators::make_estimator("binning:size=0.1")->estimate(observations),
                      "binning: activation at row 2, column 1 is -inf");
    t.at(2, 1) = 1e300;
    CHECK_THROWS_WITH(estimators::make_estimator("binning:size=1e-10")->estimate(observations),
                      "binning: activation 1e+300 at row 2, column 1 is beyond 2^53 bins of size 1e-10");
    t.data.resize(5);
    CHECK_THROWS_WITH(estimator->estimate(observations), "binning: activations hold 5 values, not 3 x 2");
}

TEST_CASE("binning: I(T:X') from a continuous second variable, as for an autoencoder's output", "[estimators]") {
    // Four rows in three bins: H(T) = 1.5 bits. X' = T gives I(T:X') = H(T); a constant X' gives 0; an
    // X' that only separates the first two rows from the last two gives H(X') = 1 bit.
    const nn::Matrix t = nn::Matrix::from_values(4, 1, {-0.9, -0.1, 0.5, 0.51});
    const nn::Matrix halves = nn::Matrix::from_values(4, 1, {-0.5, -0.5, 0.5, 0.5});
    const nn::Matrix constant = nn::Matrix::from_values(4, 2, {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3});
    BinningEstimator binning(BinningOptions{});
    REQUIRE_THAT(*binning.estimate({.t = &t, .y_matrix = &t}).i_ty_bits, WithinAbs(1.5, 1e-12));
    REQUIRE_THAT(*binning.estimate({.t = &t, .y_matrix = &constant}).i_ty_bits, WithinAbs(0.0, 1e-12));
    REQUIRE_THAT(*binning.estimate({.t = &t, .y_matrix = &halves}).i_ty_bits, WithinAbs(1.0, 1e-12));

    const std::vector<int> y = {0, 0, 1, 1};
    REQUIRE_THROWS_WITH(binning.estimate({.t = &t, .y = &y, .y_matrix = &t}),
                        Catch::Contains("labels or a second variable, not both"));
    const nn::Matrix short_target = nn::Matrix::from_values(3, 1, {0.1, 0.2, 0.3});
    REQUIRE_THROWS_WITH(binning.estimate({.t = &t, .y_matrix = &short_target}),
                        Catch::Contains("3 rows of the second variable for 4 rows of T"));
}

// The edge rules chosen per call: mode=adaptive|quantile, range=activation|running (estimators/bin_edges.hpp
// has the edges themselves by hand).

namespace {

Observations layer(const nn::Matrix& t, const std::string& activation, const std::vector<int>* y = nullptr) {
    return {.t = &t, .y = y, .activation = activation};
}

BinningOptions rule(estimators::EdgeRule edge_rule, std::size_t bins = 30) {
    BinningOptions options;
    options.rule = edge_rule;
    options.bins = bins;
    return options;
}

}  // namespace

TEST_CASE("binning modes: resolved specs spell out bins and lo", "[estimators]") {
    const std::pair<const char*, const char*> cases[] = {
        {"binning:mode=adaptive", "binning:mode=adaptive,bins=30,lo=activation"},
        {"binning:mode=adaptive,lo=activation", "binning:mode=adaptive,bins=30,lo=activation"},
        {"binning:lo=-1,bins=12,mode=adaptive", "binning:mode=adaptive,bins=12,lo=-1"},
        {"binning:mode=quantile", "binning:mode=quantile,bins=30"},
        {"binning:range=activation,bins=2", "binning:range=activation,bins=2"},
        {"binning:range=running", "binning:range=running,bins=30,lo=activation"},
        {"binning:bins=8,range=running,lo=0", "binning:range=running,bins=8,lo=0"},
    };
    for (const auto& [spec, resolved] : cases) {
        INFO(spec);
        CHECK(estimators::make_estimator(spec)->spec() == resolved);
        CHECK(estimators::make_estimator(resolved)->spec() == resolved);
    }
}

TEST_CASE("binning modes: spec errors", "[estimators]") {
    const auto check = [](const std::string& spec, const std::string& problem) {
        INFO(spec);
        CHECK_THROWS_WITH(estimators::make_estimator(spec), "estimator spec '" + spec + "': " + problem);
        CHECK_THROWS_AS(estimators::make_estimator(spec), std::invalid_argument);
    };
    check("binning:mode=nope", "mode must be one of adaptive, quantile; got 'nope'");
    check("binning:range=nope", "range must be one of activation, running; got 'nope'");
    check("binning:mode=adaptive,bins=1", "bins must be >= 2, got '1'");
    check("binning:mode=quantile,bins=x", "bins must be an integer, got 'x'");
    check("binning:range=running,bins=2000000", "binning needs 2 <= bins <= 1000000, got 2000000");
    check("binning:mode=adaptive,range=running",
          "mode=adaptive and range=running cannot be combined: mode sets the edges from the values, range the "
          "interval of equal-width bins");
    check("binning:bins=30", "'bins' counts the bins of mode=adaptive|quantile or range=activation|running; fixed "
                             "edges on [lo, hi] are counted by 'edges'");
    check("binning:mode=adaptive,size=0.07", "size (floor(t / size) bins) cannot be combined with mode=adaptive");
    check("binning:size=0.07,range=activation", "size (floor(t / size) bins) cannot be combined with range=activation");
    check("binning:range=running,edges=30",
          "'edges' counts fixed edges on [lo, hi]; range=running counts its bins with 'bins'");
    check("binning:range=activation,lo=-1",
          "range=activation takes neither lo nor hi: they follow the layer's activation");
    check("binning:range=activation,hi=1",
          "range=activation takes neither lo nor hi: they follow the layer's activation");
    check("binning:range=running,hi=5", "range=running takes lo but not hi: hi is the running maximum");
    check("binning:mode=adaptive,hi=1",
          "mode=adaptive takes lo (its first edge) but not hi: the last edge is the largest value");
    check("binning:mode=quantile,lo=0", "mode=quantile takes neither lo nor hi: its edges are quantiles of the values");
    check("binning:mode=quantile,lo=activation",
          "mode=quantile takes neither lo nor hi: its edges are quantiles of the values");
    check("binning:mode=adaptive,lo=abc", "lo must be a number, got 'abc'");
    check("binning:range=running,lo=1e39", "binning needs lo within the float32 range, got lo=1e+39");
    check("binning:mode=adaptive,bin=3", "unknown key 'bin'; binning accepts mode, range, bins, lo, hi, edges, size");
}

TEST_CASE("binning modes: options checked without a spec", "[estimators]") {
    BinningOptions adaptive = rule(estimators::EdgeRule::adaptive, 1);
    CHECK_THROWS_WITH(BinningEstimator(adaptive), "binning needs 2 <= bins <= 1000000, got 1");
    adaptive.bins = 30;
    adaptive.size = 0.1;
    CHECK_THROWS_WITH(BinningEstimator(adaptive),
                      "binning:mode=adaptive,bins=30,lo=activation cannot be combined with size "
                      "(floor(t / size) bins)");
    adaptive.size.reset();
    adaptive.low = std::nan("");
    CHECK_THROWS_WITH(BinningEstimator(adaptive), "binning needs a finite lo, got nan");
    BinningOptions quantile = rule(estimators::EdgeRule::quantile);
    quantile.low = 0.0;
    CHECK_THROWS_WITH(BinningEstimator(quantile), "binning:mode=quantile,bins=30 takes no lo");
}

TEST_CASE("binning modes: EBAB pools the neurons of a tanh layer below the low -1.000001", "[estimators]") {
    // Pooled distinct values -1, 0.2, 0.5, 0.9 in 2 bins: edges [-1.000001, -1, 0.5, 0.9]. Per neuron, column 0
    // alone (-1, 0.2, 0.5) would make other edges.
    const nn::Matrix t = nn::Matrix::from_values(3, 2, {-1.0, 0.2, 0.2, 0.9, 0.5, 0.2});
    const auto binned = estimators::bin_activations(t, rule(estimators::EdgeRule::adaptive, 2), "tanh");
    CHECK(binned.codes.data == std::vector<std::int64_t>{1, 1, 1, 3, 2, 1});
    CHECK(binned.clipped == 0);
}

TEST_CASE("binning modes: T a copy of the labels gives I(T:Y) = H(Y) in every mode", "[estimators]") {
    // 36 rows, labels 0, 1, 2 twelve times each: H(Y) = log2 3. Every rule separates the three values.
    std::vector<int> y(36);
    nn::Matrix t(36, 1);
    for (std::size_t r = 0; r < 36; ++r) {
        y[r] = int(r % 3);
        t.at(r, 0) = double(y[r]);
    }
    for (const std::string spec : {"binning:mode=adaptive", "binning:mode=quantile", "binning:range=activation",
                                   "binning:range=running", "binning:edges=3,lo=0,hi=2", "binning:size=1"}) {
        INFO(spec);
        const auto estimate = estimators::make_estimator(spec)->estimate(layer(t, "relu", &y));
        CHECK_THAT(estimate.i_xt_bits, WithinAbs(std::log2(3.0), 1e-12));
        CHECK_THAT(*estimate.i_ty_bits, WithinAbs(std::log2(3.0), 1e-12));
        CHECK(estimate.diagnostics == std::vector<double>{0.0});
    }
}

TEST_CASE("binning modes: the running maximum grows across calls and never shrinks", "[estimators]") {
    const nn::Matrix up_to_1 = nn::Matrix::from_values(4, 1, {0.0, 0.4, 0.6, 1.0});
    const nn::Matrix up_to_2 = nn::Matrix::from_values(4, 1, {0.0, 0.4, 0.6, 2.0});
    const double h_3_1 = 0.8112781244591328;  // H(3/4, 1/4)
    struct Case {
        const char* spec;
        double first, second, third;  // H(T) of up_to_1, up_to_2, then up_to_1 again
    };
    // range=running, 3 edges: [0, 0.5, 1] bins up_to_1 as 0 0 1 2; after the maximum 2, [0, 1, 2] bins it 0 0 0 1.
    // range=activation, 2 bins: [0, 0.5, 1.0001] bins it 0 0 1 1; after the maximum 2, [0, 1, 2.0001]: 0 0 0 1.
    for (const Case c : {Case{"binning:range=running,bins=3", 1.5, h_3_1, h_3_1},
                         Case{"binning:range=activation,bins=2", 1.0, h_3_1, h_3_1}}) {
        INFO(c.spec);
        const auto estimator = estimators::make_estimator(c.spec);
        CHECK_THAT(estimator->estimate(layer(up_to_1, "relu")).i_xt_bits, WithinAbs(c.first, 1e-12));
        CHECK_THAT(estimator->estimate(layer(up_to_2, "relu")).i_xt_bits, WithinAbs(c.second, 1e-12));
        CHECK_THAT(estimator->estimate(layer(up_to_1, "relu")).i_xt_bits, WithinAbs(c.third, 1e-12));
        // A new instance (another layer) starts from its own values.
        CHECK_THAT(estimators::make_estimator(c.spec)->estimate(layer(up_to_1, "relu")).i_xt_bits,
                   WithinAbs(c.first, 1e-12));
    }
}

TEST_CASE("binning modes: X' is binned by the same rule with its own edges and running range", "[estimators]") {
    const nn::Matrix t = nn::Matrix::from_values(4, 1, {0.0, 1.0, 2.0, 3.0});
    const nn::Matrix target = nn::Matrix::from_values(4, 1, {0.0, 0.25, 0.5, 0.75});
    for (const std::string spec : {"binning:mode=adaptive,bins=4", "binning:mode=quantile,bins=4",
                                   "binning:range=activation,bins=4", "binning:range=running,bins=4"}) {
        INFO(spec);
        // Both separate their four values with their own edges: I(T:X') = 2 bits. With T's range [0, 3], X'
        // would fall into one or two bins.
        const auto estimate =
            estimators::make_estimator(spec)->estimate({.t = &t, .y_matrix = &target, .activation = "relu"});
        CHECK_THAT(*estimate.i_ty_bits, WithinAbs(2.0, 1e-12));
        // T = X' gives I(T:X') = H(T).
        const auto same =
            estimators::make_estimator(spec)->estimate({.t = &target, .y_matrix = &target, .activation = "relu"});
        CHECK_THAT(*same.i_ty_bits, WithinAbs(same.i_xt_bits, 1e-12));
    }
}

TEST_CASE("binning modes: linear layers and values below lo", "[estimators]") {
    const nn::Matrix t = nn::Matrix::from_values(5, 1, {-2.0, -1.0, 0.0, 1.0, 1.0});
    const auto run_linear = [&](const std::string& spec) {
        return estimators::make_estimator(spec)->estimate(layer(t, "linear"));
    };
    // EBAB starts below every value: U = -2, -1, 0, 1, edges [-inf, -2, 0, 1]: groups of 2, 1, 2 rows.
    CHECK_THAT(run_linear("binning:mode=adaptive,bins=2").i_xt_bits, WithinAbs(1.5219280948873621, 1e-12));
    // The running range starts at the running minimum: edges -2, -1, 0, 1 put the rows in 4 bins (1 + 1 + 1 + 2).
    const auto running = run_linear("binning:range=running,bins=4");
    CHECK_THAT(running.i_xt_bits, WithinAbs(1.9219280948873623, 1e-12));
    CHECK(running.diagnostics == std::vector<double>{0.0});
    // Schiemer's [0, max] cuts the negative values: both are clipped into the first bin, with 0.
    const auto schiemer = run_linear("binning:range=activation,bins=2");
    CHECK_THAT(schiemer.i_xt_bits, WithinAbs(0.9709505944546686, 1e-12));
    CHECK(schiemer.diagnostics == std::vector<double>{0.4});
    // An explicit lo above some values: those are clipped into the first bin as well.
    const auto above = run_linear("binning:mode=adaptive,bins=2,lo=0");
    CHECK(above.diagnostics == std::vector<double>{0.4});
}

TEST_CASE("binning modes: errors at estimate time name the spec", "[estimators]") {
    const nn::Matrix t = nn::Matrix::from_values(4, 2, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8});
    const auto fails = [&](const std::string& spec, const std::string& activation, const std::string& message) {
        INFO(spec << " on '" << activation << "'");
        CHECK_THROWS_WITH(estimators::make_estimator(spec)->estimate(layer(t, activation)), message);
    };
    fails("binning:mode=adaptive", "",
          "binning:mode=adaptive,bins=30,lo=activation: no first edge for a layer of unknown activation; give lo= "
          "(Chelombiev et al.: 0 for relu, -1.000001 for tanh)");
    fails("binning:range=running", "elu",
          "binning:range=running,bins=30,lo=activation: no first edge for activation 'elu'; give lo= "
          "(Chelombiev et al.: 0 for relu, -1.000001 for tanh)");
    fails("binning:range=activation", "",
          "binning:range=activation,bins=30: no range for a layer of unknown activation; range=activation knows "
          "tanh, sigmoid, softmax, relu, softplus and linear");
    fails("binning:mode=quantile", "tanh",
          "binning:mode=quantile,bins=30: 8 values cannot fill 30 equal-frequency bins");
    // With an explicit lo the activation is not needed.
    CHECK_NOTHROW(estimators::make_estimator("binning:mode=adaptive,lo=0")->estimate(layer(t, "")));

    const nn::Matrix no_columns(3, 0);
    CHECK_THROWS_WITH(estimators::make_estimator("binning:mode=quantile")->estimate(layer(no_columns, "tanh")),
                      "binning:mode=quantile,bins=30: the activations have no columns");
    const nn::Matrix huge = nn::Matrix::from_values(2, 1, {0.0, 1e39});
    CHECK_THROWS_WITH(estimators::make_estimator("binning:range=running")->estimate(layer(huge, "relu")),
                      "binning:range=running,bins=30,lo=activation: the running range [0, 1e+39] is beyond the "
                      "float32 edges");
    nn::Matrix bad = t;
    bad.at(1, 1) = std::nan("");
    CHECK_THROWS_WITH(estimators::make_estimator("binning:mode=adaptive,lo=0")->estimate(layer(bad, "")),
                      "binning: activation at row 1, column 1 is nan");
}
