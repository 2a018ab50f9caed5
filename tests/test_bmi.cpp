// tests/test_bmi.cpp — the known-MI benchmark: special functions and truths against hand values, the
// Student-t MI against a Monte Carlo integral, sampler moments, the transforms as bijections, the suite's
// determinism, its CSV and heat map, and `infoplane validate --suite bmi` with its error paths.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "apps/bmi_figure.hpp"
#include "apps/bmi_suite.hpp"
#include "apps/bmi_tasks.hpp"
#include "apps/csv.hpp"
#include "cli_runner.hpp"
#include "estimators/ksg.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double euler_gamma = 0.57721566490153286;

// ln of the d-variate (d = 1, 2) Student-t density with dispersion [[1, rho], [rho, 1]] (or 1), by hand.
double log_t1(double v, double nu) {
    return std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2) - 0.5 * std::log(nu * std::numbers::pi) -
           (nu + 1) / 2 * std::log1p(v * v / nu);
}
double log_t2(double a, double b, double rho, double nu) {
    const double q = (a * a - 2 * rho * a * b + b * b) / (1 - rho * rho);
    return std::lgamma((nu + 2) / 2) - std::lgamma(nu / 2) - std::log(nu * std::numbers::pi) -
           0.5 * std::log(1 - rho * rho) - (nu + 2) / 2 * std::log1p(q / nu);
}

// The sample covariance of the columns of [x, y] (means subtracted).
nn::Matrix sample_covariance(const nn::Matrix& x, const nn::Matrix& y) {
    const std::size_t d = x.cols + y.cols, n = x.rows;
    std::vector<double> mean(d, 0.0);
    const auto value = [&](std::size_t r, std::size_t c) { return c < x.cols ? x.at(r, c) : y.at(r, c - x.cols); };
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < d; ++c) mean[c] += value(r, c) / double(n);
    nn::Matrix cov(d, d);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j < d; ++j)
                cov.at(i, j) += (value(r, i) - mean[i]) * (value(r, j) - mean[j]) / double(n - 1);
    return cov;
}

}  // namespace

TEST_CASE("digamma matches its closed forms and recurrence", "[apps]") {
    CHECK_THAT(apps::digamma(1.0), WithinAbs(-euler_gamma, 1e-12));
    CHECK_THAT(apps::digamma(0.5), WithinAbs(-euler_gamma - 2.0 * std::log(2.0), 1e-12));
    CHECK_THAT(apps::digamma(10.3) - apps::digamma(9.3), WithinAbs(1.0 / 9.3, 1e-12));
    CHECK_THAT(apps::digamma(4.0), WithinAbs(1.0 + 0.5 + 1.0 / 3.0 - euler_gamma, 1e-12));
    REQUIRE_THROWS_AS(apps::digamma(0.0), std::invalid_argument);
}

TEST_CASE("cholesky and log_det of a 2x2 matrix by hand", "[apps]") {
    const nn::Matrix a = nn::Matrix::from_values(2, 2, {4, 2, 2, 3});
    const nn::Matrix l = apps::cholesky(a);
    CHECK(l.at(0, 0) == 2.0);
    CHECK(l.at(0, 1) == 0.0);
    CHECK(l.at(1, 0) == 1.0);
    CHECK_THAT(l.at(1, 1), WithinAbs(std::sqrt(2.0), 1e-15));
    CHECK_THAT(apps::log_det(a), WithinAbs(std::log(8.0), 1e-14));
    REQUIRE_THROWS_AS(apps::cholesky(nn::Matrix::from_values(2, 2, {1, 2, 2, 1})), std::invalid_argument);
    REQUIRE_THROWS_AS(apps::cholesky(nn::Matrix(2, 3)), std::invalid_argument);
    REQUIRE_THROWS_AS(apps::sparse_correlation(1, 3, 2, 0.8, 0.1), std::invalid_argument);
    REQUIRE_THROWS_AS(apps::dense_correlation(2, 2, -0.5), std::invalid_argument);  // not positive definite
}

