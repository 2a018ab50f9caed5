// apps/svg_curves.cpp — loss and accuracy against the epoch, drawn with the plots' own primitives and scales.
#include "apps/svg_curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "apps/plot_scale.hpp"
#include "apps/svg_primitives.hpp"

namespace apps {

namespace {

constexpr double kMargin = 16.0;
constexpr double kTitleSize = 15.0;
constexpr double kFontSize = 11.0;
constexpr double kPanelWidth = 360.0;
constexpr double kPanelHeight = 220.0;
constexpr double kAxisLeft = 52.0;    // room for the y tick labels and the y label, left of a panel
constexpr double kAxisBottom = 40.0;  // room for the x tick labels and "Epoch", below a panel
constexpr double kLegendRow = 16.0;

// matplotlib's "tab10" colours: ten series are told apart, then the colours repeat.
constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string series_color(std::size_t index) { return kPalette[index % std::size(kPalette)]; }

double optional_value(const CsvTable& table, std::size_t row, std::size_t column) {
    return table.optional_number(row, column).value_or(std::numeric_limits<double>::quiet_NaN());
}

struct Panel {
    std::string title;
    std::string quantity;  // "loss" or "accuracy", for the tooltips
    std::vector<double> CurveSeries::*values;
    NiceTicks y_ticks;
};

// A panel's frame, ticks, labels and the series' lines and markers, with its plotting area at (left, top).
std::string draw_panel(const Panel& panel, const std::vector<CurveSeries>& series, const NiceTicks& x_ticks,
                       double left, double top) {
    const LinearScale x(x_ticks.lo, x_ticks.hi, left, left + kPanelWidth);
    const LinearScale y(panel.y_ticks.lo, panel.y_ticks.hi, top + kPanelHeight, top);
    std::string out = svg_text(left + kPanelWidth / 2, top - 6, kFontSize + 1, "text-anchor=\"middle\"", panel.title);
    out += "<rect x=\"" + svg_number(left) + "\" y=\"" + svg_number(top) + "\" width=\"" + svg_number(kPanelWidth) +
           "\" height=\"" + svg_number(kPanelHeight) + "\" fill=\"none\" stroke=\"#444444\"/>\n";
    for (double tick : x_ticks.values) {
        out += svg_line(x(tick), top + kPanelHeight, x(tick), top + kPanelHeight + 4, "stroke=\"#444444\"");
        out += svg_text(x(tick), top + kPanelHeight + 16, kFontSize, "text-anchor=\"middle\"",
                        format_tick(tick, x_ticks.decimals));
    }
    for (double tick : panel.y_ticks.values) {
        out += svg_line(left - 4, y(tick), left, y(tick), "stroke=\"#444444\"");
        out += svg_text(left - 6, y(tick) + 4, kFontSize, "text-anchor=\"end\"",
                        format_tick(tick, panel.y_ticks.decimals));
    }
    out += svg_text(left + kPanelWidth / 2, top + kPanelHeight + 32, kFontSize, "text-anchor=\"middle\"", "Epoch");
    for (std::size_t s = 0; s < series.size(); ++s) {
        const CurveSeries& line = series[s];
        const std::vector<double>& values = line.*panel.values;
        std::string points, markers;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::isnan(values[i])) continue;
            append_point(points, x(line.epochs[i]), y(values[i]));
            markers += svg_marker(MarkerShape::circle, x(line.epochs[i]), y(values[i]), 2.5,
                                  "fill=\"" + series_color(s) + "\"",
                                  line.label + ": epoch " + format_number(line.epochs[i]) + ", " + panel.quantity +
                                      " " + format_number(values[i]));
        }
        if (points.empty()) continue;
        out += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + series_color(s) +
               "\" stroke-width=\"1.5\"/>\n" + markers;
    }
    return out;
}

}  // namespace

