// tests/test_compress.cpp — the compress estimator: PCA (scatter and Gram paths) against hand cases and
// LAPACK's eigenvalues, the autoencoder's code, determinism, the DPI bound and lossless equality through inner
// estimators, every spec error, and the estimator used from `infoplane estimate` and `infoplane train`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "estimate_by_spec.hpp"
#include "datasets/npy.hpp"
#include "estimators/compress.hpp"
#include "estimators/compress_autoencoder.hpp"
#include "estimators/compress_pca.hpp"
#include "estimators/estimator.hpp"
#include "nn/linalg.hpp"
#include "nn/rng.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

nn::Matrix gaussian(std::size_t rows, std::size_t cols, nn::Rng& rng) {
    nn::Matrix m(rows, cols);
    for (double& v : m.data) v = rng.normal();
    return m;
}

nn::Matrix centred(const nn::Matrix& x) {
    nn::Matrix out = x;
    for (std::size_t c = 0; c < x.cols; ++c) {
        double mean = 0.0;
        for (std::size_t r = 0; r < x.rows; ++r) mean += x.at(r, c) / double(x.rows);
        for (std::size_t r = 0; r < x.rows; ++r) out.at(r, c) -= mean;
    }
    return out;
}

// LAPACK's eigenvalues (dsyevd) of Xc^T Xc / N, descending: the variances PCA must find.
std::vector<double> covariance_eigenvalues(const nn::Matrix& x) {
    const nn::Matrix c = centred(x);
    nn::Matrix cov(x.cols, x.cols);
    for (std::size_t i = 0; i < x.cols; ++i)
        for (std::size_t j = 0; j < x.cols; ++j)
            for (std::size_t r = 0; r < x.rows; ++r) cov.at(i, j) += c.at(r, i) * c.at(r, j) / double(x.rows);
    std::vector<double> values(x.cols);
    nn::symmetric_eigenvalues(cov.data.data(), x.cols, values.data());
    std::reverse(values.begin(), values.end());
    return values;
}

// Checks what every PrincipalComponents must satisfy: unit orthogonal directions (or zero ones), scores
// equal to the centred rows times the directions, score variances equal to `variances`, sign convention.
void check_components(const nn::Matrix& x, const estimators::PrincipalComponents& pca) {
    const nn::Matrix c = centred(x);
    const std::size_t K = pca.directions.cols;
    for (std::size_t a = 0; a < K; ++a) {
        std::size_t largest = 0;
        for (std::size_t j = 0; j < x.cols; ++j) {
            if (std::abs(pca.directions.at(j, a)) > std::abs(pca.directions.at(largest, a))) largest = j;
        }
        CHECK(pca.directions.at(largest, a) >= 0.0);
        for (std::size_t b = 0; b < K; ++b) {
            double dot = 0.0, scores = 0.0;
            for (std::size_t j = 0; j < x.cols; ++j) dot += pca.directions.at(j, a) * pca.directions.at(j, b);
            for (std::size_t r = 0; r < x.rows; ++r) scores += pca.scores.at(r, a) * pca.scores.at(r, b) / double(x.rows);
            const double expected_dot = a == b && pca.variances[a] > 0.0 ? 1.0 : 0.0;
            CHECK_THAT(dot, WithinAbs(expected_dot, 1e-10));
            CHECK_THAT(scores, WithinAbs(a == b ? pca.variances[a] : 0.0, 1e-10));
        }
        for (std::size_t r = 0; r < x.rows; ++r) {
            double projection = 0.0;
            for (std::size_t j = 0; j < x.cols; ++j) projection += c.at(r, j) * pca.directions.at(j, a);
            if (pca.variances[a] > 0.0) CHECK_THAT(pca.scores.at(r, a), WithinAbs(projection, 1e-10));
        }
    }
}

estimators::Estimate estimate_with(const std::string& spec, const nn::Matrix& t, const nn::Matrix* x = nullptr,
                                   const std::vector<int>* y = nullptr) {
    estimators::Observations o;
    o.t = &t;
    o.x = x;
    o.y = y;
    return estimators::make_estimator(spec)->estimate(o);
}

}  // namespace

