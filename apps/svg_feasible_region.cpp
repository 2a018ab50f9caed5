// apps/svg_feasible_region.cpp — draws the bisector, the feasible region and the H(X) bound of an
// autoencoder's information plane (svg_feasible_region.hpp).
#include "apps/svg_feasible_region.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "apps/svg_primitives.hpp"
#include "nn/check.hpp"

namespace apps {

namespace {

constexpr double kLabelSize = 10.5;
const std::string kInk = "#2a5d8f";

// A label whose baseline runs from (x, y) along the direction (dx, dy) in px, ending there (text-anchor end).
std::string label_along(double x, double y, double dx, double dy, const std::string& css_class,
                        const std::string& text) {
    const double degrees = std::atan2(dy, dx) * 180.0 / std::numbers::pi;
    return svg_text(x, y, kLabelSize,
                    "class=\"" + css_class + "\" text-anchor=\"end\" fill=\"" + kInk + "\" transform=\"rotate(" +
                        svg_number(degrees) + " " + svg_number(x) + " " + svg_number(y) + ")\"",
                    text);
}

}  // namespace

std::string svg_feasible_region(const LinearScale& x, const LinearScale& y, double h_x_bits,
                                const std::string& x_quantity, const std::string& y_quantity) {
    NN_CHECK(std::isfinite(h_x_bits) && h_x_bits >= 0.0,
             "svg_feasible_region: H(X) must be finite and >= 0 bits, got " << h_x_bits);
    const bool known = h_x_bits > 0.0, on_axis = known && h_x_bits <= x.domain_hi();
    const double h = std::min({known ? h_x_bits : x.domain_hi(), x.domain_hi(), y.domain_hi()});
    std::string h_x_text;
    if (known) {
        const double n = std::exp2(h_x_bits);
        h_x_text = "H(X) = " + (std::abs(n - std::round(n)) < 1e-6 * n ? "log2 " + format_tick(n, 0) + " = " : "") +
                   format_tick(h_x_bits, 2) + " bits";
    }
    std::string svg = "<g class=\"feasible\">\n";

    // The data-processing inequality: X -> T -> X' is a Markov chain, so I(T;X') <= I(X;T) <= H(X).
    std::string triangle;
    append_point(triangle, x(0.0), y(0.0));
    append_point(triangle, x(h), y(0.0));
    append_point(triangle, x(h), y(h));
    svg += "<polygon class=\"feasible-region\" points=\"" + triangle + "\" fill=\"" + kInk +
           "\" fill-opacity=\"0.10\" stroke=\"none\"/>\n";
    const std::string label_style = "class=\"feasible-label\" text-anchor=\"end\" fill=\"" + kInk + "\"";
    const double label_bottom = y(0.0) - 8.0;
    const bool beyond = known && !on_axis;  // H(X) is stated under the region's label
    if (beyond) svg += svg_text(x(h) - 14.0, label_bottom, kLabelSize, label_style, h_x_text + ", beyond the axes");
    svg += svg_text(x(h) - 14.0, label_bottom - (beyond ? 1.3 * kLabelSize : 0.0), kLabelSize, label_style,
                    "feasible: " + y_quantity + " ≤ " + x_quantity + (known ? " ≤ H(X)" : ""));

    // The bisector across the whole area, labelled above it at 60% of its length.
    const double lo = std::max(x.domain_lo(), y.domain_lo()), hi = std::min(x.domain_hi(), y.domain_hi());
    svg += svg_line(x(lo), y(lo), x(hi), y(hi),
                    "class=\"bisector\" stroke=\"" + kInk + "\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"");
    const double dx = x(hi) - x(lo), dy = y(hi) - y(lo), length = std::hypot(dx, dy);
    const double at = lo + 0.6 * (hi - lo);
    svg += label_along(x(at) + 5.0 * dy / length, y(at) - 5.0 * dx / length, dx, dy, "bisector-label",
                       y_quantity + " = " + x_quantity);

    if (on_axis) {
        svg += svg_line(x(h_x_bits), y(y.domain_lo()), x(h_x_bits), y(y.domain_hi()),
                        "class=\"h-x\" stroke=\"" + kInk + "\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"");
        svg += label_along(x(h_x_bits) - 4.0, y(y.domain_hi()) + 4.0, 0.0, -1.0, "h-x-label", h_x_text);
    }
    return svg + "</g>\n";
}

}  // namespace apps
