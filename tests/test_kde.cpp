// tests/test_kde.cpp — the KDE estimator: closed forms (one row, far-apart points, identical rows,
// separated clusters), a 3-point case by hand, numpy's kde.py values, kde.py's procedure literally on
// several blocks, repeated inputs, Chelombiev's noisy absolute values (adaptive=1), the range-relative
// variance, and every error path.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "estimate_by_spec.hpp"
#include "estimators/distances.hpp"
#include "estimators/kde.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using estimators::Estimate;
using estimators::Observations;

namespace {

nn::Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix m(rows, cols);
    for (double& v : m.data) v = std::tanh(rng.normal());
    return m;
}

double noise_entropy_bits(std::size_t dims, double var) {  // kde.py's kde_condentropy, in bits
    return double(dims) / 2.0 * (std::log(2.0 * std::numbers::pi * var) + 1.0) / std::numbers::ln2;
}

// kde.py's entropy_estimator_kl / _bd done literally: the full distance matrix, a max-shifted
// log-sum-exp per row, its constants. Nats.
double kde_py_entropy(const nn::Matrix& t, double var, bool lower) {
    const double kernel_var = lower ? 4.0 * var : var;
    const std::size_t N = t.rows;
    const double dims = double(t.cols);
    const nn::Matrix distances = estimators::pairwise_squared_distances(t);
    double mean_lse = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
        double top = -1e300;
        for (std::size_t j = 0; j < N; ++j) top = std::max(top, -distances.at(i, j) / (2.0 * kernel_var));
        double sum = 0.0;
        for (std::size_t j = 0; j < N; ++j) sum += std::exp(-distances.at(i, j) / (2.0 * kernel_var) - top);
        mean_lse += (top + std::log(sum)) / double(N);
    }
    const double normconst = dims / 2.0 * std::log(2.0 * std::numbers::pi * kernel_var);
    const double h = dims / 2.0 + normconst + std::log(double(N)) - mean_lse;
    return lower ? h + std::log(0.25) * dims / 2.0 : h;
}

nn::Matrix rows_of_class(const nn::Matrix& t, const std::vector<int>& y, int c) {
    nn::Matrix out(0, t.cols);
    for (std::size_t i = 0; i < t.rows; ++i)
        if (y[i] == c) {
            out.data.insert(out.data.end(), t.row(i), t.row(i) + t.cols);
            ++out.rows;
        }
    return out;
}

}  // namespace

TEST_CASE("kde: the resolved spec lists every parameter", "[estimators]") {
    CHECK(estimators::make_estimator("kde")->spec() == "kde:bound=upper,var=0.001,adaptive=0,relative=0");
    CHECK(estimators::make_estimator("kde:adaptive=1,var=1e-1,bound=lower")->spec() ==
          "kde:bound=lower,var=0.1,adaptive=1,noise_std=0.01,seed=0,relative=0");
    CHECK(estimators::make_estimator("kde:var=2.5e-05")->spec() == "kde:bound=upper,var=2.5e-05,adaptive=0,relative=0");
    // adaptive=1 takes Chelombiev's variance 0.01 unless var is given.
    CHECK(estimators::make_estimator("kde:adaptive=1")->spec() ==
          "kde:bound=upper,var=0.01,adaptive=1,noise_std=0.01,seed=0,relative=0");
    CHECK(estimators::make_estimator("kde:seed=4,noise_std=0,adaptive=1,relative=1")->spec() ==
          "kde:bound=upper,var=0.01,adaptive=1,noise_std=0,seed=4,relative=1");
    CHECK(estimators::make_estimator("kde")->diagnostic_names() ==
          std::vector<std::string>{"h_t_bits", "noise_var"});
}