TEST_CASE("compress: PCA of points on a line in 3-D keeps all the variance in one column", "[estimators]") {
    // x_r = (1 + t_r) (1, 2, 2) / 3 + (5, -1, 0), t = -2..2: the direction (1,2,2)/3, the scores t_r.
    nn::Matrix x(5, 3);
    for (std::size_t r = 0; r < 5; ++r) {
        const double t = double(r) - 2.0;
        x.at(r, 0) = (1.0 + t) / 3.0 + 5.0;
        x.at(r, 1) = 2.0 * (1.0 + t) / 3.0 - 1.0;
        x.at(r, 2) = 2.0 * (1.0 + t) / 3.0;
    }
    const estimators::PrincipalComponents pca = estimators::principal_components(x, 1);
    REQUIRE(pca.scores.rows == 5);
    REQUIRE(pca.scores.cols == 1);
    for (std::size_t r = 0; r < 5; ++r) CHECK_THAT(pca.scores.at(r, 0), WithinAbs(double(r) - 2.0, 1e-12));
    CHECK_THAT(pca.directions.at(0, 0), WithinAbs(1.0 / 3.0, 1e-12));
    CHECK_THAT(pca.directions.at(1, 0), WithinAbs(2.0 / 3.0, 1e-12));
    CHECK_THAT(pca.directions.at(2, 0), WithinAbs(2.0 / 3.0, 1e-12));
    CHECK_THAT(pca.variances[0], WithinAbs(2.0, 1e-12));  // mean of t^2 over -2..2
    CHECK_THAT(pca.total_variance, WithinAbs(2.0, 1e-12));
}

TEST_CASE("compress: PCA agrees with LAPACK's eigen-decomposition, via the scatter and the Gram matrix",
          "[estimators]") {
    nn::Rng rng(5);
    nn::Matrix x = gaussian(40, 6, rng);
    for (std::size_t r = 0; r < x.rows; ++r) x.at(r, 1) += 2.0 * x.at(r, 0);  // unequal variances
    for (std::size_t k : {std::size_t(1), std::size_t(3), std::size_t(6)}) {
        const estimators::PrincipalComponents pca = estimators::principal_components(x, k);
        const std::vector<double> expected = covariance_eigenvalues(x);
        for (std::size_t c = 0; c < k; ++c) CHECK_THAT(pca.variances[c], WithinAbs(expected[c], 1e-12));
        check_components(x, pca);
    }
    // D = 12 > N = 7: the Gram path. Centred, 7 rows have rank 6, so a 7th component is zero.
    const nn::Matrix wide = gaussian(7, 12, rng);
    const estimators::PrincipalComponents pca = estimators::principal_components(wide, 7);
    const std::vector<double> expected = covariance_eigenvalues(wide);
    for (std::size_t c = 0; c < 6; ++c) CHECK_THAT(pca.variances[c], WithinAbs(expected[c], 1e-12));
    CHECK(pca.variances[6] == 0.0);
    for (std::size_t r = 0; r < 7; ++r) CHECK(pca.scores.at(r, 6) == 0.0);
    check_components(wide, pca);
    // K = 9 > N = 7: the Gram matrix has 7 eigenpairs; components 7 to 9 are zero, scores and directions.
    const estimators::PrincipalComponents beyond = estimators::principal_components(wide, 9);
    for (std::size_t c = 0; c < 6; ++c) CHECK_THAT(beyond.variances[c], WithinAbs(expected[c], 1e-12));
    for (std::size_t c = 6; c < 9; ++c) {
        CHECK(beyond.variances[c] == 0.0);
        for (std::size_t r = 0; r < 7; ++r) CHECK(beyond.scores.at(r, c) == 0.0);
        for (std::size_t j = 0; j < 12; ++j) CHECK(beyond.directions.at(j, c) == 0.0);
    }
    check_components(wide, beyond);
}

TEST_CASE("compress: PCA with K = D is a rotation that keeps every distance", "[estimators]") {
    nn::Rng rng(8);
    const nn::Matrix x = gaussian(30, 4, rng);
    const estimators::PrincipalComponents pca = estimators::principal_components(x, 4);
    for (std::size_t i = 0; i < 30; i += 7)
        for (std::size_t j = 0; j < 30; ++j) {
            double before = 0.0, after = 0.0;
            for (std::size_t c = 0; c < 4; ++c) {
                before += (x.at(i, c) - x.at(j, c)) * (x.at(i, c) - x.at(j, c));
                after += (pca.scores.at(i, c) - pca.scores.at(j, c)) * (pca.scores.at(i, c) - pca.scores.at(j, c));
            }
            CHECK_THAT(after, WithinAbs(before, 1e-10));
        }
}

