// estimators/knn_support.hpp — what the k-NN estimators (ksg, kl) share: the digamma function of their
// bias corrections, and the preparation of the data (standardised columns, a tiny seeded jitter).
#pragma once
#include <cstdint>
#include <string>

#include "estimators/estimator.hpp"
#include "nn/check.hpp"
#include "nn/matrix.hpp"
#include "nn/rng.hpp"

namespace estimators {

// psi(x) = d/dx log Gamma(x) for x > 0: the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then the
// asymptotic series log x - 1/(2x) - sum_{n<=5} B_2n / (2n x^2n) (error below 1e-14 there).
double digamma(double x);

// Each column centred and divided by its standard deviation (a constant column is only centred), then
// 1e-10 N(0, 1) added to every value (drawn row by row from `rng`), as scikit-learn's
// mutual_info_regression does: rows that repeat (binary inputs, saturated or dead units) become distinct
// while no distance that matters moves. Throws on non-finite values, naming `what`, the row and column.
nn::Matrix standardize_with_jitter(const nn::Matrix& x, nn::Rng& rng, const char* what);

// [a b]: (N, d_a + d_b); throws unless both have N rows.
nn::Matrix join_columns(const nn::Matrix& a, const nn::Matrix& b);

// The estimate of a k-NN estimator named `name`: I(X;T) = mi(x, t), which needs the inputs (without them
// every row is a distinct input, T a function of it, and I(X;T) of a continuous T infinite); I(T;Y) =
// labels_mi(t, y) for class labels, or mi(t, y_matrix) for a second continuous variable (I(T;X')).
template <class Mi, class LabelsMi>
Estimate knn_estimate(const std::string& name, const Observations& o, Mi mi, LabelsMi labels_mi) {
    NN_CHECK(o.t != nullptr, name << ": no activations given");
    NN_CHECK(o.x != nullptr, name << ": I(X;T) needs the inputs x; without them every row is a distinct input, "
                                     "T is a function of it and I(X;T) of a continuous T is infinite");
    NN_CHECK(o.y == nullptr || o.y_matrix == nullptr, name << ": give labels y or a second variable y_matrix, not both");
    Estimate estimate;
    estimate.i_xt_bits = mi(*o.x, *o.t);
    if (o.y != nullptr)
        estimate.i_ty_bits = labels_mi(*o.t, *o.y);
    else if (o.y_matrix != nullptr)
        estimate.i_ty_bits = mi(*o.t, *o.y_matrix);
    return estimate;
}

}  // namespace estimators