TEST_CASE("kde: every spec error names the spec and the problem", "[estimators]") {
    const auto message = [](const std::string& spec) {
        try {
            estimators::make_estimator(spec);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message("kde:sigma=0.1"),
               Contains("estimator spec 'kde:sigma=0.1'") &&
                   Contains("unknown key 'sigma'; kde accepts bound, var, adaptive, noise_std, seed, relative"));
    CHECK_THAT(message("kde:var=0"), Contains("var must be positive, got '0'"));
    CHECK_THAT(message("kde:var=-1"), Contains("var must be positive, got '-1'"));
    CHECK_THAT(message("kde:var=abc"), Contains("var must be a number"));
    CHECK_THAT(message("kde:bound=middle"), Contains("bound must be one of upper, lower; got 'middle'"));
    CHECK_THAT(message("kde:adaptive=2"), Contains("adaptive must be one of 0, 1; got '2'"));
    CHECK_THAT(message("kde:relative=yes"), Contains("relative must be one of 0, 1; got 'yes'"));
    CHECK_THAT(message("kde:noise_std=0.1"), Contains("noise_std and seed apply to adaptive=1 only"));
    CHECK_THAT(message("kde:adaptive=0,seed=3"), Contains("noise_std and seed apply to adaptive=1 only"));
    CHECK_THAT(message("kde:adaptive=1,noise_std=-0.01"), Contains("noise_std must be non-negative, got '-0.01'"));
    CHECK_THAT(message("kde:adaptive=1,seed=-1"), Contains("seed must be >= 0, got '-1'"));
    CHECK_THAT(message("kde:adaptive=1,seed=x"), Contains("seed must be an integer, got 'x'"));
    estimators::KdeOptions options;
    options.var = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(estimators::KdeEstimator(options), std::invalid_argument);
    options.var = 0.01;
    options.noise_std = std::nan("");
    CHECK_THROWS_WITH(estimators::KdeEstimator(options), Contains("finite noise_std >= 0, got nan"));
}

TEST_CASE("kde: one row is the noise alone, with no information", "[estimators]") {
    const nn::Matrix t = nn::Matrix::from_values(1, 3, {0.2, -0.7, 0.9});
    for (const char* spec : {"kde:var=0.001", "kde:var=0.001,bound=lower"}) {
        const Estimate e = estimate_by_spec(spec, t);
        CHECK_THAT(e.i_xt_bits, WithinAbs(0.0, 1e-15));
        CHECK_THAT(e.diagnostics[0], WithinAbs(noise_entropy_bits(3, 0.001), 1e-12));
        CHECK(e.diagnostics[1] == 0.001);
    }
}

TEST_CASE("kde: two far-apart points carry one bit for both bounds", "[estimators]") {
    // Distance 1 against sqrt(var) = 0.01: the cross kernel is exp(-5000) (upper), exp(-1250) (lower).
    const nn::Matrix t = nn::Matrix::from_values(2, 2, {0.3, 0.3, 0.3, 1.3});
    const std::vector<int> y = {0, 1};
    for (const char* spec : {"kde:var=1e-4", "kde:var=1e-4,bound=lower"}) {
        const Estimate e = estimate_by_spec(spec, t, &y);
        CHECK_THAT(e.i_xt_bits, WithinAbs(1.0, 1e-14));
        CHECK_THAT(*e.i_ty_bits, WithinAbs(1.0, 1e-14));
        CHECK_THAT(e.diagnostics[0], WithinAbs(noise_entropy_bits(2, 1e-4) + 1.0, 1e-12));
    }
}

TEST_CASE("kde: identical rows carry no information, even at var = 1e-5", "[estimators]") {
    const nn::Matrix t(300, 4, 0.8123456789);  // more rows than one block of the pass
    std::vector<int> y(300);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = int(i % 3);
    for (const char* spec : {"kde:var=1e-5", "kde:var=1e-5,bound=lower", "kde:var=10"}) {
        const Estimate e = estimate_by_spec(spec, t, &y);
        CHECK_THAT(e.i_xt_bits, WithinAbs(0.0, 1e-12));
        CHECK_THAT(*e.i_ty_bits, WithinAbs(0.0, 1e-12));
    }
}

TEST_CASE("kde: k separated clusters of equal size give log2 k", "[estimators]") {
    const std::size_t k = 4, size = 40;
    nn::Matrix t(k * size, 2);
    std::vector<int> cluster(k * size), independent(k * size);
    for (std::size_t i = 0; i < k * size; ++i) {
        cluster[i] = int(i / size);
        independent[i] = int(i % 2);  // each cluster half 0, half 1
        t.at(i, 0) = 5.0 * double(cluster[i]);
        t.at(i, 1) = -3.0 * double(cluster[i]);
    }
    for (const char* spec : {"kde:var=0.01", "kde:var=0.01,bound=lower"}) {
        const Estimate separated = estimate_by_spec(spec, t, &cluster);
        CHECK_THAT(separated.i_xt_bits, WithinAbs(2.0, 1e-12));
        CHECK_THAT(*separated.i_ty_bits, WithinAbs(2.0, 1e-12));  // the labels name the clusters
        CHECK_THAT(*estimate_by_spec(spec, t, &independent).i_ty_bits, WithinAbs(0.0, 1e-12));
    }
}

TEST_CASE("kde: three points by hand", "[estimators]") {
    // Points (0,0), (1,0), (0,2), labels 0, 0, 1, var 0.5. Squared distances 1, 4, 5.
    const nn::Matrix t = nn::Matrix::from_values(3, 2, {0, 0, 1, 0, 0, 2});
    const std::vector<int> y = {0, 0, 1};
    const double var = 0.5, ln2 = std::log(2.0);
    for (const bool lower : {false, true}) {
        const double v = lower ? 4.0 * var : var;  // kernel variance of kde.py's bound
        const double k01 = std::exp(-1.0 / (2 * v)), k02 = std::exp(-4.0 / (2 * v));
        const double k12 = std::exp(-5.0 / (2 * v));
        const double s0 = 1 + k01 + k02, s1 = 1 + k01 + k12, s2 = 1 + k02 + k12;
        double h = 1.0 + std::log(2 * std::numbers::pi * v) + std::log(3.0) -
                   (std::log(s0) + std::log(s1) + std::log(s2)) / 3.0;  // d/2 = 1
        if (lower) h += std::log(0.25);
        const double noise = std::log(2 * std::numbers::pi * var) + 1.0;
        // H(T|Y): class 0 is two points (sums 1 + k01 each), class 1 one point (its noise entropy).
        double h_class0 = 1.0 + std::log(2 * std::numbers::pi * v) + std::log(2.0) - std::log(1 + k01);
        if (lower) h_class0 += std::log(0.25);
        const double h_given_y = 2.0 / 3.0 * h_class0 + 1.0 / 3.0 * noise;

        const Estimate e = estimate_by_spec(lower ? "kde:var=0.5,bound=lower" : "kde:var=0.5", t, &y);
        CHECK_THAT(e.i_xt_bits, WithinAbs((h - noise) / ln2, 1e-13));
        CHECK_THAT(*e.i_ty_bits, WithinAbs((h - h_given_y) / ln2, 1e-13));
        CHECK_THAT(e.diagnostics[0], WithinAbs(h / ln2, 1e-13));
    }
}

TEST_CASE("kde: agrees with ibsgd's kde.py on a 5 x 2 matrix", "[estimators]") {
    // Expected values from /usr/bin/python3 (numpy 1.24, scipy 1.10) running kde.py's formulas in numpy:
    // entropy_estimator_kl / _bd (get_dists, logsumexp(-dists / (2 var)) - log(N) - normconst, dims/2 + h),
    // kde_condentropy, I(X;T) = (H - condentropy) / ln 2, I(T;Y) = (H - sum_c p(c) H(T[y == c])) / ln 2.
    const nn::Matrix t = nn::Matrix::from_values(5, 2, {0.1, -0.2, 0.3, 0.05, -0.15, 0.4, 0.25, 0.3, 0.0, 0.0});
    const std::vector<int> y = {0, 1, 0, 1, 1};
    const Estimate upper = estimate_by_spec("kde:var=0.02", t, &y);
    CHECK_THAT(upper.diagnostics[0], WithinAbs(0.42233433791520425, 1e-12));
    CHECK_THAT(upper.i_xt_bits, WithinAbs(1.9719993573286467, 1e-12));
    CHECK_THAT(*upper.i_ty_bits, WithinAbs(0.7859585631331811, 1e-12));
    const Estimate lower = estimate_by_spec("kde:var=0.02,bound=lower", t, &y);
    CHECK_THAT(lower.diagnostics[0], WithinAbs(-0.569672549954913, 1e-12));
    CHECK_THAT(lower.i_xt_bits, WithinAbs(0.9799924694585295, 1e-12));
    CHECK_THAT(*lower.i_ty_bits, WithinAbs(0.29933618508286974, 1e-12));
}

TEST_CASE("kde: the blocked pass equals kde.py's procedure on several blocks", "[estimators]") {
    // 300 rows span three blocks of the pass; three classes of unequal size.
    const nn::Matrix t = random_matrix(300, 4, 11);
    std::vector<int> y(300);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = int((i * 7) % 5 % 3);
    for (const double var : {1e-3, 0.05, 2.0})
        for (const bool lower : {false, true}) {
            const double h = kde_py_entropy(t, var, lower);
            double h_given_y = 0.0;
            for (int c = 0; c < 3; ++c) {
                const nn::Matrix rows = rows_of_class(t, y, c);
                h_given_y += double(rows.rows) / 300.0 * kde_py_entropy(rows, var, lower);
            }
            const std::string spec =
                "kde:var=" + estimators::format_number(var) + (lower ? ",bound=lower" : "");
            const Estimate e = estimate_by_spec(spec, t, &y);
            const double noise = noise_entropy_bits(4, var);
            CHECK_THAT(e.diagnostics[0], WithinAbs(h / std::numbers::ln2, 1e-10));
            CHECK_THAT(e.i_xt_bits, WithinAbs(h / std::numbers::ln2 - noise, 1e-10));
            CHECK_THAT(*e.i_ty_bits, WithinAbs((h - h_given_y) / std::numbers::ln2, 1e-10));
        }
}

TEST_CASE("kde: the lower bound is never above the upper bound", "[estimators]") {
    const nn::Matrix t = random_matrix(150, 3, 5);
    for (const std::string var : {"1e-05", "0.001", "0.1", "10"}) {
        const Estimate upper = estimate_by_spec("kde:var=" + var, t);
        const Estimate lower = estimate_by_spec("kde:var=" + var + ",bound=lower", t);
        CHECK(lower.i_xt_bits <= upper.i_xt_bits);
        CHECK(lower.diagnostics[0] <= upper.diagnostics[0]);
        CHECK(lower.i_xt_bits >= 0.0);
        CHECK(upper.i_xt_bits <= std::log2(150.0) + 1e-12);
    }
}

TEST_CASE("kde: activations far from the origin lose no digits", "[estimators]") {
    nn::Matrix t = random_matrix(200, 3, 9);
    nn::Matrix shifted = t;
    for (double& v : shifted.data) v += 1e4;
    for (const char* spec : {"kde:var=1e-4", "kde:var=1e-4,bound=lower"})
        CHECK_THAT(estimate_by_spec(spec, shifted).i_xt_bits, WithinAbs(estimate_by_spec(spec, t).i_xt_bits, 1e-9));
}

TEST_CASE("kde: repeated inputs condition on their own rows", "[estimators]") {
    // Inputs 0, 0, 1, 1: input 0 gives two far-apart T, input 1 two more. H(T) - H(T|X) = 2 - 1 bits.
    const nn::Matrix t = nn::Matrix::from_values(4, 1, {0.0, 1.0, 2.0, 3.0});
    const std::vector<int> repeated = {0, 0, 1, 1}, distinct = {5, 9, 2, 7};
    for (const char* spec : {"kde:var=1e-4", "kde:var=1e-4,bound=lower"}) {
        CHECK_THAT(estimate_by_spec(spec, t).i_xt_bits, WithinAbs(2.0, 1e-12));
        CHECK_THAT(estimate_by_spec(spec, t, nullptr, &repeated).i_xt_bits, WithinAbs(1.0, 1e-12));
        CHECK_THAT(estimate_by_spec(spec, t, nullptr, &distinct).i_xt_bits, WithinAbs(2.0, 1e-12));
    }
    // Copies 0.01 apart at var 1e-4: the kernel between them is exp(-1/2) (upper) or exp(-1/8) (lower),
    // in S_i and X_i alike, so I(X;T) = mean ln((X_i / 2) / (S_i / 4)) = 1 bit exactly, while without ids
    // it is log2(4 / (1 + exp(-1/2))).
    const nn::Matrix near = nn::Matrix::from_values(4, 1, {0.0, 0.01, 3.0, 3.01});
    CHECK_THAT(estimate_by_spec("kde:var=1e-4", near, nullptr, &repeated).i_xt_bits, WithinAbs(1.0, 1e-12));
    CHECK_THAT(estimate_by_spec("kde:var=1e-4,bound=lower", near, nullptr, &repeated).i_xt_bits, WithinAbs(1.0, 1e-12));
    CHECK_THAT(estimate_by_spec("kde:var=1e-4", near).i_xt_bits, WithinAbs(std::log2(4.0 / (1.0 + std::exp(-0.5))), 1e-12));
    // A deterministic layer: every copy of an input has the same row, so H(T|X) is the noise entropy
    // and the ids change nothing.
    const nn::Matrix random = random_matrix(150, 3, 4);
    nn::Matrix doubled(300, 3);
    std::vector<int> ids(300);
    for (std::size_t i = 0; i < 300; ++i) {
        ids[i] = int(i % 150);
        for (std::size_t k = 0; k < 3; ++k) doubled.at(i, k) = random.at(i % 150, k);
    }
    const Estimate with_ids = estimate_by_spec("kde:var=0.01", doubled, nullptr, &ids);
    CHECK_THAT(with_ids.i_xt_bits, WithinAbs(estimate_by_spec("kde:var=0.01", doubled).i_xt_bits, 1e-12));
}

TEST_CASE("kde: relative=1 scales the variance with the squared range of the layer", "[estimators]") {
    const nn::Matrix t = random_matrix(120, 3, 21);
    std::vector<int> y(120);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = t.at(i, 0) > 0.0 ? 1 : 0;
    double lo = t.data[0], hi = t.data[0];
    for (double v : t.data) lo = std::min(lo, v), hi = std::max(hi, v);

    const Estimate adaptive = estimate_by_spec("kde:var=0.001,relative=1", t, &y);
    CHECK_THAT(adaptive.diagnostics[1], WithinAbs(0.001 * (hi - lo) * (hi - lo), 1e-15));
    const std::string fixed_spec = "kde:var=" + estimators::format_number(0.001 * (hi - lo) * (hi - lo));
    CHECK_THAT(adaptive.i_xt_bits, WithinAbs(estimate_by_spec(fixed_spec, t, &y).i_xt_bits, 1e-12));

    nn::Matrix scaled = t;  // 40 T - 3: the same information, the variance follows the range
    for (double& v : scaled.data) v = 40.0 * v - 3.0;
    const Estimate rescaled = estimate_by_spec("kde:var=0.001,relative=1", scaled, &y);
    CHECK_THAT(rescaled.i_xt_bits, WithinAbs(adaptive.i_xt_bits, 1e-9));
    CHECK_THAT(*rescaled.i_ty_bits, WithinAbs(*adaptive.i_ty_bits, 1e-9));
    // A fixed variance is not invariant: the spread-out copy gains information.
    CHECK(estimate_by_spec("kde:var=0.001", scaled).i_xt_bits > estimate_by_spec("kde:var=0.001", t).i_xt_bits);

    const nn::Matrix constant(10, 2, 0.5);  // no range: var itself, and no information
    const Estimate flat = estimate_by_spec("kde:var=0.001,relative=1", constant);
    CHECK(flat.diagnostics[1] == 0.001);
    CHECK_THAT(flat.i_xt_bits, WithinAbs(0.0, 1e-15));
}

TEST_CASE("kde: adaptive=1 is the bound of |T + noise| at Chelombiev's variance", "[estimators]") {
    // By hand: the noise is nn::Rng(seed).normal() per entry in row-major order, times noise_std; then
    // absolute values and the plain bound at var = 0.01.
    const nn::Matrix t = nn::Matrix::from_values(4, 2, {-0.30, 0.02, 0.10, -0.005, 0.45, 0.2, -0.12, 0.0});
    const std::vector<int> y = {0, 1, 1, 0};
    for (const std::uint64_t seed : {0u, 9u}) {
        nn::Rng rng(seed);
        nn::Matrix noisy = t;
        for (double& v : noisy.data) v = std::abs(v + 0.01 * rng.normal());
        for (const char* bound : {"upper", "lower"}) {
            const std::string tail = std::string(",bound=") + bound;
            const Estimate e =
                estimate_by_spec("kde:adaptive=1,seed=" + std::to_string(seed) + tail, t, &y);
            const Estimate direct = estimate_by_spec("kde:var=0.01" + tail, noisy, &y);
            CHECK_THAT(e.i_xt_bits, WithinAbs(direct.i_xt_bits, 1e-13));
            CHECK_THAT(*e.i_ty_bits, WithinAbs(*direct.i_ty_bits, 1e-13));
            CHECK_THAT(e.diagnostics[0], WithinAbs(direct.diagnostics[0], 1e-13));
            CHECK(e.diagnostics[1] == 0.01);
        }
    }
    // The same seed gives the same noise at every call; another seed other noise.
    auto estimator = estimators::make_estimator("kde:adaptive=1,seed=3");
    const Observations observations{.t = &t, .y = &y};
    CHECK(estimator->estimate(observations).i_xt_bits == estimator->estimate(observations).i_xt_bits);
    CHECK(estimate_by_spec("kde:adaptive=1,seed=4", t, &y).i_xt_bits != estimator->estimate(observations).i_xt_bits);

    // noise_std=0 leaves the absolute values alone: rows +-1 become one point, so the information that
    // the plain bound sees (1 bit, the rows 2 apart at var 1e-4) is gone.
    const nn::Matrix mirrored = nn::Matrix::from_values(2, 1, {-1.0, 1.0});
    CHECK_THAT(estimate_by_spec("kde:var=1e-4", mirrored).i_xt_bits, WithinAbs(1.0, 1e-14));
    CHECK_THAT(estimate_by_spec("kde:var=1e-4,adaptive=1,noise_std=0", mirrored).i_xt_bits, WithinAbs(0.0, 1e-15));
    // Non-negative activations far from 0 (a ReLU layer): the noise of std 0.01 against the kernel's
    // variance 0.01 moves the bound little.
    const nn::Matrix positive = nn::Matrix::from_values(3, 1, {1.0, 1.1, 1.5});
    CHECK_THAT(estimate_by_spec("kde:adaptive=1", positive).i_xt_bits,
               WithinAbs(estimate_by_spec("kde:var=0.01", positive).i_xt_bits, 0.05));
}

TEST_CASE("kde: malformed observations are rejected", "[estimators]") {
    auto kde = estimators::make_estimator("kde");
    const auto message = [&](const Observations& observations) {
        try {
            kde->estimate(observations);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message({}), Contains("kde: no activations given"));
    const nn::Matrix no_rows(0, 3), no_cols(4, 0);
    CHECK_THAT(message({.t = &no_rows}), Contains("no rows"));
    CHECK_THAT(message({.t = &no_cols}), Contains("no columns"));
    nn::Matrix bad(3, 2, 0.1);
    bad.at(2, 1) = std::nan("");
    CHECK_THAT(message({.t = &bad}), Contains("activation at row 2, column 1 is nan"));
    bad.at(2, 1) = 1e200;  // finite, but its square is not
    CHECK_THAT(message({.t = &bad}), Contains("is too large to square"));
    const nn::Matrix t(3, 2, 0.1);
    const std::vector<int> two = {0, 1};
    CHECK_THAT(message({.t = &t, .y = &two}), Contains("kde: 2 labels for 3 rows of T"));
    CHECK_THAT(message({.t = &t, .x_ids = &two}), Contains("kde: 2 input ids for 3 rows of T"));
    CHECK_THAT(message({.t = &t, .y_matrix = &t}), Contains("kde: I(T;Y) needs class labels"));
    // relative: var * range^2 below the normal doubles
    const nn::Matrix tiny_range = nn::Matrix::from_values(2, 1, {0.0, 1e-160});
    auto relative = estimators::make_estimator("kde:var=1e-10,relative=1");
    CHECK_THROWS_WITH(relative->estimate({.t = &tiny_range}), Contains("leaves the range of doubles"));
    // adaptive=1 checks the activations before adding its noise
    auto adaptive = estimators::make_estimator("kde:adaptive=1");
    CHECK_THROWS_WITH(adaptive->estimate({.t = &no_rows}), Contains("no rows"));
    bad.at(2, 1) = std::nan("");
    CHECK_THROWS_WITH(adaptive->estimate({.t = &bad}), Contains("kde: activation at row 2, column 1 is nan"));
    CHECK_THROWS_WITH(adaptive->estimate({.t = &t, .y = &two}), Contains("kde: 2 labels for 3 rows of T"));
}