TEST_CASE("compress: PCA and autoencoder reject a K out of range", "[estimators]") {
    nn::Rng rng(1);
    const nn::Matrix x = gaussian(10, 3, rng);
    CHECK_THROWS_WITH(estimators::principal_components(x, 4), Contains("dim must be between 1 and the 3 columns, got 4"));
    CHECK_THROWS_WITH(estimators::principal_components(x, 0), Contains("got 0"));
    CHECK_THROWS_WITH(estimators::autoencoder_code(x, {.dim = 4}, rng), Contains("between 1 and the 3 columns, got 4"));
    CHECK_THROWS_WITH(estimate_with("compress:dim=4,then=kl", x, &x), Contains("dim = 4 exceeds the 3 columns of T"));
    const nn::Matrix t = gaussian(10, 5, rng);
    CHECK_THROWS_WITH(estimate_with("compress:dim=4,what=both,then=kl", t, &x),
                      Contains("dim = 4 exceeds the 3 columns of x"));
    nn::Matrix bad = x;
    bad.at(2, 1) = std::nan("");
    CHECK_THROWS_AS(estimators::principal_components(bad, 1), std::invalid_argument);
    CHECK_THROWS_AS(estimators::autoencoder_code(bad, {.dim = 1}, rng), std::invalid_argument);
}

TEST_CASE("compress: the autoencoder's code has K columns, is seeded and learns a line", "[estimators]") {
    // 200 points on a line in 5-D: one code column can reconstruct them.
    nn::Rng data_rng(4);
    nn::Matrix x(200, 5);
    for (std::size_t r = 0; r < 200; ++r) {
        const double t = data_rng.uniform(-1.0, 1.0);
        for (std::size_t c = 0; c < 5; ++c) x.at(r, c) = t * double(c + 1) - double(c);
    }
    const estimators::AutoencoderOptions options{.dim = 1, .hidden = 16, .epochs = 60, .batch = 32};
    nn::Rng a(7), b(7), c(8);
    const estimators::AutoencoderCode first = estimators::autoencoder_code(x, options, a);
    const estimators::AutoencoderCode again = estimators::autoencoder_code(x, options, b);
    const estimators::AutoencoderCode other = estimators::autoencoder_code(x, options, c);
    REQUIRE(first.codes.rows == 200);
    REQUIRE(first.codes.cols == 1);
    CHECK(first.codes.data == again.codes.data);  // the same bits
    CHECK(first.codes.data != other.codes.data);
    CHECK(first.variance_kept > 0.98);
}

TEST_CASE("compress: equal inputs give equal bits, for PCA and the autoencoder", "[estimators]") {
    nn::Rng rng(12);
    const nn::Matrix x = gaussian(150, 3, rng), t = gaussian(150, 6, rng);
    for (const std::string spec : {"compress:dim=2,then=ksg:k=3",
                                   "compress:method=autoencoder,dim=2,hidden=8,epochs=5,seed=3,then=ksg:k=3"}) {
        const estimators::Estimate first = estimate_with(spec, t, &x), second = estimate_with(spec, t, &x);
        CHECK(first.i_xt_bits == second.i_xt_bits);
        CHECK(first.diagnostics == second.diagnostics);
    }
    const auto seeded = [&](int seed) {
        return estimate_with("compress:method=autoencoder,dim=2,hidden=8,epochs=5,seed=" + std::to_string(seed) +
                                 ",then=ksg:k=3",
                             t, &x)
            .i_xt_bits;
    };
    CHECK(seeded(3) != seeded(4));
}

TEST_CASE("compress: lossless PCA leaves a rotation-invariant estimate unchanged", "[estimators]") {
    // renyi with a fixed width depends on T only through distances, which PCA with K = D keeps (kl and ksg
    // standardise each column first, which a rotation does not commute with).
    nn::Rng rng(21);
    const nn::Matrix x = gaussian(120, 3, rng);
    nn::Matrix t = gaussian(120, 4, rng);
    for (std::size_t r = 0; r < t.rows; ++r) t.at(r, 0) += x.at(r, 0) - 0.5 * x.at(r, 2);
    std::vector<int> y(120);
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = x.at(r, 1) > 0.0 ? 1 : 0;
    for (const std::string inner : {"renyi:rule=fixed,sigma=1,solver=exact", "renyi:rule=knn,k=5,solver=exact"}) {
        const estimators::Estimate direct = estimate_with(inner, t, &x, &y);
        const estimators::Estimate compressed = estimate_with("compress:method=pca,dim=4,then=" + inner, t, &x, &y);
        CHECK_THAT(compressed.i_xt_bits, WithinAbs(direct.i_xt_bits, 1e-9));
        REQUIRE(compressed.i_ty_bits.has_value());
        CHECK_THAT(*compressed.i_ty_bits, WithinAbs(*direct.i_ty_bits, 1e-9));
        CHECK_THAT(compressed.diagnostics.at(0), WithinAbs(1.0, 1e-12));
        // what=both with K equal to both widths rotates x as well: still the same estimate.
        const nn::Matrix x4 = gaussian(120, 4, rng);
        const estimators::Estimate both = estimate_with("compress:dim=4,what=both,then=" + inner, t, &x4, &y);
        CHECK_THAT(both.i_xt_bits, WithinAbs(estimate_with(inner, t, &x4, &y).i_xt_bits, 1e-9));
    }
}

