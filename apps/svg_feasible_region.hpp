// apps/svg_feasible_region.hpp — Tapia & Estévez's guides in an autoencoder's information plane: the
// bisector I(T;X') = I(X;T) and the region I(T;X') <= I(X;T) <= H(X) that the data-processing inequality allows.
#pragma once
#include <string>

#include "apps/plot_scale.hpp"

namespace apps {

// SVG elements for one panel whose plotting area maps the data domains of `x` and `y` (both starting at or
// below 0): the feasible region, the triangle (0, 0), (h, 0), (h, h), shaded (class "feasible-region"); the
// bisector y = x across the area (class "bisector", dashed); and, when 0 < h_x_bits <= the end of the x
// axis, the bound x = H(X) as a dotted vertical line (class "h-x"). Each is labelled with the quantities it
// relates (x_quantity "I(X;T)", y_quantity "I(T;X')"); H(X) reads "H(X) = log2 N = ... bits" with
// N = 2^h_x_bits, beside its line or, beyond the axes, under the region's label. h is h_x_bits cut at the
// end of the shorter axis (that end when h_x_bits is 0: H(X) unknown). Throws std::invalid_argument for a
// negative or non-finite h_x_bits.
std::string svg_feasible_region(const LinearScale& x, const LinearScale& y, double h_x_bits,
                                const std::string& x_quantity, const std::string& y_quantity);

}  // namespace apps
