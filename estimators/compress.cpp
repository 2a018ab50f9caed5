// estimators/compress.cpp — the compress estimator: PCA or autoencoder codes of T (and, with what=both,
// of x and y_matrix), then the inner estimator on them; its spec with the inner spec under `then`.
#include "estimators/compress.hpp"

#include <stdexcept>
#include <utility>

#include "estimators/compress_pca.hpp"
#include "nn/check.hpp"

namespace estimators {

CompressEstimator::CompressEstimator(const CompressOptions& options, std::unique_ptr<Estimator> inner)
    : options_(options), inner_(std::move(inner)) {
    NN_CHECK(inner_ != nullptr, "compress: no inner estimator");
    NN_CHECK(options_.dim >= 1, "compress: dim must be at least 1, got " << options_.dim);
    const AutoencoderOptions& a = options_.autoencoder;
    NN_CHECK(a.hidden >= 1 && a.epochs >= 1 && a.batch >= 1,
             "compress: hidden, epochs and batch must be at least 1, got " << a.hidden << ", " << a.epochs << ", "
                                                                           << a.batch);
    NN_CHECK(a.lr > 0.0, "compress: lr must be positive, got " << a.lr);
    options_.autoencoder.dim = options_.dim;
}

std::string CompressEstimator::spec() const {
    const bool pca = options_.method == CompressMethod::pca;
    SpecParams params = {{"method", pca ? "pca" : "autoencoder"},
                         {"dim", format_number(options_.dim)},
                         {"what", options_.both ? "both" : "t"}};
    if (!pca) {
        const AutoencoderOptions& a = options_.autoencoder;
        params.insert(params.end(), {{"hidden", format_number(a.hidden)},
                                     {"epochs", format_number(a.epochs)},
                                     {"batch", format_number(a.batch)},
                                     {"lr", format_number(a.lr)},
                                     {"seed", format_number(options_.seed)}});
    }
    params.emplace_back(Spec::tail_key, inner_->spec());
    return format_spec("compress", params);
}

std::vector<std::string> CompressEstimator::diagnostic_names() const {
    std::vector<std::string> names = {"t_variance_kept"};
    for (const std::string& name : inner_->diagnostic_names()) names.push_back(name);
    return names;
}

CompressEstimator::Reduced CompressEstimator::reduce(const nn::Matrix& m, const char* what, nn::Rng& rng) const {
    NN_CHECK(options_.dim <= m.cols,
             "compress: dim = " << options_.dim << " exceeds the " << m.cols << " columns of " << what);
    if (options_.method == CompressMethod::autoencoder) {
        AutoencoderCode code = autoencoder_code(m, options_.autoencoder, rng);
        return {std::move(code.codes), code.variance_kept};
    }
    PrincipalComponents pca = principal_components(m, options_.dim);
    double kept = 0.0;
    for (double variance : pca.variances) kept += variance;
    return {std::move(pca.scores), pca.total_variance > 0.0 ? kept / pca.total_variance : 1.0};
}

Estimate CompressEstimator::estimate(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "compress: no activations given");
    nn::Rng rng(options_.seed);  // T first, then x, then y_matrix: equal inputs, equal codes
    const Reduced t = reduce(*observations.t, "T", rng);
    Reduced x, y_matrix;
    Observations inner = observations;
    inner.t = &t.codes;
    inner.activation.clear();
    if (options_.both && observations.x != nullptr) {
        x = reduce(*observations.x, "x", rng);
        inner.x = &x.codes;
    }
    if (options_.both && observations.y_matrix != nullptr) {
        y_matrix = reduce(*observations.y_matrix, "y_matrix", rng);
        inner.y_matrix = &y_matrix.codes;
    }
    Estimate estimate = inner_->estimate(inner);
    estimate.diagnostics.insert(estimate.diagnostics.begin(), t.variance_kept);
    return estimate;
}

std::unique_ptr<Estimator> make_compress(Spec& spec) {
    CompressOptions options;
    const std::string method = spec.choice("method", "pca", {"pca", "autoencoder"});
    options.method = method == "pca" ? CompressMethod::pca : CompressMethod::autoencoder;
    const std::optional<long long> dim = spec.find_integer("dim", 1);
    options.both = spec.choice("what", "t", {"t", "both"}) == "both";
    if (options.method == CompressMethod::autoencoder) {  // with pca these keys are unknown
        AutoencoderOptions& a = options.autoencoder;
        a.hidden = long(spec.integer("hidden", a.hidden, 1));
        a.epochs = long(spec.integer("epochs", a.epochs, 1));
        a.batch = long(spec.integer("batch", a.batch, 1));
        a.lr = spec.real("lr", a.lr, Sign::positive);
        options.seed = std::uint64_t(spec.integer("seed", 0, 0));
    }
    const std::optional<std::string> then = spec.find_text(Spec::tail_key);
    spec.finish();
    if (!dim) spec.fail("dim=K is required (the number of columns to keep)");
    if (!then) spec.fail("then=SPEC is required (the estimator applied to the compressed variables), as the last key");
    options.dim = std::size_t(*dim);
    std::unique_ptr<Estimator> inner;
    try {
        inner = make_estimator(*then);
    } catch (const std::invalid_argument& error) {
        spec.fail(std::string("then: ") + error.what());
    }
    return std::make_unique<CompressEstimator>(options, std::move(inner));
}

}  // namespace estimators
