// tests/test_knn.cpp — the k-NN estimators: the neighbour search against a naive O(N^2) search (ties,
// repeated rows, extreme scales, any thread count), KSG, Ross and Kozachenko-Leonenko against closed
// forms, and their specs' errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include "apps/validation.hpp"
#include "estimators/estimator.hpp"
#include "estimators/kl.hpp"
#include "estimators/knn_support.hpp"
#include "estimators/ksg.hpp"
#include "estimators/neighbours.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::WithinAbs;
using estimators::Norm;
using estimators::SearchMethod;

namespace {

// n rows of d values on a grid of step 0.5 in [0, 2]: many equal distances and repeated rows.
nn::Matrix grid_points(std::size_t n, std::size_t d, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix m(n, d);
    for (double& v : m.data) v = 0.5 * double(rng.uniform_int(5));
    return m;
}

nn::Matrix normal_points(std::size_t n, std::size_t d, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix m(n, d);
    for (double& v : m.data) v = rng.normal();
    return m;
}

// The naive search: all (squared under the Euclidean norm) distances sorted by (value, row).
std::vector<std::pair<double, std::size_t>> naive_sorted(const nn::Matrix& x, std::size_t i, Norm norm) {
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t j = 0; j < x.rows; ++j) {
        if (j == i) continue;
        const double dist = estimators::distance(x.row(i), x.row(j), x.cols, norm);
        all.emplace_back(norm == Norm::euclidean ? dist * dist : dist, j);
    }
    std::sort(all.begin(), all.end());
    return all;
}

void check_against_naive(const nn::Matrix& x, Norm norm, SearchMethod method, std::size_t k, std::size_t threads = 2) {
    estimators::NeighbourSearch search(x, norm, method);
    search.set_threads(threads);
    const estimators::Neighbours nb = search.nearest(k);
    std::vector<double> radius(x.rows);
    for (std::size_t i = 0; i < x.rows; ++i) radius[i] = nb.kth_distance(i);
    const std::vector<std::size_t> strict = search.count_within(radius, false);
    const std::vector<std::size_t> inclusive = search.count_within(radius, true);
    for (std::size_t i = 0; i < x.rows; ++i) {
        const auto all = naive_sorted(x, i, norm);
        std::size_t naive_strict = 0, naive_inclusive = 0;
        for (std::size_t j = 0; j < x.rows; ++j) {
            if (j == i) continue;
            const double dist = estimators::distance(x.row(i), x.row(j), x.cols, norm);
            naive_strict += dist < radius[i] ? 1 : 0;
            naive_inclusive += dist <= radius[i] ? 1 : 0;
        }
        for (std::size_t m = 0; m < k; ++m) {
            const double expected = norm == Norm::euclidean ? std::sqrt(all[m].first) : all[m].first;
            REQUIRE(nb.distance[i * k + m] == expected);
            if (norm == Norm::max) REQUIRE(nb.index[i * k + m] == all[m].second);
        }
        REQUIRE(strict[i] == naive_strict);
        REQUIRE(inclusive[i] == naive_inclusive);
        REQUIRE(inclusive[i] >= k);
    }
}

double estimate_xt(const std::string& spec, const nn::Matrix& x, const nn::Matrix& t) {
    const auto estimator = estimators::make_estimator(spec);
    estimators::Observations o;
    o.x = &x;
    o.t = &t;
    return estimator->estimate(o).i_xt_bits;
}

}  // namespace

TEST_CASE("neighbour search equals a naive search with ties, k-d tree and brute force, both norms", "[estimators]") {
    for (const Norm norm : {Norm::max, Norm::euclidean}) {
        check_against_naive(grid_points(300, 3, 1), norm, SearchMethod::kd_tree, 4);
        check_against_naive(grid_points(300, 3, 1), norm, SearchMethod::brute_force, 4);
        check_against_naive(normal_points(400, 5, 2), norm, SearchMethod::kd_tree, 3);
        check_against_naive(normal_points(400, 5, 2), norm, SearchMethod::brute_force, 3);
        check_against_naive(normal_points(300, 25, 3), norm, SearchMethod::automatic, 2);
        check_against_naive(grid_points(300, 25, 4), norm, SearchMethod::automatic, 5);
    }
}