TEST_CASE("normal MI of the dense and sparse correlations by hand", "[apps]") {
    // Equicorrelation rho in d dims: det = (1 - rho)^(d-1) (1 + (d-1) rho); for rho = 1/2,
    // I = (1/2) ln(2 ((dx + 1)/2) ((dy + 1)/2) / ((dx + dy + 1)/2)).
    for (const std::size_t d : {2, 5, 50}) {
        const double half = (double(d) + 1.0) / 2.0;
        const double expected = 0.5 * std::log2(2.0 * half * half / ((2.0 * double(d) + 1.0) / 2.0));
        CHECK_THAT(apps::normal_mi_bits(apps::dense_correlation(d, d, 0.5), d), WithinAbs(expected, 1e-12));
    }
    CHECK_THAT(apps::normal_mi_bits(apps::dense_correlation(2, 2, 0.5), 2), WithinAbs(0.5 * std::log2(1.8), 1e-12));
    // Without within-block correlation, two independent pairs of correlation 0.8: 2 (-1/2) log2(1 - 0.64).
    CHECK_THAT(apps::normal_mi_bits(apps::sparse_correlation(4, 3, 2, 0.8, 0.0), 4),
               WithinAbs(-std::log2(0.36), 1e-12));
    REQUIRE_THROWS_AS(apps::normal_mi_bits(apps::dense_correlation(2, 2, 0.5), 4), std::invalid_argument);
}

TEST_CASE("Student-t entropy and correction against Cauchy, the normal limit and positivity", "[apps]") {
    CHECK_THAT(apps::student_t_entropy_nats(1.0, 1), WithinAbs(std::log(4.0 * std::numbers::pi), 1e-12));
    for (const std::size_t d : {1, 3}) {  // nu -> infinity: the standard normal's (d/2) ln(2 pi e)
        CHECK_THAT(apps::student_t_entropy_nats(1e7, d),
                   WithinAbs(0.5 * double(d) * std::log(2.0 * std::numbers::pi * std::numbers::e), 1e-6));
    }
    CHECK(apps::student_t_correction_bits(1e7, 5, 5) < 1e-5);
    double previous = INFINITY;
    for (const double nu : {1.0, 2.0, 3.0, 5.0, 30.0}) {  // positive, shrinking as the tails thin
        const double c = apps::student_t_correction_bits(nu, 2, 2);
        CHECK(c > 0.0);
        CHECK(c < previous);
        previous = c;
    }
    const apps::BmiTask& task = apps::bmi_task("student-dense-2-2-nu1");
    CHECK_THAT(apps::bmi_true_bits(task), WithinAbs(0.5 * std::log2(1.8) + apps::student_t_correction_bits(1, 2, 2),
                                                    1e-12));
}

TEST_CASE("Student-t MI equals a Monte Carlo integral of its log density ratio", "[apps]") {
    // d = 1 + 1, dispersion correlation 0.5: I = E[ln p(x, y) - ln p(x) - ln p(y)] over the sampler's rows.
    for (const std::size_t nu : {1, 5}) {
        const apps::BmiTask task{"t", 1, 1, apps::dense_correlation(1, 1, 0.5), nu};
        nn::Rng rng(7);
        nn::Matrix x, y;
        const std::size_t n = 200000;
        apps::sample_bmi_task(task, n, rng, x, y);
        double sum = 0.0;
        for (std::size_t r = 0; r < n; ++r)
            sum += log_t2(x.at(r, 0), y.at(r, 0), 0.5, double(nu)) - log_t1(x.at(r, 0), double(nu)) -
                   log_t1(y.at(r, 0), double(nu));
        const double mc_bits = sum / double(n) / std::numbers::ln2;
        CHECK_THAT(mc_bits, WithinAbs(apps::bmi_true_bits(task), 0.01));  // standard error about 0.003 bits
    }
}

