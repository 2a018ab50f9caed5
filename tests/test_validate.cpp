// tests/test_validate.cpp — the validation suite: its ground truths by hand, a case that passes and a
// wrong estimate that fails its check, and `infoplane validate`'s error paths and CSV columns.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "apps/csv.hpp"
#include "apps/validation.hpp"
#include "apps/validation_figure.hpp"
#include "cli_runner.hpp"

using Catch::Matchers::WithinAbs;

TEST_CASE("gaussian_mi_bits is -(d/2) log2(1 - rho^2)", "[apps]") {
    // rho^2 = 0.75: 1 - rho^2 = 1/4, log2 = -2, so 1 bit per dimension.
    CHECK_THAT(apps::gaussian_mi_bits(1, std::sqrt(0.75)), WithinAbs(1.0, 1e-12));
    CHECK_THAT(apps::gaussian_mi_bits(10, std::sqrt(0.75)), WithinAbs(10.0, 1e-12));
    CHECK(apps::gaussian_mi_bits(3, 0.0) == 0.0);
    // rho = 0.6: 1 - 0.36 = 0.64, -(1/2) log2 0.64 = 0.321928...
    CHECK_THAT(apps::gaussian_mi_bits(1, 0.6), WithinAbs(0.32192809488736235, 1e-12));
    CHECK_THROWS_AS(apps::gaussian_mi_bits(0, 0.5), std::invalid_argument);
    CHECK_THROWS_AS(apps::gaussian_mi_bits(1, 1.0), std::invalid_argument);
}

TEST_CASE("correlated_gaussians draws b = rho a + sqrt(1 - rho^2) z row by row", "[apps]") {
    nn::Rng rng(7), again(7);
    nn::Matrix a, b;
    apps::correlated_gaussians(2, 0.8, 3, rng, a, b);
    REQUIRE(a.rows == 3);
    REQUIRE(b.cols == 2);
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 2; ++c) {
            const double z1 = again.normal(), z2 = again.normal();
            CHECK(a.at(r, c) == z1);
            CHECK_THAT(b.at(r, c), WithinAbs(0.8 * z1 + 0.6 * z2, 1e-15));
        }
}

TEST_CASE("empirical_entropy_bits and binary_codes of a k-point variable", "[apps]") {
    CHECK_THAT(apps::empirical_entropy_bits({0, 1, 2, 3, 3, 2, 1, 0}), WithinAbs(2.0, 1e-15));
    // p = (1/2, 1/4, 1/4): 1/2 + 2 (1/4) 2 = 1.5 bits.
    CHECK_THAT(apps::empirical_entropy_bits({5, 5, 1, 2}), WithinAbs(1.5, 1e-15));
    const nn::Matrix codes = apps::binary_codes({0, 5, 7}, 8);
    REQUIRE(codes.cols == 3);
    CHECK(codes.data == std::vector<double>{-0.9, -0.9, -0.9, 0.9, -0.9, 0.9, 0.9, 0.9, 0.9});
    CHECK_THROWS_AS(apps::binary_codes({0}, 6), std::invalid_argument);
    CHECK_THROWS_AS(apps::binary_codes({8}, 8), std::invalid_argument);
}

TEST_CASE("mean_std uses the n - 1 divisor", "[apps]") {
    const apps::MeanStd stats = apps::mean_std({1.0, 2.0, 3.0, 6.0});
    CHECK(stats.mean == 3.0);
    CHECK_THAT(stats.std, WithinAbs(std::sqrt(14.0 / 3.0), 1e-15));
    CHECK(apps::mean_std({4.0}).std == 0.0);
}

TEST_CASE("binning passes the discrete case exactly", "[apps]") {
    const auto rows = apps::run_validation_case("discrete", "binning", {.tries = 2, .seed = 3});
    REQUIRE(rows.size() == 4);  // uniform k=2, k=8, a function of X, independent
    CHECK(rows[0].estimator == "binning:edges=30,lo=-1,hi=1");
    CHECK(rows[0].true_bits == 1.0);
    CHECK(rows[1].true_bits == 3.0);
    CHECK(rows[2].true_bits == 2.0);
    CHECK(rows[3].true_bits == 0.0);
    for (const apps::ValidationRow& row : rows) {
        CHECK(row.pass);
        CHECK_THAT(row.estimate_bits, WithinAbs(row.true_bits, 1e-12));
    }
}

TEST_CASE("a deliberately wrong estimator fails the check it is held to", "[apps]") {
    // Two edges, -1 and 1, make one bin: every k-point code is the same pattern and H(T) = 0.
    const auto rows = apps::run_validation_case("discrete", "binning:edges=2", {.tries = 1, .seed = 3});
    REQUIRE(rows.size() == 4);
    CHECK_FALSE(rows[0].pass);
    CHECK_THAT(rows[0].estimate_bits, WithinAbs(0.0, 1e-12));
    CHECK_THAT(rows[0].error_bits, WithinAbs(1.0, 1e-12));
    CHECK_FALSE(rows[2].pass);
    CHECK(rows[3].pass);  // an estimator that sees nothing does find independence
}

