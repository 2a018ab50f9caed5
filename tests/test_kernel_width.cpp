// tests/test_kernel_width.cpp — the width rules of the matrix-based Rényi estimator on a tiny matrix,
// against values computed by hand or with numpy from each peer's formula, and their error paths.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "estimators/distances.hpp"
#include "estimators/kernel_width.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using estimators::Rbf;

namespace {

// Five points in the plane with no two pairwise distances equal, except two pairs at sqrt(5) and two
// at sqrt(10) (sorted distances: 1, 1.3463, 1.5207, 1.6771, 1.9526, 2, 2.2361 x2, 3.1623 x2).
nn::Matrix five_points() {
    nn::Matrix x(5, 2);
    x.data = {0, 0, 1, 0, 0, 2, 3, 1, 1.5, 1.25};
    return x;
}

const std::vector<int> five_labels = {0, 0, 1, 1, 0};

}  // namespace

TEST_CASE("kernel width: the two RBF conventions", "[estimators]") {
    CHECK(estimators::rbf_factor(Rbf::rbf2, 2.0) == 0.125);  // 1 / (2 sigma^2)
    CHECK(estimators::rbf_factor(Rbf::rbf1, 2.0) == 0.25);   // 1 / sigma^2
}

TEST_CASE("kernel width: Scott and Tapia rules by hand", "[estimators]") {
    // gamma N^(-1/(4+d)) = 2 * 5^(-1/6); Tapia multiplies by sqrt(d) = sqrt(2).
    CHECK_THAT(estimators::scott_width(5, 2, 2.0), WithinRel(2.0 * std::pow(5.0, -1.0 / 6.0), 1e-15));
    CHECK_THAT(estimators::scott_width(5, 2, 2.0), WithinRel(1.52944898266346, 1e-14));
    CHECK_THAT(estimators::tapia_width(5, 2, 2.0), WithinRel(2.162967494240398, 1e-14));
    CHECK_THAT(estimators::tapia_width(128, 10, 1.0), WithinRel(std::sqrt(10.0) * std::pow(128.0, -1.0 / 14.0), 1e-15));
}

TEST_CASE("kernel width: Tapia's standardisation per column, global, and none", "[estimators]") {
    nn::Matrix x = five_points();
    estimators::standardize(x, estimators::Standardize::dims);
    // Column 0 = {0, 1, 0, 3, 1.5}: mean 1.1, population variance 6.2 / 5 = 1.24.
    const double std0 = std::sqrt(1.24 + 1e-8);
    CHECK_THAT(x.at(0, 0), WithinRel(-1.1 / std0, 1e-14));
    CHECK_THAT(x.at(3, 0), WithinRel(1.9 / std0, 1e-14));
    // Column 1 = {0, 0, 2, 1, 1.25}: mean 0.85, population variance 2.95 / 5 = 0.59.
    CHECK_THAT(x.at(2, 1), WithinRel(1.15 / std::sqrt(0.59 + 1e-8), 1e-14));

    nn::Matrix g = five_points();
    estimators::standardize(g, estimators::Standardize::global);
    // All ten entries: mean 0.975, population variance (sum of squares 18.8125 - 10 * 0.975^2) / 10.
    const double var = (18.8125 - 10 * 0.975 * 0.975) / 10;
    CHECK_THAT(g.at(3, 0), WithinRel((3 - 0.975) / std::sqrt(var + 1e-8), 1e-14));
    CHECK_THAT(g.at(4, 1), WithinRel((1.25 - 0.975) / std::sqrt(var + 1e-8), 1e-14));

    nn::Matrix same = five_points();
    estimators::standardize(same, estimators::Standardize::none);
    CHECK(same.data == five_points().data);

    // A constant column becomes 0 (up to the rounding of its mean), not NaN: the 1e-8 keeps the
    // division finite.
    nn::Matrix constant(3, 1, 0.7);
    estimators::standardize(constant, estimators::Standardize::dims);
    for (double v : constant.data) CHECK_THAT(v, WithinAbs(0.0, 1e-10));
}

TEST_CASE("kernel width: Yu's Silverman rule reads the first column", "[estimators]") {
    // numpy: np.std(x[:, 0], ddof=1) * (4 / 3 / 5) ** (1 / 5) / np.sqrt(2)
    CHECK_THAT(estimators::silverman_width(five_points()), WithinRel(0.6758410979256062, 1e-14));
    nn::Matrix other_columns = five_points();
    for (std::size_t i = 0; i < 5; ++i) other_columns.at(i, 1) = 100.0 * double(i);
    CHECK(estimators::silverman_width(other_columns) == estimators::silverman_width(five_points()));
    CHECK(estimators::silverman_width(nn::Matrix(1, 2, 3.0)) == 0.0);  // MATLAB: std of one value is 0
    CHECK_THROWS_AS(estimators::silverman_width(nn::Matrix(4, 0)), std::invalid_argument);
}