std::vector<CurveSeries> collect_curves(const CsvTable& metrics) {
    const std::size_t epoch = metrics.column("epoch");
    const std::size_t loss = metrics.column("loss");
    const std::size_t accuracy = metrics.column("accuracy");
    if (metrics.rows.empty()) throw std::runtime_error(metrics.path + ": no rows");
    std::vector<std::size_t> key_columns;  // split, and in a merged sweep seed and the grid keys
    for (std::size_t c = 0; c < metrics.header.size(); ++c)
        if (c != epoch && c != loss && c != accuracy) key_columns.push_back(c);

    std::vector<CurveSeries> series;
    std::map<std::string, std::size_t> index_of_label;
    for (std::size_t r = 0; r < metrics.rows.size(); ++r) {
        std::string label;
        for (std::size_t c : key_columns) {
            if (!label.empty()) label += ", ";
            const std::string& value = metrics.rows[r].fields[c];
            label += metrics.header[c] == "split" ? value : metrics.header[c] + "=" + value;
        }
        const auto [it, inserted] = index_of_label.emplace(label, series.size());
        if (inserted) series.push_back({label, {}, {}, {}});
        CurveSeries& line = series[it->second];
        line.epochs.push_back(static_cast<double>(metrics.integer(r, epoch)));
        line.loss.push_back(optional_value(metrics, r, loss));
        line.accuracy.push_back(optional_value(metrics, r, accuracy));
    }
    return series;
}

std::string training_curves_svg(const CsvTable& metrics, const std::string& title) {
    const std::vector<CurveSeries> series = collect_curves(metrics);
    double epoch_lo = std::numeric_limits<double>::infinity(), epoch_hi = -epoch_lo;
    double loss_lo = 0.0, loss_hi = -std::numeric_limits<double>::infinity();
    for (const CurveSeries& line : series) {
        for (double e : line.epochs) epoch_lo = std::min(epoch_lo, e), epoch_hi = std::max(epoch_hi, e);
        for (double l : line.loss)
            if (std::isfinite(l)) loss_lo = std::min(loss_lo, l), loss_hi = std::max(loss_hi, l);
    }
    if (!std::isfinite(loss_hi)) loss_hi = loss_lo;  // no loss at all: an empty panel from 0
    const NiceTicks x_ticks = nice_ticks(epoch_lo, epoch_hi);
    const Panel panels[] = {{"Loss", "loss", &CurveSeries::loss, nice_ticks(loss_lo, loss_hi)},
                            {"Accuracy", "accuracy", &CurveSeries::accuracy, nice_ticks(0.0, 1.0)}};

    const double top = kMargin + (title.empty() ? 0.0 : kTitleSize + 10.0) + 20.0;  // 20: the panel titles
    const double cell_width = kAxisLeft + kPanelWidth + kMargin;
    std::string body;
    for (std::size_t p = 0; p < std::size(panels); ++p)
        body += draw_panel(panels[p], series, x_ticks, kMargin + kAxisLeft + cell_width * static_cast<double>(p), top);

    // The legend: a short line in the series' colour and its label, one row each, below the panels.
    double legend_y = top + kPanelHeight + kAxisBottom + 8.0;
    double legend_width = 0.0;
    for (std::size_t s = 0; s < series.size(); ++s, legend_y += kLegendRow) {
        body += svg_line(kMargin + kAxisLeft, legend_y - 4, kMargin + kAxisLeft + 20, legend_y - 4,
                         "stroke=\"" + series_color(s) + "\" stroke-width=\"2\"");
        body += svg_text(kMargin + kAxisLeft + 26, legend_y, kFontSize, "", series[s].label);
        legend_width = std::max(legend_width, 26 + text_width(series[s].label, kFontSize));
    }
    const double width = std::max({kMargin + cell_width * 2.0, kMargin + kAxisLeft + legend_width + kMargin,
                                   2 * kMargin + text_width(title, kTitleSize)});
    const double height = legend_y + kMargin;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + svg_number(width) + "\" height=\"" +
                      svg_number(height) + "\" viewBox=\"0 0 " + svg_number(width) + " " + svg_number(height) +
                      "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" fill=\"#1a1a1a\">\n";
    svg += "<rect x=\"0\" y=\"0\" width=\"" + svg_number(width) + "\" height=\"" + svg_number(height) +
           "\" fill=\"#ffffff\"/>\n";
    if (!title.empty()) svg += svg_text(kMargin, kMargin + kTitleSize, kTitleSize, "font-weight=\"bold\"", title);
    return svg + body + "</svg>\n";
}

}  // namespace apps