TEST_CASE("samplers reproduce their covariance", "[apps]") {
    nn::Rng rng(3);
    nn::Matrix x, y;
    const apps::BmiTask& normal = apps::bmi_task("mn-sparse-5-5");
    apps::sample_bmi_task(normal, 40000, rng, x, y);
    REQUIRE(x.cols == 5);
    REQUIRE(y.cols == 5);
    nn::Matrix cov = sample_covariance(x, y);
    for (std::size_t i = 0; i < 10; ++i)
        for (std::size_t j = 0; j < 10; ++j) CHECK_THAT(cov.at(i, j), WithinAbs(normal.scatter.at(i, j), 0.03));
    // Student-t with nu = 5: covariance nu / (nu - 2) times the dispersion.
    const apps::BmiTask& student = apps::bmi_task("student-dense-2-2-nu5");
    apps::sample_bmi_task(student, 40000, rng, x, y);
    cov = sample_covariance(x, y);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            CHECK_THAT(cov.at(i, j), WithinAbs(5.0 / 3.0 * student.scatter.at(i, j), 0.12));
    REQUIRE_THROWS_AS(apps::sample_bmi_task(normal, 0, rng, x, y), std::invalid_argument);
}

TEST_CASE("the transforms are bijections and keep the truth", "[apps]") {
    // Strictly increasing maps of one coordinate are bijections onto their range.
    double last[5] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    for (double v = -6.0; v <= 6.0; v += 1e-3) {
        const double now[5] = {apps::half_cube(v), std::asinh(v), apps::normal_cdf(v), apps::wiggly(v, false),
                               apps::wiggly(v, true)};
        for (int i = 0; i < 5; ++i) {
            CHECK(now[i] > last[i]);
            last[i] = now[i];
        }
    }
    CHECK_THAT(apps::normal_cdf(0.0), WithinAbs(0.5, 1e-15));
    CHECK_THAT(apps::normal_cdf(1.0), WithinAbs(0.8413447460685429, 1e-13));
    CHECK_THAT(apps::half_cube(-4.0), WithinAbs(-8.0, 1e-15));
    // The spiral keeps the norm and is undone by the opposite speed.
    nn::Rng rng(5);
    for (int trial = 0; trial < 100; ++trial) {
        double v[3] = {2.0 * rng.normal(), 2.0 * rng.normal(), rng.normal()};
        const double original[3] = {v[0], v[1], v[2]};
        apps::spiral(v, 3, apps::spiral_speed);
        CHECK_THAT(v[0] * v[0] + v[1] * v[1], WithinRel(original[0] * original[0] + original[1] * original[1], 1e-12));
        CHECK(v[2] == original[2]);
        apps::spiral(v, 3, -apps::spiral_speed);
        for (int i = 0; i < 3; ++i) CHECK_THAT(v[i], WithinAbs(original[i], 1e-12));
    }
    double one[1] = {1.0};
    REQUIRE_THROWS_AS(apps::spiral(one, 1, 0.5), std::invalid_argument);
    for (const char* name : {"half_cube", "asinh", "normal_cdf", "wiggly", "spiral"})
        CHECK(apps::bmi_true_bits(apps::bmi_task(std::string(name) + "@mn-sparse-5-5")) ==
              apps::bmi_true_bits(apps::bmi_task("mn-sparse-5-5")));
}

TEST_CASE("KSG is nearly invariant under the transforms of one sample", "[apps]") {
    // Same seed: the transformed task draws the same base rows. KSG is invariant under maps of each
    // coordinate in the limit; at N = 2000 in 2 + 2 dims the difference stays well under 0.15 bits.
    const auto ksg_of = [](const std::string& name) {
        nn::Rng rng(11);
        nn::Matrix x, y;
        apps::sample_bmi_task(apps::bmi_task(name), 2000, rng, x, y);
        return estimators::ksg_bits(x, y, {});
    };
    const double base = ksg_of("mn-sparse-2-2");
    CHECK_THAT(base, WithinAbs(apps::bmi_true_bits(apps::bmi_task("mn-sparse-2-2")), 0.15));
    for (const char* name : {"half_cube", "asinh", "normal_cdf", "wiggly"})
        CHECK_THAT(ksg_of(std::string(name) + "@mn-sparse-2-2"), WithinAbs(base, 0.15));
}

TEST_CASE("the task list with names, dimensions and unknown names", "[apps]") {
    REQUIRE(apps::bmi_tasks().size() == 26);
    const apps::BmiTask& task = apps::bmi_task("mn-dense-50-50");
    CHECK(task.dim_x == 50);
    CHECK(task.scatter.rows == 100);
    CHECK(apps::bmi_task("student-dense-5-5-nu3").nu == 3);
    REQUIRE_THROWS_WITH(apps::bmi_task("nope"), Catch::Contains("unknown task 'nope'") && Catch::Contains("mn-dense-2-2"));
}