TEST_CASE("compress: compressing T alone gives at most the uncompressed estimate", "[estimators]") {
    // X (N, 3) standard normal; T = X + noise with noise sd 0.1, 1, 3 per column: PCA to one column keeps
    // mostly the noisiest direction's variance, and I(X; T_1) is well below I(X; T).
    nn::Rng rng(30);
    const std::size_t N = 800;
    const nn::Matrix x = gaussian(N, 3, rng);
    nn::Matrix t(N, 3);
    const double noise[3] = {0.1, 1.0, 3.0};
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t c = 0; c < 3; ++c) t.at(r, c) = x.at(r, c) + noise[c] * rng.normal();
    for (const std::string inner : {"ksg:k=3", "kl:k=5"}) {
        const double full = estimate_with(inner, t, &x).i_xt_bits;
        double previous = 0.0;
        for (int k = 1; k <= 3; ++k) {
            const estimators::Estimate e = estimate_with("compress:dim=" + std::to_string(k) + ",then=" + inner, t, &x);
            INFO(inner << " K = " << k << ": " << e.i_xt_bits << " bits against " << full);
            CHECK(e.i_xt_bits <= full + 0.05);
            CHECK(e.i_xt_bits >= previous - 0.05);  // more columns, more information (within noise)
            previous = e.i_xt_bits;
        }
    }
    // With labels y = [x_0 > 0]: the one kept column is mostly the noisiest one, so I(T_1;Y) < I(T;Y).
    std::vector<int> y(N);
    for (std::size_t r = 0; r < N; ++r) y[r] = x.at(r, 0) > 0.0 ? 1 : 0;
    const double full = *estimate_with("ksg:k=3", t, &x, &y).i_ty_bits;
    const double one = *estimate_with("compress:dim=1,then=ksg:k=3", t, &x, &y).i_ty_bits;
    CHECK(one < full);
}

TEST_CASE("compress: resolved spec, diagnostics and nesting", "[estimators]") {
    const auto pca = estimators::make_estimator("compress:dim=2,then=ksg:variant=2");
    CHECK(pca->spec() == "compress:method=pca,dim=2,what=t,then=ksg:k=3,variant=2,seed=0");
    CHECK(estimators::make_estimator(pca->spec())->spec() == pca->spec());
    const auto ae = estimators::make_estimator("compress:method=autoencoder,dim=3,what=both,then=binning");
    CHECK_THAT(ae->spec(), Contains("compress:method=autoencoder,dim=3,what=both,hidden=64,epochs=50,batch=128,"
                                    "lr=0.001,seed=0,then=binning:"));
    CHECK(estimators::make_estimator(ae->spec())->spec() == ae->spec());
    const auto binned = estimators::make_estimator("compress:dim=1,then=binning");
    std::vector<std::string> names = {"t_variance_kept"};
    for (const std::string& name : estimators::make_estimator("binning")->diagnostic_names()) names.push_back(name);
    CHECK(binned->diagnostic_names() == names);

    // compress of compress: PCA to 2 then to 1 gives PCA to 1.
    const auto nested = estimators::make_estimator("compress:dim=2,then=compress:dim=1,then=renyi:rule=fixed,sigma=1");
    CHECK_THAT(nested->spec(), Contains("compress:method=pca,dim=2,what=t,then=compress:method=pca,dim=1,what=t,"
                                        "then=renyi:"));
    nn::Rng rng(2);
    nn::Matrix t = gaussian(60, 3, rng);
    for (std::size_t r = 0; r < t.rows; ++r) t.at(r, 2) *= 3.0;
    const estimators::Estimate twice = nested->estimate({.t = &t});
    const estimators::Estimate once = estimate_with("compress:dim=1,then=renyi:rule=fixed,sigma=1", t);
    CHECK_THAT(twice.i_xt_bits, WithinAbs(once.i_xt_bits, 1e-9));
    // The outer and the inner t_variance_kept, then renyi's own diagnostics.
    CHECK(twice.diagnostics.size() == 2 + estimators::make_estimator("renyi")->diagnostic_names().size());
    CHECK_THAT(twice.diagnostics[1], WithinAbs(once.diagnostics[0] / twice.diagnostics[0], 1e-9));
}

