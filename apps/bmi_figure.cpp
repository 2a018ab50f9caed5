// apps/bmi_figure.cpp — draws the known-MI benchmark's heat map (see bmi_figure.hpp) with the shared SVG
// primitives.
#include "apps/bmi_figure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "apps/svg_primitives.hpp"
#include "nn/check.hpp"

namespace apps {

namespace {

constexpr double kMargin = 20.0;
constexpr double kCellWidth = 46.0;
constexpr double kCellHeight = 26.0;
constexpr double kFont = 11.0;
constexpr double kLegendHeight = 60.0;

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// A cell's value in at most 6 characters: 2 decimals below 10, 1 below 100, then "-1e+03" style.
std::string cell_text(double value) {
    if (std::abs(value) < 10.0) return fixed(value, 2);
    if (std::abs(value) < 100.0) return fixed(value, 1);
    char text[32];
    std::snprintf(text, sizeof text, "%.0e", value);
    return text;
}

// A row label: the spec, cut after 40 characters (the full spec is in the label's hover title).
std::string short_spec(const std::string& spec) { return spec.size() <= 40 ? spec : spec.substr(0, 39) + "..."; }

// log2(estimate / truth) clamped to [-1, 1] -> white at 0, towards blue (-1) or red (+1).
Rgb ratio_color(double log_ratio) {
    const double t = std::clamp(std::isfinite(log_ratio) ? log_ratio : -1.0, -1.0, 1.0);
    const Rgb end = t < 0.0 ? Rgb{0.13, 0.40, 0.67} : Rgb{0.70, 0.09, 0.17};
    const double a = std::abs(t);
    return {1.0 + a * (end.r - 1.0), 1.0 + a * (end.g - 1.0), 1.0 + a * (end.b - 1.0)};
}

std::string rect(double x, double y, double width, double height, const std::string& attributes) {
    return "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(width) +
           "\" height=\"" + svg_number(height) + "\" " + attributes + "/>\n";
}

}  // namespace

std::string bmi_heatmap_svg(const std::vector<BmiRow>& rows) {
    NN_CHECK(!rows.empty(), "bmi_heatmap_svg: no rows");
    // Estimators and tasks in the order of the rows; per pair, the row of the largest N.
    std::vector<std::string> specs, tasks;
    std::map<std::string, double> truth;
    std::map<std::pair<std::string, std::string>, const BmiRow*> cell;
    std::map<std::string, std::size_t> largest_n;
    for (const BmiRow& row : rows) {
        if (std::find(specs.begin(), specs.end(), row.estimator) == specs.end()) specs.push_back(row.estimator);
        if (std::find(tasks.begin(), tasks.end(), row.task) == tasks.end()) tasks.push_back(row.task);
        truth[row.task] = row.true_bits;
        const BmiRow*& best = cell[{row.estimator, row.task}];
        if (best == nullptr || row.n > best->n) best = &row;
        largest_n[row.estimator] = std::max(largest_n[row.estimator], row.n);
    }
    std::vector<std::string> labels;
    double label_width = text_width("true MI [bits]", kFont);
    for (const std::string& spec : specs) {
        labels.push_back(short_spec(spec) + "  (N = " + std::to_string(largest_n[spec]) + ")");
        label_width = std::max(label_width, text_width(labels.back(), kFont));
    }
    double header_height = 0.0;
    for (const std::string& task : tasks) header_height = std::max(header_height, text_width(task, kFont));
    const double left = kMargin + label_width + 8.0;
    const double top = kMargin + header_height + 8.0;
    const double width = left + kCellWidth * double(tasks.size()) + kMargin;
    const double grid_bottom = top + kCellHeight * double(specs.size() + 1);
    const double height = grid_bottom + kLegendHeight;

    std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + svg_number(width) + "\" height=\"" +
           svg_number(height) + "\" viewBox=\"0 0 " + svg_number(width) + " " + svg_number(height) +
           "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" fill=\"#1a1a1a\">\n";
    svg += rect(0.0, 0.0, width, height, "fill=\"#ffffff\"");
    // Task names written upwards above their columns, then the truth row.
    for (std::size_t c = 0; c < tasks.size(); ++c) {
        const double x = left + kCellWidth * (double(c) + 0.5) + 4.0;
        svg += svg_text(x, top - 6.0, kFont,
                        "transform=\"rotate(-90 " + svg_number(x) + " " + svg_number(top - 6.0) + ")\"", tasks[c]);
        svg += rect(left + kCellWidth * double(c), top, kCellWidth, kCellHeight, "fill=\"#f0f0f0\" stroke=\"#ffffff\"");
        svg += svg_text(left + kCellWidth * (double(c) + 0.5), top + kCellHeight / 2.0 + 4.0, kFont,
                        "text-anchor=\"middle\" font-weight=\"bold\"", fixed(truth[tasks[c]], 2));
    }
    svg += svg_text(left - 8.0, top + kCellHeight / 2.0 + 4.0, kFont, "text-anchor=\"end\" font-weight=\"bold\"",
                    "true MI [bits]");
    for (std::size_t r = 0; r < specs.size(); ++r) {
        const double y = top + kCellHeight * double(r + 1);
        svg += "<g><title>" + escape_xml(specs[r]) + "</title>" +
               svg_text(left - 8.0, y + kCellHeight / 2.0 + 4.0, kFont, "text-anchor=\"end\"", labels[r]) + "</g>\n";
        for (std::size_t c = 0; c < tasks.size(); ++c) {
            const auto found = cell.find({specs[r], tasks[c]});
            const double x = left + kCellWidth * double(c);
            if (found == cell.end()) {
                svg += rect(x, y, kCellWidth, kCellHeight, "fill=\"#d9d9d9\" stroke=\"#ffffff\"");
                continue;
            }
            const BmiRow& row = *found->second;
            const double log_ratio = std::log2(std::max(row.mean_bits, 0.0) / row.true_bits);
            svg += rect(x, y, kCellWidth, kCellHeight,
                        "fill=\"" + hex_color(ratio_color(log_ratio)) + "\" stroke=\"#ffffff\"");
            const std::string text_color = std::abs(std::clamp(log_ratio, -1.0, 1.0)) > 0.6 ? "#ffffff" : "#1a1a1a";
            svg += "<g><title>" +
                   escape_xml(specs[r] + " on " + row.task + ", N = " + std::to_string(row.n) + ": " +
                              fixed(row.mean_bits, 3) + " +- " + fixed(row.std_bits, 3) + " bits (true " +
                              fixed(row.true_bits, 3) + ")") +
                   "</title>" + svg_text(x + kCellWidth / 2.0, y + kCellHeight / 2.0 + 4.0, kFont,
                                        "text-anchor=\"middle\" fill=\"" + text_color + "\"",
                                        cell_text(row.mean_bits) + (row.n < largest_n[specs[r]] ? "*" : "")) +
                   "</g>\n";
        }
    }
    // The colour scale: estimate / truth from 1/2 to 2.
    const double bar_left = left, bar_top = grid_bottom + 16.0, bar_width = 240.0;
    for (int i = 0; i < 48; ++i) {
        const double t = -1.0 + 2.0 * (double(i) + 0.5) / 48.0;
        svg += rect(bar_left + bar_width * double(i) / 48.0, bar_top, bar_width / 48.0 + 0.3, 12.0,
                    "fill=\"" + hex_color(ratio_color(t)) + "\"");
    }
    const char* const ticks[] = {"1/2", "1", "2"};
    for (int i = 0; i < 3; ++i)
        svg += svg_text(bar_left + bar_width * double(i) / 2.0, bar_top + 26.0, kFont, "text-anchor=\"middle\"",
                        ticks[i]);
    svg += svg_text(bar_left + bar_width + 12.0, bar_top + 10.0, kFont, "",
                    "estimate / truth (clamped); grey: not run; *: at a smaller N");
    return svg + "</svg>\n";
}

}  // namespace apps
