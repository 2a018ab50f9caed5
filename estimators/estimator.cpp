// estimators/estimator.cpp — the estimator factory: one table row per estimator name, and the wrapper that
// makes every estimator it builds refuse NaN and infinite observations.
#include "estimators/estimator.hpp"

#include <cfloat>
#include <cmath>

#include "estimators/binning.hpp"
#include "estimators/compress.hpp"
#include "estimators/decision.hpp"
#include "estimators/edge.hpp"
#include "estimators/kde.hpp"
#include "estimators/kl.hpp"
#include "estimators/ksg.hpp"
#include "estimators/mine.hpp"
#include "estimators/noisy.hpp"
#include "estimators/renyi.hpp"
#include "estimators/spec.hpp"
#include "nn/check.hpp"

namespace estimators {

namespace {

// make_<name> reads its parameters from the spec and calls spec.finish() before its cross-checks.
struct Entry {
    const char* name;
    std::unique_ptr<Estimator> (*make)(Spec& spec);
};

constexpr Entry registry[] = {
    {"binning", make_binning},
    {"compress", make_compress},
    {"decision", make_decision},
    {"edge", make_edge},
    {"kde", make_kde},
    {"kl", make_kl},
    {"ksg", make_ksg},
    {"mine", make_mine},
    {"noisy", make_noisy},
    {"renyi", make_renyi},
};

// Throws "NAME: WHAT at row R, column C is nan" for the first non-finite value of `m` (none when null).
void require_finite(const nn::Matrix* m, const std::string& name, const char* what) {
    if (m == nullptr) return;
    const std::vector<double>& v = m->data;
    // One branch-free pass first (|NaN| <= max is false, as is |inf| <= max), which the compiler
    // vectorises: the inputs of a large run are scanned at every sampled epoch.
    bool finite = true;
    for (const double value : v) finite &= std::fabs(value) <= DBL_MAX;
    if (finite) return;
    for (std::size_t i = 0; i < v.size(); ++i)  // a NaN is "nan" whatever its sign bit
        NN_CHECK(std::isfinite(v[i]), name << ": " << what << " at row " << i / m->cols << ", column " << i % m->cols
                                           << " is " << (std::isnan(v[i]) ? "nan" : v[i] > 0 ? "inf" : "-inf"));
}

// Checks the observations, then hands them on: the one place every estimator's input goes through, so
// an estimator added to the registry is covered without a check of its own.
class FiniteObservations final : public Estimator {
public:
    FiniteObservations(std::unique_ptr<Estimator> inner, std::string name)
        : inner_(std::move(inner)), name_(std::move(name)) {}
    std::string spec() const override { return inner_->spec(); }
    std::vector<std::string> diagnostic_names() const override { return inner_->diagnostic_names(); }
    Estimate estimate(const Observations& observations) override {
        require_finite(observations.t, name_, "activation");
        require_finite(observations.x, name_, "input x");
        require_finite(observations.y_matrix, name_, "y_matrix");
        return inner_->estimate(observations);
    }

private:
    std::unique_ptr<Estimator> inner_;
    std::string name_;
};

}  // namespace

std::unique_ptr<Estimator> make_estimator(const std::string& text) {
    Spec spec(text);
    std::string known;
    for (const Entry& entry : registry) {
        if (spec.name() == entry.name) {
            std::unique_ptr<Estimator> estimator = entry.make(spec);
            spec.finish();  // also catches an entry that forgot to
            return std::make_unique<FiniteObservations>(std::move(estimator), entry.name);
        }
        known += known.empty() ? entry.name : std::string(", ") + entry.name;
    }
    spec.fail("unknown estimator '" + spec.name() + "'; known estimators: " + known);
}

std::vector<std::string> estimator_names() {
    std::vector<std::string> names;
    for (const Entry& entry : registry) names.emplace_back(entry.name);
    return names;
}

}  // namespace estimators