TEST_CASE("compress: spec errors name the spec, and the inner spec when it is the bad one", "[estimators]") {
    CHECK(spec_error("compress:dim=2,then=ksg:k=x") ==
          "estimator spec 'compress:dim=2,then=ksg:k=x': then: estimator spec 'ksg:k=x': k must be an integer, got 'x'");
    CHECK(spec_error("compress:dim=2,then=nope") ==
          "estimator spec 'compress:dim=2,then=nope': then: estimator spec 'nope': unknown estimator 'nope'; known "
          "estimators: " +
              spec_error("nope").substr(spec_error("nope").find("binning")));
    CHECK(spec_error("compress:then=kl") == "estimator spec 'compress:then=kl': dim=K is required (the number of columns "
                                          "to keep)");
    CHECK(spec_error("compress:dim=2") == "estimator spec 'compress:dim=2': then=SPEC is required (the estimator applied "
                                        "to the compressed variables), as the last key");
    CHECK(spec_error("compress:dim=0,then=kl") == "estimator spec 'compress:dim=0,then=kl': dim must be >= 1, got '0'");
    CHECK(spec_error("compress:dim=2,then=kl,what=t") ==
          "estimator spec 'compress:dim=2,then=kl,what=t': key 'then' must be the last: it takes the rest of the text "
          "('kl,what=t') as an estimator spec");
    CHECK(spec_error("compress:dim=2,then=ksg:k=3,what=t") ==
          "estimator spec 'compress:dim=2,then=ksg:k=3,what=t': then: estimator spec 'ksg:k=3,what=t': unknown key "
          "'what'; ksg accepts k, variant, seed");
    CHECK(spec_error("compress:dim=2,then=") == "estimator spec 'compress:dim=2,then=': empty value for key 'then'");
    CHECK(spec_error("compress:method=pca,dim=2,seed=1,then=kl") ==
          "estimator spec 'compress:method=pca,dim=2,seed=1,then=kl': unknown key 'seed'; compress accepts method, "
          "dim, what, then");
    CHECK(spec_error("compress:method=svd,dim=2,then=kl") ==
          "estimator spec 'compress:method=svd,dim=2,then=kl': method must be one of pca, autoencoder; got 'svd'");
    CHECK(spec_error("compress:dim=2,what=x,then=kl") ==
          "estimator spec 'compress:dim=2,what=x,then=kl': what must be one of t, both; got 'x'");
    CHECK_THAT(spec_error("compress:method=autoencoder,dim=2,epochs=0,then=kl"), Contains("epochs must be >= 1, got '0'"));
    CHECK_THAT(spec_error("compress:method=autoencoder,dim=2,lr=-1,then=kl"), Contains("lr must be positive"));
}

TEST_CASE("compress: usable from infoplane estimate and from a train INI", "[estimators]") {
    const cli::TempDir dir;
    nn::Rng rng(9);
    const nn::Matrix x = gaussian(200, 3, rng);
    nn::Matrix t = gaussian(200, 5, rng);
    for (std::size_t r = 0; r < t.rows; ++r) t.at(r, 0) += x.at(r, 0);
    datasets::write_npy(dir.file("t.npy"), t);
    datasets::write_npy(dir.file("x.npy"), x);
    const std::string spec = "compress:method=pca,dim=2,then=ksg:k=3,variant=2";
    const cli::CliResult estimate =
        cli::run_infoplane({"estimate", "--t", "t.npy", "--x", "x.npy", "--estimator", spec}, dir.path);
    INFO(estimate.err);
    REQUIRE(estimate.status == 0);
    CHECK_THAT(estimate.out, Contains("compress:method=pca,dim=2,what=t,then=ksg:k=3,variant=2,seed=0"));
    CHECK_THAT(estimate.out, Contains("t_variance_kept"));

    const cli::CliResult bad =
        cli::run_infoplane({"estimate", "--t", "t.npy", "--estimator", "compress:dim=2,then=ksg:k=x"}, dir.path);
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Contains("then: estimator spec 'ksg:k=x'"));

    const std::string ini = cli::read_file(cli::demo_preset) + "estimator = compress:dim=2,then=kl:k=3\n";
    dir.write("compress.ini", ini);
    const cli::CliResult train = cli::run_infoplane(
        {"train", "--config", "compress.ini", "--out", "run", "--epochs", "4", "--snapshots", "2"}, dir.path);
    INFO(train.err);
    REQUIRE(train.status == 0);
    CHECK_THAT(cli::read_file(dir.path / "run" / "information_plane.csv"),
               Contains("compress:method=pca,dim=2,what=t,then=kl:k=3"));
}
