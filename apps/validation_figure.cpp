// apps/validation_figure.cpp — draws the correlated-Gaussians validation figure (see validation_figure.hpp)
// with the shared SVG primitives and axis arithmetic.
#include "apps/validation_figure.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "apps/plot_scale.hpp"
#include "apps/svg_primitives.hpp"
#include "nn/check.hpp"

namespace apps {

namespace {

constexpr double kMargin = 20.0;
constexpr double kWidth = 460.0;   // plotting area of a panel, px
constexpr double kHeight = 300.0;
constexpr double kLeft = 60.0;     // room for the y ticks and label
constexpr double kTop = 40.0;      // room for the panel's title
constexpr double kBottom = 50.0;   // room for the x ticks and label
constexpr double kTickSize = 11.0;
const char* const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

// The title broken after commas into lines of at most `width` px.
std::vector<std::string> title_lines(const std::string& spec, double width) {
    std::vector<std::string> lines(1);
    for (std::size_t start = 0; start < spec.size();) {
        const std::size_t comma = spec.find(',', start);
        const std::size_t end = comma == std::string::npos ? spec.size() : comma + 1;
        const std::string piece = spec.substr(start, end - start);
        if (!lines.back().empty() && text_width(lines.back() + piece, 12.0) > width) lines.emplace_back();
        lines.back() += piece;
        start = end;
    }
    return lines;
}

std::string panel(const std::string& spec, const std::vector<const ValidationRow*>& rows, double left, double top) {
    std::string svg;
    const std::vector<std::string> lines = title_lines(spec, kWidth);
    for (std::size_t i = 0; i < lines.size(); ++i)
        svg += svg_text(left, top + 14.0 * double(i + 1), 12.0, "font-weight=\"bold\"", lines[i]);
    const double plot_top = top + kTop + 14.0 * double(lines.size() - 1);

    // x: log10 of the true bits, whole decades; y: nice ticks over the estimates and log2 N.
    double lo = INFINITY, hi = -INFINITY, y_hi = std::log2(double(gaussian_case_rows));
    for (const ValidationRow* row : rows) {
        lo = std::min(lo, std::log10(row->true_bits));
        hi = std::max(hi, std::log10(row->true_bits));
        y_hi = std::max(y_hi, row->estimate_bits + row->std_bits);
    }
    const double x_lo = std::floor(lo), x_hi = std::ceil(hi);
    const NiceTicks y_ticks = nice_ticks(0.0, y_hi, 5);
    const LinearScale x(x_lo, x_hi, left, left + kWidth);
    const LinearScale y(y_ticks.lo, y_ticks.hi, plot_top + kHeight, plot_top);
    const std::string grid = "stroke=\"#e6e6e6\"";
    for (double e = x_lo; e <= x_hi; e += 1.0) {
        svg += svg_line(x(e), plot_top, x(e), plot_top + kHeight, grid);
        svg += svg_text(x(e), plot_top + kHeight + 16.0, kTickSize, "text-anchor=\"middle\"",
                        format_tick(std::pow(10.0, e), e < 0.0 ? int(-e) : 0));
    }
    for (const double v : y_ticks.values) {
        svg += svg_line(left, y(v), left + kWidth, y(v), grid);
        svg += svg_text(left - 6.0, y(v) + 4.0, kTickSize, "text-anchor=\"end\"", format_tick(v, y_ticks.decimals));
    }
    svg += "<rect x=\"" + svg_number(left) + "\" y=\"" + svg_number(plot_top) + "\" width=\"" + svg_number(kWidth) +
           "\" height=\"" + svg_number(kHeight) + "\" fill=\"none\" stroke=\"#4d4d4d\"/>\n";
    svg += svg_text(left + kWidth / 2.0, plot_top + kHeight + 36.0, 13.0, "text-anchor=\"middle\"",
                    "true I(X;Y) = -(d/2) log2(1 - rho^2) [bits, log scale]");
    svg += svg_text(left - 42.0, plot_top + kHeight / 2.0, 13.0,
                    "text-anchor=\"middle\" transform=\"rotate(-90 " + svg_number(left - 42.0) + " " +
                        svg_number(plot_top + kHeight / 2.0) + ")\"",
                    "estimate [bits]");

    // The identity y = x (a curve on the log axis) up to the top of the panel, and the ceiling log2 N.
    std::string identity;
    for (double e = x_lo; e <= std::min(x_hi, std::log10(y_ticks.hi)) + 1e-9; e += 0.02)
        append_point(identity, x(e), y(std::pow(10.0, e)));
    svg += "<polyline points=\"" + identity + "\" fill=\"none\" stroke=\"#7f7f7f\" stroke-dasharray=\"5 4\"/>\n";
    const double ceiling = std::log2(double(gaussian_case_rows));
    svg += svg_line(left, y(ceiling), left + kWidth, y(ceiling), "stroke=\"#7f7f7f\" stroke-dasharray=\"2 3\"");
    svg += svg_text(left + kWidth - 6.0, y(ceiling) + 14.0, kTickSize, "text-anchor=\"end\" fill=\"#4d4d4d\"",
                    "log2 N = " + format_tick(ceiling, 0) + " (N = " + std::to_string(gaussian_case_rows) + ")");

    std::map<std::size_t, std::vector<const ValidationRow*>> by_d;
    for (const ValidationRow* row : rows) by_d[row->dimension].push_back(row);
    std::size_t index = 0;
    for (const auto& [d, curve] : by_d) {
        const std::string color = kColors[index % std::size(kColors)];
        std::string points;
        for (const ValidationRow* row : curve) {
            const double px = x(std::log10(row->true_bits));
            append_point(points, px, y(row->estimate_bits));
            svg += svg_line(px, y(row->estimate_bits - row->std_bits), px, y(row->estimate_bits + row->std_bits),
                            "stroke=\"" + color + "\"");
        }
        svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.5\"/>\n";
        for (const ValidationRow* row : curve)
            svg += svg_marker(marker_shape(index), x(std::log10(row->true_bits)), y(row->estimate_bits), 3.2,
                              "fill=\"" + color + "\"", row->detail);
        const double legend_y = plot_top + 18.0 + 18.0 * double(index);
        svg += svg_marker(marker_shape(index), left + 16.0, legend_y - 4.0, 3.6, "fill=\"" + color + "\"");
        svg += svg_text(left + 26.0, legend_y, 12.0, "", "d = " + std::to_string(d));
        ++index;
    }
    return svg;
}

}  // namespace

std::string correlated_gaussians_svg(const std::vector<ValidationRow>& rows) {
    std::vector<std::string> specs;
    std::map<std::string, std::vector<const ValidationRow*>> by_spec;
    for (const ValidationRow& row : rows) {
        if (row.case_name != "gaussian" || row.dimension == 0) continue;
        if (!by_spec.count(row.estimator)) specs.push_back(row.estimator);
        by_spec[row.estimator].push_back(&row);
    }
    NN_CHECK(!specs.empty(), "correlated_gaussians_svg: no rows of the gaussian case");
    std::string panels;
    double top = kMargin;
    for (const std::string& spec : specs) {
        panels += panel(spec, by_spec[spec], kMargin + kLeft, top);
        top += kTop + 14.0 * double(title_lines(spec, kWidth).size() - 1) + kHeight + kBottom + kMargin;
    }
    const double width = kMargin + kLeft + kWidth + 2.0 * kMargin;
    std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + svg_number(width) + "\" height=\"" +
           svg_number(top) + "\" viewBox=\"0 0 " + svg_number(width) + " " + svg_number(top) +
           "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" fill=\"#1a1a1a\">\n";
    svg += "<rect x=\"0\" y=\"0\" width=\"" + svg_number(width) + "\" height=\"" + svg_number(top) +
           "\" fill=\"#ffffff\"/>\n";
    return svg + panels + "</svg>\n";
}

}  // namespace apps
