// estimators/compress.hpp — "compress": reduce a layer to K columns (PCA or an autoencoder's code) and
// hand the reduced observations to an inner estimator, as Butakov et al. (ICLR 2024) do before k-NN.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "estimators/compress_autoencoder.hpp"
#include "estimators/estimator.hpp"
#include "estimators/spec.hpp"

namespace estimators {

enum class CompressMethod { pca, autoencoder };

struct CompressOptions {
    CompressMethod method = CompressMethod::pca;
    std::size_t dim = 1;              // K
    bool both = false;                // what=both: also compress x and y_matrix; what=t: T alone
    AutoencoderOptions autoencoder;   // method=autoencoder only (its dim is set from `dim`)
    std::uint64_t seed = 0;           // method=autoencoder only: weights and mini-batches
};

// Compresses T (N, D_T) to (N, K) and returns the inner estimator's estimate on it. With what=t, x, the
// input ids, the labels and y_matrix pass through: the compressed T is a function of T, so by the
// data-processing inequality I(X; T_K) <= I(X; T) and I(T_K; Y) <= I(T; Y) — lower bounds, up to the
// inner estimator's own error. With what=both, x and y_matrix are compressed too, each by its own
// compressor, and no bound holds in either direction. Labels always pass through. The compressor is
// fitted anew at every call: the layer changes from epoch to epoch, and directions fitted at one epoch
// would not suit the next. The layer's activation is not passed on (a projection leaves its range).
// Diagnostics: t_variance_kept (the fraction of T's variance the K columns explain — PCA: of the centred
// columns; autoencoder: 1 - reconstruction error over variance, standardised), then the inner ones.
class CompressEstimator : public Estimator {
public:
    // Throws on dim < 1, a null inner estimator, or autoencoder options out of range.
    CompressEstimator(const CompressOptions& options, std::unique_ptr<Estimator> inner);
    // "compress:method=pca,dim=4,what=t,then=ksg:k=3,variant=2,seed=0" (the inner estimator resolved);
    // method=autoencoder adds hidden, epochs, batch, lr, seed before `then`.
    std::string spec() const override;
    std::vector<std::string> diagnostic_names() const override;
    // Throws when K exceeds the columns of a variable it compresses.
    Estimate estimate(const Observations& observations) override;

private:
    struct Reduced {
        nn::Matrix codes;
        double variance_kept = 1.0;
    };
    Reduced reduce(const nn::Matrix& m, const char* what, nn::Rng& rng) const;

    CompressOptions options_;
    std::unique_ptr<Estimator> inner_;
};

// "compress:method=pca|autoencoder,dim=K[,what=t|both][,hidden=,epochs=,batch=,lr=,seed=],then=SPEC"
// (the factory's entry); dim and then are required, `then` last. An invalid inner spec is reported as
// "estimator spec '<outer>': then: estimator spec '<inner>': <problem>".
std::unique_ptr<Estimator> make_compress(Spec& spec);

}  // namespace estimators