TEST_CASE("the brute-force scan equals a naive search at its edges: d = 1, many dimensions, N not a multiple "
          "of its panels, repeated rows, extreme scales",
          "[estimators]") {
    for (const Norm norm : {Norm::max, Norm::euclidean}) {
        check_against_naive(grid_points(203, 1, 5), norm, SearchMethod::brute_force, 7);
        check_against_naive(normal_points(129, 1, 6), norm, SearchMethod::brute_force, 1);
        check_against_naive(grid_points(150, 20, 7), norm, SearchMethod::brute_force, 3);  // reach tests at 8, 12
        check_against_naive(normal_points(261, 20, 8), norm, SearchMethod::brute_force, 4);
        check_against_naive(normal_points(9, 2, 9), norm, SearchMethod::brute_force, 8);  // k = N - 1
        check_against_naive(nn::Matrix(70, 3, 0.25), norm, SearchMethod::brute_force, 5);  // all rows equal
        // Far from the origin and far from 1: the scan's centring and power-of-two scaling.
        // Below 2^-480 the double metric itself underflows and the scan re-checks every row.
        nn::Matrix far = normal_points(100, 4, 10), small = normal_points(100, 4, 11), tiny = grid_points(100, 4, 11);
        for (double& v : far.data) v = 1e12 + v * 1e3;
        for (double& v : small.data) v *= 1e-100;
        for (double& v : tiny.data) v *= 1e-300;
        check_against_naive(far, norm, SearchMethod::brute_force, 3);
        check_against_naive(small, norm, SearchMethod::brute_force, 3);
        check_against_naive(tiny, norm, SearchMethod::brute_force, 3);
    }
}

TEST_CASE("neighbour search gives the same bits on 1, 2 and 3 threads, tree and scan", "[estimators]") {
    const nn::Matrix x = normal_points(1000, 6, 12);
    for (const Norm norm : {Norm::max, Norm::euclidean})
        for (const SearchMethod method : {SearchMethod::kd_tree, SearchMethod::brute_force}) {
            estimators::NeighbourSearch search(x, norm, method);
            search.set_threads(1);
            CHECK(search.threads() == 1);
            const estimators::Neighbours one = search.nearest(4);
            std::vector<double> radius(x.rows);
            for (std::size_t i = 0; i < x.rows; ++i) radius[i] = one.kth_distance(i) * 1.5;
            const std::vector<std::size_t> counted = search.count_within(radius, false);
            for (const std::size_t threads : {std::size_t{2}, std::size_t{3}}) {
                search.set_threads(threads);
                const estimators::Neighbours many = search.nearest(4);
                CHECK(many.index == one.index);
                CHECK(many.distance == one.distance);
                CHECK(search.count_within(radius, false) == counted);
            }
        }
}

TEST_CASE("neighbour counts at radius 0, below 0, infinite and NaN", "[estimators]") {
    nn::Matrix x = grid_points(90, 2, 13);  // 25 distinct rows among 90: duplicates at distance 0
    for (const Norm norm : {Norm::max, Norm::euclidean})
        for (const SearchMethod method : {SearchMethod::kd_tree, SearchMethod::brute_force}) {
            const estimators::NeighbourSearch search(x, norm, method);
            for (const double r : {0.0, -1.0, std::numeric_limits<double>::infinity(), std::nan("")}) {
                const std::vector<double> radius(x.rows, r);
                const std::vector<std::size_t> strict = search.count_within(radius, false);
                const std::vector<std::size_t> inclusive = search.count_within(radius, true);
                for (std::size_t i = 0; i < x.rows; ++i) {
                    std::size_t same = 0;
                    for (std::size_t j = 0; j < x.rows; ++j)
                        same += j != i && std::equal(x.row(i), x.row(i) + 2, x.row(j)) ? 1 : 0;
                    const bool everything = std::isinf(r);
                    CHECK(strict[i] == (everything ? x.rows - 1 : 0));
                    CHECK(inclusive[i] == (everything ? x.rows - 1 : (r == 0.0 ? same : 0)));
                }
            }
        }
}

TEST_CASE("neighbour search picks the tree up to tree_max_dims dimensions and checks its arguments",
          "[estimators]") {
    const std::size_t d = estimators::tree_max_dims;
    CHECK(estimators::NeighbourSearch(normal_points(50, d, 1), Norm::max).uses_tree());
    CHECK_FALSE(estimators::NeighbourSearch(normal_points(50, d + 1, 1), Norm::max).uses_tree());
    const estimators::NeighbourSearch search(normal_points(10, 2, 1), Norm::max);
    CHECK_THROWS_AS(search.nearest(0), std::invalid_argument);
    CHECK_THROWS_AS(search.nearest(10), std::invalid_argument);
    CHECK_THROWS_AS(search.count_within(std::vector<double>(9, 1.0), true), std::invalid_argument);
    CHECK_THROWS_AS(estimators::NeighbourSearch(nn::Matrix(0, 2), Norm::max), std::invalid_argument);
    nn::Matrix bad = normal_points(10, 2, 1);
    bad.at(3, 1) = std::nan("");
    CHECK_THROWS_AS(estimators::NeighbourSearch(bad, Norm::max), std::invalid_argument);
}

