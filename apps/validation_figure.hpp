// apps/validation_figure.hpp — the figure of the correlated-Gaussians validation case (Tapia & Estévez's
// test): the estimate against the true mutual information, one curve per dimension d, and the identity.
#pragma once
#include <string>
#include <vector>

#include "apps/validation.hpp"

namespace apps {

// A self-contained SVG document (no scripts, fonts or links): one panel per estimator among the rows of
// the "gaussian" case, x = the true I in bits on a log10 axis, y = the mean estimate with a bar of one
// standard deviation, one colour and marker shape per d, the identity line y = x and the ceiling
// log2 N. The same rows give the same bytes. Throws std::invalid_argument when no row is of that case.
std::string correlated_gaussians_svg(const std::vector<ValidationRow>& rows);

}  // namespace apps