TEST_CASE("the suite is deterministic whatever the threads, with its CSV and heat map", "[apps]") {
    apps::BmiSettings settings = apps::quick_bmi_settings();
    settings.estimators = {"ksg", "kl:k=5,weighted=1"};
    settings.tasks = {"asinh@mn-sparse-2-2", "mn-dense-2-2"};  // reported in the table's order
    settings.threads = 1;
    const std::vector<apps::BmiRow> one = apps::run_bmi_suite(settings);
    settings.threads = 2;
    const std::vector<apps::BmiRow> two = apps::run_bmi_suite(settings);
    REQUIRE(one.size() == 4);
    REQUIRE(two.size() == 4);
    for (std::size_t i = 0; i < one.size(); ++i) {
        CHECK(one[i].mean_bits == two[i].mean_bits);
        CHECK(one[i].std_bits == two[i].std_bits);
        CHECK(one[i].n == 1000);
        CHECK(one[i].seeds == 3);
        CHECK(one[i].std_bits > 0.0);
        CHECK_THAT(one[i].mean_bits, WithinAbs(one[i].true_bits, 0.2));
    }
    CHECK(one[0].estimator == "ksg:k=3,variant=1,seed=0");
    CHECK(one[0].task == "mn-dense-2-2");
    CHECK(one[1].task == "asinh@mn-sparse-2-2");

    std::istringstream csv(apps::bmi_csv(one, {"seed: none"}));
    const apps::CsvTable table = apps::read_csv(csv, "bmi.csv");
    CHECK(table.comments == std::vector<std::string>{"seed: none"});
    CHECK(table.header == std::vector<std::string>{"estimator", "task", "dim_x", "dim_y", "n", "true_bits",
                                                   "mean_bits", "std_bits", "seeds"});
    REQUIRE(table.rows.size() == 4);
    CHECK(table.number(1, table.column("mean_bits")) == one[1].mean_bits);

    const std::string svg = apps::bmi_heatmap_svg(one);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("asinh@mn-sparse-2-2") != std::string::npos);
    CHECK(svg.find("ksg:k=3,variant=1,seed=0  (N = 1000)") != std::string::npos);
    CHECK(svg.find("<title>ksg:k=3,variant=1,seed=0 on mn-dense-2-2, N = 1000: ") != std::string::npos);
    CHECK(apps::bmi_table(one).find("asinh@mn-sparse-2-2") != std::string::npos);
    REQUIRE_THROWS_AS(apps::bmi_heatmap_svg({}), std::invalid_argument);
    // A long spec is cut in its label; a huge estimate fits its cell.
    std::vector<apps::BmiRow> odd = {one[0]};
    odd[0].estimator = std::string(50, 'e');
    odd[0].mean_bits = -1459.41;
    const std::string cut = apps::bmi_heatmap_svg(odd);
    CHECK(cut.find(std::string(39, 'e') + "...  (N = 1000)") != std::string::npos);
    CHECK(cut.find("<title>" + std::string(50, 'e') + "</title>") != std::string::npos);
    CHECK(cut.find(">-1e+03</text>") != std::string::npos);
}