TEST_CASE("digamma at known values", "[estimators]") {
    const double euler_gamma = 0.57721566490153286;
    CHECK_THAT(estimators::digamma(1.0), WithinAbs(-euler_gamma, 1e-13));
    CHECK_THAT(estimators::digamma(0.5), WithinAbs(-euler_gamma - 2.0 * std::numbers::ln2, 1e-13));
    CHECK_THAT(estimators::digamma(10.0), WithinAbs(2.251752589066721, 1e-13));
    CHECK_THAT(estimators::digamma(1000.0), WithinAbs(6.907255195648812, 1e-12));
    CHECK_THROWS_AS(estimators::digamma(0.0), std::invalid_argument);
}

TEST_CASE("ksg on correlated Gaussians in d = 1 and d = 2 is within 0.05 bits, both variants", "[estimators]") {
    // N = 2000 rows: KSG's error there is a few hundredths of a bit (Kraskov et al., Fig. 4).
    for (const std::size_t d : {std::size_t{1}, std::size_t{2}}) {
        nn::Rng rng(7);
        nn::Matrix a, b;
        apps::correlated_gaussians(d, 0.6, 2000, rng, a, b);
        const double truth = apps::gaussian_mi_bits(d, 0.6);
        CHECK_THAT(estimate_xt("ksg:variant=1", a, b), WithinAbs(truth, 0.05));
        CHECK_THAT(estimate_xt("ksg:variant=2", a, b), WithinAbs(truth, 0.05));
    }
}

TEST_CASE("kl mutual information on correlated Gaussians in d = 1 and d = 2 is within 0.1 bits", "[estimators]") {
    // H(A) + H(B) - H(A,B): the three entropies' biases only partly cancel, hence the wider tolerance.
    for (const std::size_t d : {std::size_t{1}, std::size_t{2}}) {
        nn::Rng rng(8);
        nn::Matrix a, b;
        apps::correlated_gaussians(d, 0.6, 2000, rng, a, b);
        const double truth = apps::gaussian_mi_bits(d, 0.6);
        CHECK_THAT(estimate_xt("kl", a, b), WithinAbs(truth, 0.1));
        CHECK_THAT(estimate_xt("kl:k=10,weighted=1", a, b), WithinAbs(truth, 0.1));
    }
}

TEST_CASE("independent variables give about 0 bits", "[estimators]") {
    const nn::Matrix a = normal_points(2000, 2, 11), b = normal_points(2000, 2, 12);
    CHECK_THAT(estimate_xt("ksg", a, b), WithinAbs(0.0, 0.03));
    CHECK_THAT(estimate_xt("ksg:variant=2", a, b), WithinAbs(0.0, 0.03));
    CHECK_THAT(estimate_xt("kl", a, b), WithinAbs(0.0, 0.05));
}

TEST_CASE("kl entropy of a uniform cube is 0 bits and of a standard normal 1/2 log2(2 pi e) per dimension",
          "[estimators]") {
    nn::Rng rng(5);
    for (const std::size_t d : {std::size_t{1}, std::size_t{2}}) {
        nn::Matrix uniform(4000, d);
        for (double& v : uniform.data) v = rng.uniform();
        // The cube's faces make the neighbourhoods of rows near them too large: a small positive bias.
        CHECK_THAT(estimators::kl_entropy_bits(uniform, 5, false), WithinAbs(0.0, 0.03));
        const double normal_bits = 0.5 * double(d) * std::log2(2.0 * std::numbers::pi * std::numbers::e);
        const nn::Matrix normal = normal_points(4000, d, 6 + d);
        CHECK_THAT(estimators::kl_entropy_bits(normal, 5, false), WithinAbs(normal_bits, 0.03));
        CHECK_THAT(estimators::kl_entropy_bits(normal, 5, true), WithinAbs(normal_bits, 0.03));
    }
    nn::Matrix repeated(10, 1, 0.5);
    CHECK_THROWS_AS(estimators::kl_entropy_bits(repeated, 2, false), std::invalid_argument);
}