TEST_CASE("kernel width: k-NN rule as Wickström's mean distance to the k-th neighbour", "[estimators]") {
    const nn::Matrix d = estimators::pairwise_squared_distances(five_points());
    // numpy: np.sort(squareform(pdist(x)), axis=1)[:, k].mean()
    CHECK_THAT(estimators::knn_width(d, 1), WithinRel(1.3088065634966046, 1e-13));
    CHECK_THAT(estimators::knn_width(d, 2), WithinRel(1.811122446166927, 1e-13));
    CHECK_THROWS_WITH(estimators::knn_width(d, 5), "knn: needs 1 <= k <= N - 1 = 4, got k = 5");
    CHECK_THROWS_AS(estimators::knn_width(d, 0), std::invalid_argument);
    CHECK_THROWS_AS(estimators::knn_width(nn::Matrix(2, 3), 1), std::invalid_argument);
}

TEST_CASE("kernel width: Yu's graph rule with MATLAB's rounding", "[estimators]") {
    const nn::Matrix d = estimators::pairwise_squared_distances(five_points());
    // M = 10 pairs. q = 0.25: round(2.5) = 3 (halves away from zero; numpy's even rounding would pick
    // the 2nd, 1.3463); q = 0.35: round(3.5) = 4; q = 0.05: round(0.5) = 1; q = 1: the largest.
    CHECK_THAT(estimators::graph_width(d, 0.25), WithinRel(1.5206906325745548, 1e-13));
    CHECK_THAT(estimators::graph_width(d, 0.35), WithinRel(1.6770509831248424, 1e-13));
    CHECK_THAT(estimators::graph_width(d, 0.05), WithinRel(1.0, 1e-13));
    CHECK_THAT(estimators::graph_width(d, 1.0), WithinRel(std::sqrt(10.0), 1e-13));
    CHECK_THAT(estimators::graph_width(d, 0.01), WithinRel(1.0, 1e-13));  // round(0.1) = 0, kept at 1
    CHECK_THROWS_WITH(estimators::graph_width(nn::Matrix(1, 1), 0.05), "graph: needs at least 2 rows, got 1");
    CHECK_THROWS_AS(estimators::graph_width(d, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(estimators::graph_width(d, 1.5), std::invalid_argument);
}

TEST_CASE("kernel width: Wickström's kernel alignment with the labels", "[estimators]") {
    const nn::Matrix d = estimators::pairwise_squared_distances(five_points());
    // numpy, as Wickström's kernel_mat: D = squareform(pdist(x)); candidates linspace(0.3, 10 * D.mean(), n);
    // L = 2 log2(trace(Kl @ Ky) / (norm(Kl) norm(Ky))) with Kl = exp(-D^2 / s^2) / N (rbf1) or
    // exp(-D^2 / (2 s^2)) / N (rbf2), Ky = (y_i == y_j); sigma = candidates[L.index(max(L))].
    CHECK_THAT(estimators::aligned_width(d, five_labels, 0.0, 50, Rbf::rbf1), WithinRel(1.9259825723915123, 1e-12));
    CHECK_THAT(estimators::aligned_width(d, five_labels, 0.0, 50, Rbf::rbf2), WithinRel(1.2755895434349074, 1e-12));
    CHECK_THAT(estimators::aligned_width(d, five_labels, 0.0, 5, Rbf::rbf1), WithinRel(4.283657302359205, 1e-12));
    // One candidate: 0.3, as linspace(0.3, end, 1).
    CHECK(estimators::aligned_width(d, five_labels, 0.0, 1, Rbf::rbf1) == 0.3);
    // Identical rows: every candidate aligns equally, the first wins; the last candidate (0) is skipped.
    const nn::Matrix zeros(4, 4);
    CHECK(estimators::aligned_width(zeros, {0, 1, 0, 1}, 0.0, 10, Rbf::rbf2) == 0.3);
    CHECK_THROWS_WITH(estimators::aligned_width(d, {0, 1}, 0.0, 50, Rbf::rbf1), "alignment: 2 labels for 5 rows");
    CHECK_THROWS_AS(estimators::aligned_width(d, five_labels, 0.0, 0, Rbf::rbf1), std::invalid_argument);
}

TEST_CASE("kernel width: alignment with a label kernel that is not 0 between classes", "[estimators]") {
    // Ky = 1 within a class and c between classes (label_kernel=rbf). numpy as above with
    // Ky = np.where(y_i == y_j, 1, c): the nearer c is to 1, the flatter Ky and the wider the best width.
    const nn::Matrix d = estimators::pairwise_squared_distances(five_points());
    CHECK_THAT(estimators::aligned_width(d, five_labels, 0.5, 50, Rbf::rbf1), WithinRel(4.527554688217932, 1e-12));
    CHECK_THAT(estimators::aligned_width(d, five_labels, 0.9, 50, Rbf::rbf1), WithinRel(12.982664064653797, 1e-12));
    CHECK_THAT(estimators::aligned_width(d, five_labels, 0.9, 5, Rbf::rbf1), WithinRel(12.250971907077616, 1e-12));
}