TEST_CASE("the suite refuses what it cannot run", "[apps]") {
    apps::BmiSettings settings = apps::quick_bmi_settings();
    settings.tasks = {"mn-dense-2-2"};
    settings.estimators = {"kde"};
    REQUIRE_THROWS_WITH(apps::run_bmi_suite(settings), Catch::Contains("not applicable: kde"));
    settings.estimators = {"ksg"};
    settings.tasks = {"nope"};
    REQUIRE_THROWS_WITH(apps::run_bmi_suite(settings), Catch::Contains("unknown task"));
    settings.tasks = {"mn-dense-2-2"};
    settings.sizes = {50};
    REQUIRE_THROWS_AS(apps::run_bmi_suite(settings), std::invalid_argument);
    settings.sizes = {};
    REQUIRE_THROWS_AS(apps::run_bmi_suite(settings), std::invalid_argument);
    settings = apps::quick_bmi_settings();
    settings.seeds = 0;
    REQUIRE_THROWS_AS(apps::run_bmi_suite(settings), std::invalid_argument);
    CHECK(apps::bmi_not_applicable_reason("ksg").empty());
    CHECK(!apps::bmi_not_applicable_reason("binning").empty());
    REQUIRE_THROWS_AS(apps::bmi_not_applicable_reason("nope"), std::invalid_argument);
    CHECK(apps::bmi_runs("renyi:alpha=1.01", 2, 2, 2000));
    CHECK(!apps::bmi_runs("renyi:alpha=1.01", 2, 2, 5000));
    CHECK(!apps::bmi_runs("mine:seed=1", 2, 2, 5000));
    CHECK(apps::bmi_runs("ksg:k=3,variant=1,seed=0", 25, 25, 5000));
    CHECK(!apps::bmi_runs("ksg:k=3,variant=1,seed=0", 25, 25, 10000));
    CHECK(apps::bmi_runs("ksg:k=3,variant=1,seed=0", 5, 5, 10000));
    CHECK(apps::bmi_runs("kl:k=5,weighted=1,seed=0", 5, 5, 1000));    // floor(10 / 4) = 2 < 5
    CHECK(!apps::bmi_runs("kl:k=5,weighted=1,seed=0", 10, 10, 1000));  // floor(20 / 4) = 5, not < 5
    CHECK(apps::bmi_runs("kl:k=5,weighted=0,seed=0", 10, 10, 1000));
}

TEST_CASE("infoplane validate --suite bmi --quick writes its table, CSV and figure", "[apps]") {
    const cli::TempDir dir;
    const auto run = cli::run_infoplane({"validate", "--suite", "bmi", "--quick", "--seeds", "2", "--tasks",
                                         "mn-sparse-2-2,wiggly@mn-sparse-2-2", "--estimator", "ksg", "--csv",
                                         "bmi.csv", "--figure", "bmi.svg"},
                                        dir.path);
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out.find("wiggly@mn-sparse-2-2") != std::string::npos);
    CHECK(run.out.find("not applicable: kde") != std::string::npos);
    const apps::CsvTable table = apps::read_csv(dir.file("bmi.csv"));
    REQUIRE(table.rows.size() == 2);
    CHECK(table.integer(0, table.column("seeds")) == 2);
    CHECK(table.comments.at(0).rfind("command: ", 0) == 0);
    CHECK(cli::read_file(dir.file("bmi.svg")).find("</svg>") != std::string::npos);
}

TEST_CASE("infoplane validate --suite refuses bad usage with exit status 2", "[apps]") {
    const cli::TempDir dir;
    const auto expect = [&](const cli::Args& args, const std::string& message) {
        const auto run = cli::run_infoplane(args, dir.path);
        CHECK(run.status == 2);
        CHECK(run.err.find(message) != std::string::npos);
    };
    expect({"validate", "--suite", "nope"}, "--suite must be gaussians or bmi, got 'nope'");
    expect({"validate", "--suite", "bmi", "--cases", "gaussian"}, "--cases belongs to --suite gaussians");
    expect({"validate", "--figure", "x.svg"}, "--figure belongs to --suite bmi");
    expect({"validate", "--quick"}, "--quick belongs to --suite bmi");
    expect({"validate", "--suite", "bmi", "--estimator", "kde", "--quick"}, "not applicable: kde");
    expect({"validate", "--suite", "bmi", "--tasks", "mn-dense-2-2,nope"}, "unknown task 'nope'");
    expect({"validate", "--suite", "bmi", "--threads", "0"}, "--threads must be at least 1");
    expect({"validate", "--suite", "bmi", "--seeds", "0"}, "--seeds must be at least 1");
    expect({"validate", "--suite", "bmi", "--sizes", "1000,5k"}, "--sizes wants whole numbers >= 100, got '5k'");
    expect({"validate", "--suite", "bmi", "--sizes", "50"}, "got '50'");
    expect({"validate", "--seeds", "3"}, "--seeds belongs to --suite bmi");
}