TEST_CASE("kl weights sum to 1 and cancel the bias terms", "[estimators]") {
    CHECK(estimators::kl_weights(5, 3) == std::vector<double>{0, 0, 0, 0, 1});
    for (const std::size_t d : {std::size_t{4}, std::size_t{8}, std::size_t{20}}) {
        const std::size_t k = 10;
        const std::vector<double> w = estimators::kl_weights(k, d);
        CHECK_THAT(std::accumulate(w.begin(), w.end(), 0.0), WithinAbs(1.0, 1e-9));
        for (std::size_t l = 1; l <= d / 4; ++l) {
            double sum = 0.0;
            for (std::size_t j = 1; j <= k; ++j)
                sum += w[j - 1] * std::exp(std::lgamma(double(j) + 2.0 * double(l) / double(d)) - std::lgamma(double(j)));
            CHECK_THAT(sum, WithinAbs(0.0, 1e-9));
        }
    }
    // d = 20 needs six free weights (floor(20/4) + 1); k = 5 offers five.
    CHECK_THROWS_AS(estimators::kl_weights(5, 20), std::invalid_argument);
}

TEST_CASE("ross on two well separated balanced classes gives 1 bit, ksg and kl alike", "[estimators]") {
    nn::Matrix t = normal_points(1000, 2, 21);
    std::vector<int> y(1000);
    for (std::size_t i = 0; i < 1000; ++i) {
        y[i] = int(i % 2);
        t.at(i, 0) += 100.0 * double(y[i]);
    }
    estimators::Observations o;
    o.x = &t;
    o.t = &t;
    o.y = &y;
    CHECK_THAT(*estimators::make_estimator("ksg")->estimate(o).i_ty_bits, WithinAbs(1.0, 0.01));
    CHECK_THAT(*estimators::make_estimator("kl")->estimate(o).i_ty_bits, WithinAbs(1.0, 0.05));
    // Labels independent of T: about 0.
    for (std::size_t i = 0; i < 1000; ++i) y[i] = int((i / 2) % 2);
    CHECK_THAT(estimators::ksg_labels_bits(normal_points(1000, 2, 22), y, {}), WithinAbs(0.0, 0.03));
}

TEST_CASE("ksg and kl are deterministic given the seed and read y_matrix", "[estimators]") {
    nn::Rng rng(9);
    nn::Matrix a, b;
    apps::correlated_gaussians(1, 0.8, 500, rng, a, b);
    CHECK(estimate_xt("ksg:seed=4", a, b) == estimate_xt("ksg:seed=4", a, b));
    CHECK(estimate_xt("kl:seed=4", a, b) == estimate_xt("kl:seed=4", a, b));
    estimators::Observations o;
    o.x = &a;
    o.t = &a;
    o.y_matrix = &b;
    CHECK(*estimators::make_estimator("ksg")->estimate(o).i_ty_bits == estimate_xt("ksg", a, b));
    CHECK(estimators::make_estimator("ksg:variant=2")->spec() == "ksg:k=3,variant=2,seed=0");
    CHECK(estimators::make_estimator("kl:weighted=1")->spec() == "kl:k=5,weighted=1,seed=0");
}

TEST_CASE("ksg and kl reject bad specs and data they cannot estimate", "[estimators]") {
    for (const char* spec : {"ksg:q=1", "ksg:k=0", "ksg:variant=3", "kl:k=0", "kl:weighted=2", "kl:foo=1"})
        CHECK_THROWS_AS(estimators::make_estimator(spec), std::invalid_argument);
    const nn::Matrix a = normal_points(10, 1, 1), b = normal_points(10, 1, 2);
    CHECK_THROWS_AS(estimate_xt("ksg:k=10", a, b), std::invalid_argument);
    CHECK_THROWS_AS(estimate_xt("kl:k=10", a, b), std::invalid_argument);
    CHECK_THROWS_AS(estimate_xt("ksg", a, normal_points(9, 1, 2)), std::invalid_argument);
    for (const char* spec : {"ksg", "kl"}) {
        estimators::Observations o;
        o.t = &b;
        CHECK_THROWS_WITH(estimators::make_estimator(spec)->estimate(o), Catch::Contains("needs the inputs x"));
        const std::vector<int> y(10, 0);
        o.x = &a;
        o.y = &y;
        o.y_matrix = &a;
        CHECK_THROWS_AS(estimators::make_estimator(spec)->estimate(o), std::invalid_argument);
    }
    CHECK_THROWS_AS(estimators::kl_labels_bits(a, std::vector<int>{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, {}),
                    std::invalid_argument);
}
