// tests/estimate_by_spec.hpp — one estimate from a fresh estimator built by its spec, for the tests of
// the estimators that read T, the labels and the input ids; and the message a bad spec is refused with.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "estimators/estimator.hpp"

inline estimators::Estimate estimate_by_spec(const std::string& spec, const nn::Matrix& t,
                                             const std::vector<int>* y = nullptr,
                                             const std::vector<int>* x_ids = nullptr) {
    estimators::Observations observations;
    observations.t = &t;
    observations.y = y;
    observations.x_ids = x_ids;
    return estimators::make_estimator(spec)->estimate(observations);
}

// What make_estimator(spec) throws (std::invalid_argument), or "no error".
inline std::string spec_error(const std::string& spec) {
    try {
        estimators::make_estimator(spec);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "no error";
}