TEST_CASE("the invariance and dpi cases hold for binning, and the applicability table is enforced", "[apps]") {
    for (const char* name : {"invariance", "dpi"})
        for (const apps::ValidationRow& row : apps::run_validation_case(name, "binning", {.tries = 2, .seed = 1}))
            CHECK(row.pass);
    CHECK(apps::case_applies("gaussian", "renyi"));
    CHECK_FALSE(apps::case_applies("gaussian", "binning"));
    CHECK_THROWS_AS(apps::run_validation_case("gaussian", "binning", {}), std::invalid_argument);
    CHECK_THROWS_WITH(apps::case_applies("gauss", "renyi"), Catch::Contains("unknown case 'gauss'"));
    CHECK_THROWS_AS(apps::run_validation_case("discrete", "binning", {.tries = 0, .seed = 1}), std::invalid_argument);
}

TEST_CASE("the kde channel check is one-sided by the bound", "[apps]") {
    for (const char* spec : {"kde", "kde:bound=lower"}) {
        const auto rows = apps::run_validation_case("channel", spec, {.tries = 2, .seed = 1});
        REQUIRE(rows.size() == 3);
        for (const apps::ValidationRow& row : rows) CHECK(row.pass);
        CHECK_THAT(rows[0].true_bits, WithinAbs(0.5, 1e-12));
        CHECK_THAT(rows[2].true_bits, WithinAbs(2.0, 1e-12));
    }
}

TEST_CASE("the figure needs rows of the gaussian case", "[apps]") {
    apps::ValidationRow row{.estimator = "renyi", .case_name = "gaussian", .detail = "d=10 rho=0.5",
                            .criterion = "", .true_bits = 2.0, .estimate_bits = 0.8, .std_bits = 0.01};
    row.dimension = 10;
    row.rho = 0.5;
    const std::string svg = apps::correlated_gaussians_svg({row});
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("d = 10") != std::string::npos);
    CHECK(svg.find("</svg>") != std::string::npos);
    row.case_name = "discrete";
    CHECK_THROWS_AS(apps::correlated_gaussians_svg({row}), std::invalid_argument);
}

TEST_CASE("infoplane validate refuses bad usage with exit status 2", "[apps]") {
    const cli::TempDir dir;
    const auto unknown = cli::run_infoplane({"validate", "--cases", "gaussian,nope"}, dir.path);
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("infoplane: validate: unknown case 'nope'") != std::string::npos);
    const auto zero = cli::run_infoplane({"validate", "--tries", "0"}, dir.path);
    CHECK(zero.status == 2);
    CHECK(zero.err.find("--tries must be at least 1, got 0") != std::string::npos);
    const auto word = cli::run_infoplane({"validate", "--tries", "many"}, dir.path);
    CHECK(word.status == 2);
    CHECK(word.err.rfind("infoplane: validate: ", 0) == 0);
    const auto none = cli::run_infoplane({"validate", "--estimator", "binning", "--cases", "gaussian"}, dir.path);
    CHECK(none.status == 2);
    CHECK(none.err.find("no selected case applies to binning") != std::string::npos);
    const auto svg = cli::run_infoplane({"validate", "--estimator", "binning", "--svg", "x.svg"}, dir.path);
    CHECK(svg.status == 2);
    const auto spec = cli::run_infoplane({"validate", "--estimator", "binning:edge=3"}, dir.path);
    CHECK(spec.status == 2);
    CHECK(spec.err.find("unknown key 'edge'") != std::string::npos);
}

TEST_CASE("infoplane validate writes its rows as CSV and exits 1 when a check fails", "[apps]") {
    const cli::TempDir dir;
    const auto good = cli::run_infoplane(
        {"validate", "--estimator", "binning", "--cases", "discrete", "--tries", "2", "--csv", "rows.csv"}, dir.path);
    CHECK(good.status == 0);
    CHECK(good.out.find("4 of 4 checks pass") != std::string::npos);
    const apps::CsvTable table = apps::read_csv((dir.path / "rows.csv").string());
    CHECK(table.header == std::vector<std::string>{"estimator", "case", "detail", "criterion", "true_bits",
                                                   "estimate_bits", "std_bits", "error_bits", "tolerance_bits", "pass"});
    REQUIRE(table.rows.size() == 4);
    CHECK(table.comments.at(1) == "seed: 1");
    CHECK(table.rows[1].fields[1] == "discrete");
    CHECK(table.number(1, table.column("true_bits")) == 3.0);
    CHECK(table.integer(1, table.column("pass")) == 1);

    const auto bad = cli::run_infoplane({"validate", "--estimator", "binning:edges=2", "--cases", "discrete",
                                         "--tries", "1"}, dir.path);
    CHECK(bad.status == 1);
    CHECK(bad.out.find("FAIL") != std::string::npos);
}
