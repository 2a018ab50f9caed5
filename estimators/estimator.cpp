// estimators/estimator.cpp — the estimator factory: one table row per estimator name.
#include "estimators/estimator.hpp"

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

}  // namespace

std::unique_ptr<Estimator> make_estimator(const std::string& text) {
    Spec spec(text);
    std::string known;
    for (const Entry& entry : registry) {
        if (spec.name() == entry.name) {
            std::unique_ptr<Estimator> estimator = entry.make(spec);
            spec.finish();  // also catches an entry that forgot to
            return estimator;
        }
        known += known.empty() ? entry.name : std::string(", ") + entry.name;
    }
    spec.fail("unknown estimator '" + spec.name() + "'; known estimators: " + known);
}

}  // namespace estimators
