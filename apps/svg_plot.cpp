// apps/svg_plot.cpp — lays out and draws the information-plane figure (see svg_plot.hpp): a grid of panels,
// then the legend of layer shapes and the epoch colour bar in a column at the right.
#include "apps/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "apps/plane_points.hpp"
#include "apps/plot_scale.hpp"
#include "apps/svg_feasible_region.hpp"
#include "apps/svg_legend.hpp"
#include "apps/svg_primitives.hpp"
#include "nn/check.hpp"

namespace apps {

namespace {

// Sizes in px.
constexpr double kMargin = 20.0;
constexpr double kTitleSize = 18.0;
constexpr double kPanelTitleSize = 12.5;
constexpr double kLabelSize = 13.0;
constexpr double kTickSize = 11.0;
constexpr double kTickLength = 5.0;
constexpr double kPanelGap = 36.0;  // between neighbouring panels, and before the legend column
constexpr double kMarkerRadius = 3.6;
constexpr double kLastMarkerRadius = 6.0;

// "I(T;Y) [bits]" -> "I(T;Y)": the quantity a label names, for the messages in the panels.
std::string quantity(const std::string& label) { return label.substr(0, label.find(" [")); }

// The header of a panel: the estimator spec broken after commas to fit the panel's width, the split, then
// a note for each kind of row that could not be drawn. Each entry is one line; the first `spec_lines` are bold.
struct PanelHeader {
    std::vector<std::string> lines;
    std::size_t spec_lines = 0;
};

PanelHeader panel_header(const PlanePanel& panel, const PlotOptions& options) {
    PanelHeader header;
    std::string line;
    for (std::size_t start = 0; start < panel.estimator.size();) {
        const std::size_t comma = panel.estimator.find(',', start);
        const std::size_t end = comma == std::string::npos ? panel.estimator.size() : comma + 1;
        const std::string piece = panel.estimator.substr(start, end - start);
        if (!line.empty() && 1.1 * text_width(line + piece, kPanelTitleSize) > options.panel_width) {  // bold: wider
            header.lines.push_back(line);
            line.clear();
        }
        line += piece;
        start = end;
    }
    header.lines.push_back(line);
    header.spec_lines = header.lines.size();
    header.lines.push_back("split: " + panel.split);
    const auto note = [&](std::size_t missing, const std::string& label) {
        if (missing == 0 || panel.trails.empty()) return;  // a panel without points says so in its middle
        header.lines.push_back(std::to_string(missing) + (missing == 1 ? " row" : " rows") + " without " +
                               quantity(label) + " not drawn");
    };
    note(panel.missing_y, options.y_label);
    note(panel.missing_x, options.x_label);
    return header;
}

// Ticks of the axes of one estimator: all its panels (one per split) share them, so that splits compare
// directly. An estimator without a single point gets no ticks at all rather than a made-up range. With the
// feasible region both axes take one range (so that the bisector is the diagonal) that also covers H(X)
// when the data reach half of it.
struct EstimatorAxes {
    NiceTicks x;
    NiceTicks y;
    bool has_points = false;
};

std::vector<EstimatorAxes> estimator_axes(const PlaneData& data, const PlotOptions& options) {
    std::vector<EstimatorAxes> axes;
    for (std::size_t e = 0; e < data.estimators.size(); ++e) {
        double x_lo = 0.0, x_hi = 0.0, y_lo = 0.0, y_hi = 0.0;
        bool has_points = false;
        for (const PlanePanel& panel : data.panels) {
            if (panel.estimator_index != e) continue;
            has_points = has_points || !panel.trails.empty();
            const auto cover = [&](const PlanePoint& p) {
                x_lo = std::min(x_lo, p.x);
                x_hi = std::max(x_hi, p.x);
                y_lo = std::min({y_lo, p.y, p.y - p.y_std});
                y_hi = std::max({y_hi, p.y, p.y + p.y_std});
            };
            for (const LayerTrail& trail : panel.trails) {
                for (const PlanePoint& p : trail.points) cover(p);
                for (const auto& seed_trail : trail.seed_trails)
                    for (const PlanePoint& p : seed_trail) cover(p);
            }
        }
        if (options.feasible_region) {
            x_lo = y_lo = std::min(x_lo, y_lo);
            x_hi = y_hi = std::max(x_hi, y_hi);
            // H(X) joins the range unless the data stay below half of it, where it would squeeze them
            // into a corner; the region's label then states it.
            if (options.h_x_bits <= 2.0 * x_hi) x_hi = y_hi = std::max(x_hi, options.h_x_bits);
        }
        axes.push_back({nice_ticks(x_lo, x_hi), nice_ticks(y_lo, y_hi), has_points});
    }
    return axes;
}

// The panel grid. With several splits: a row per estimator, a column per split. With one split the
// estimators fill rows of up to 3 panels (4 from 10 on, ...), so that the figure grows wide rather than tall.
struct Grid {
    std::size_t columns = 1;
    std::size_t rows = 1;
    bool by_split = false;

    explicit Grid(const PlaneData& data) : by_split(data.splits.size() > 1) {
        const std::size_t n = data.estimators.size();
        const auto square = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
        columns = by_split ? data.splits.size() : n <= 3 ? n : square;
        rows = by_split ? n : (n + columns - 1) / columns;
    }
    std::size_t row(const PlanePanel& p) const { return by_split ? p.estimator_index : p.estimator_index / columns; }
    std::size_t column(const PlanePanel& p) const { return by_split ? p.split_index : p.estimator_index % columns; }
};

// Where the colour of an epoch sits on the colormap: linear from the first to the last sampled epoch.
double epoch_position(std::int64_t epoch, const PlaneData& data) {
    if (data.last_epoch == data.first_epoch) return 1.0;
    return static_cast<double>(epoch - data.first_epoch) / static_cast<double>(data.last_epoch - data.first_epoch);
}

// Where a panel's plotting area sits, and its scales.
struct PanelFrame {
    double left;
    double top;
    double width;
    double height;
    LinearScale x;
    LinearScale y;
};

// The header lines just above the plotting area (so that headers of different lengths all end at their
// plot): the estimator spec in bold, then the split and notes in grey.
std::string draw_header(const PanelHeader& header, const PanelFrame& frame) {
    std::string svg;
    for (std::size_t i = 0; i < header.lines.size(); ++i) {
        const double baseline = frame.top - 10.0 - 16.0 * static_cast<double>(header.lines.size() - 1 - i);
        const bool spec = i < header.spec_lines;
        svg += svg_text(frame.left, baseline, spec ? kPanelTitleSize : 11.0,
                        spec ? "font-weight=\"bold\"" : "fill=\"#555555\"", header.lines[i]);
    }
    return svg;
}

// Light grid lines and tick labels (none for an estimator without points), the left and bottom axis lines,
// and the axis labels.
std::string draw_axes(const EstimatorAxes& axes, const PanelFrame& f, const PlotOptions& options) {
    std::string svg;
    const double bottom = f.top + f.height;
    const std::string grid = "stroke=\"#e6e6e6\" stroke-width=\"1\"", ink = "stroke=\"#333333\"";
    double widest_y_tick = 0.0;
    if (axes.has_points) {
        for (const double v : axes.x.values) {
            svg += svg_line(f.x(v), f.top, f.x(v), bottom, grid) +
                   svg_line(f.x(v), bottom, f.x(v), bottom + kTickLength, ink);
            svg += svg_text(f.x(v), bottom + kTickLength + 3.0 + kTickSize, kTickSize, "text-anchor=\"middle\"",
                            format_tick(v, axes.x.decimals));
        }
        for (const double v : axes.y.values) {
            const std::string label = format_tick(v, axes.y.decimals);
            widest_y_tick = std::max(widest_y_tick, text_width(label, kTickSize));
            svg += svg_line(f.left, f.y(v), f.left + f.width, f.y(v), grid) +
                   svg_line(f.left - kTickLength, f.y(v), f.left, f.y(v), ink);
            svg += svg_text(f.left - kTickLength - 3.0, f.y(v) + 0.35 * kTickSize, kTickSize, "text-anchor=\"end\"",
                            label);
        }
    }
    // An axis that reaches below 0 (a negative estimate) marks 0 with a darker grid line.
    if (axes.has_points && axes.x.lo < 0.0) svg += svg_line(f.x(0.0), f.top, f.x(0.0), bottom, "stroke=\"#a6a6a6\"");
    if (axes.has_points && axes.y.lo < 0.0)
        svg += svg_line(f.left, f.y(0.0), f.left + f.width, f.y(0.0), "stroke=\"#a6a6a6\"");
    svg += svg_line(f.left, bottom, f.left + f.width, bottom, ink) + svg_line(f.left, f.top, f.left, bottom, ink);
    svg += svg_text(f.left + 0.5 * f.width, bottom + kTickLength + 3.0 + kTickSize + 8.0 + kLabelSize, kLabelSize,
                    "text-anchor=\"middle\"", options.x_label);
    const double label_x = f.left - kTickLength - 3.0 - widest_y_tick - 10.0, label_y = f.top + 0.5 * f.height;
    svg += svg_text(label_x, label_y, kLabelSize,
                    "text-anchor=\"middle\" transform=\"rotate(-90 " + svg_number(label_x) + " " +
                        svg_number(label_y) + ")\"",
                    options.y_label);
    return svg;
}

// Behind the mean trails of repeats: each seed's own trail, faint (its line and small markers at 25%
// opacity), and at every mean point a vertical bar of +-1 standard deviation of y over the seeds.
std::string draw_seed_trails(const PlanePanel& panel, const PlaneData& data, const PanelFrame& f) {
    std::string svg = "<g class=\"seeds\" opacity=\"0.25\">\n";
    for (const LayerTrail& trail : panel.trails)
        for (const auto& seed_trail : trail.seed_trails) {
            std::string points;
            for (const PlanePoint& p : seed_trail) append_point(points, f.x(p.x), f.y(p.y));
            svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"#8a8a8a\" stroke-width=\"0.7\"/>\n";
            for (const PlanePoint& p : seed_trail)
                svg += svg_marker(marker_shape(trail.layer), f.x(p.x), f.y(p.y), 0.6 * kMarkerRadius,
                                  "fill=\"" + hex_color(gnuplot_colormap(epoch_position(p.epoch, data))) + "\"", "") +
                       "\n";
        }
    svg += "</g>\n<g class=\"spread\" stroke=\"#555555\" stroke-width=\"0.8\" opacity=\"0.6\">\n";
    for (const LayerTrail& trail : panel.trails)
        for (const PlanePoint& p : trail.points)
            if (p.y_std > 0.0) svg += svg_line(f.x(p.x), f.y(p.y - p.y_std), f.x(p.x), f.y(p.y + p.y_std), "");
    return svg + "</g>\n";
}

// The trails: thin lines under the markers; markers by epoch so that later epochs lie on top, and each
// layer's last epoch, emphasised, over everything. Every marker has a tooltip with its values. For repeats
// the trails are the means over seeds, drawn over the seeds' own faint trails.
std::string draw_trails(const PlanePanel& panel, const PlaneData& data, const PanelFrame& f,
                        const PlotOptions& options) {
    std::string svg = data.seeds > 0 ? draw_seed_trails(panel, data, f) : std::string();
    svg += "<g fill=\"none\" stroke=\"#8a8a8a\" stroke-width=\"0.9\" stroke-linejoin=\"round\">\n";
    for (const LayerTrail& trail : panel.trails) {
        std::string points;
        for (const PlanePoint& p : trail.points)
            append_point(points, f.x(p.x), f.y(p.y));
        svg += "<polyline points=\"" + points + "\"/>\n";
    }
    svg += "</g>\n";

    struct Marker {
        bool last;
        std::int64_t epoch;
        std::size_t layer;
        const PlanePoint* point;
    };
    std::vector<Marker> markers;
    for (const LayerTrail& trail : panel.trails)
        for (std::size_t i = 0; i < trail.points.size(); ++i)
            markers.push_back({i + 1 == trail.points.size(), trail.points[i].epoch, trail.layer, &trail.points[i]});
    std::stable_sort(markers.begin(), markers.end(), [](const Marker& a, const Marker& b) {
        return std::tie(a.last, a.epoch, a.layer) < std::tie(b.last, b.epoch, b.layer);
    });
    svg += "<g stroke=\"#262626\" stroke-width=\"0.5\">\n";
    for (const Marker& m : markers) {
        const std::string tooltip = data.layer_names[m.layer] + ", epoch " + std::to_string(m.epoch) + "\n" +
                                    options.x_label + " = " + format_tick(m.point->x, 4) + "\n" +
                                    options.y_label + " = " + format_tick(m.point->y, 4) +
                                    (data.seeds > 0 ? "\nmean of " + std::to_string(m.point->seeds) + " seeds, std " +
                                                          format_tick(m.point->y_std, 4)
                                                    : std::string());
        const std::string fill = "fill=\"" + hex_color(gnuplot_colormap(epoch_position(m.epoch, data))) + "\"";
        svg += svg_marker(marker_shape(m.layer), f.x(m.point->x), f.y(m.point->y),
                          m.last ? kLastMarkerRadius : kMarkerRadius,
                          m.last ? "class=\"marker last\" " + fill + " stroke=\"#000000\" stroke-width=\"1.6\""
                                 : "class=\"marker\" " + fill,
                          tooltip) +
               "\n";
    }
    return svg + "</g>\n";
}

// One panel, its plotting area's top-left corner at (left, top), its header above that.
std::string draw_panel(const PlanePanel& panel, const EstimatorAxes& axes, const PlaneData& data,
                       const PlotOptions& options, double left, double top) {
    const double width = options.panel_width, height = options.panel_height;
    const PanelFrame frame{left, top, width, height, LinearScale(axes.x.lo, axes.x.hi, left, left + width),
                           LinearScale(axes.y.lo, axes.y.hi, top + height, top)};
    std::string svg = "<g class=\"panel\">\n" + draw_header(panel_header(panel, options), frame) +
                      draw_axes(axes, frame, options);
    if (options.feasible_region && axes.has_points)
        svg += svg_feasible_region(frame.x, frame.y, options.h_x_bits, quantity(options.x_label),
                                   quantity(options.y_label));
    if (panel.trails.empty()) {
        const std::string& missing = panel.missing_y > 0 ? options.y_label : options.x_label;
        svg += svg_text(left + 0.5 * width, top + 0.5 * height, kLabelSize,
                        "text-anchor=\"middle\" fill=\"#777777\" font-style=\"italic\"",
                        quantity(missing) + " not estimated");
    } else {
        svg += draw_trails(panel, data, frame, options);
    }
    return svg + "</g>\n";
}

}  // namespace

std::string information_plane_svg(const CsvTable& table, const PlotOptions& options) {
    NN_CHECK(options.panel_width >= 120.0 && options.panel_height >= 100.0,
             "information_plane_svg: panels must be at least 120 x 100 px, got " << options.panel_width << " x "
                                                                                  << options.panel_height);
    NN_CHECK(std::isfinite(options.h_x_bits) && options.h_x_bits >= 0.0,
             "information_plane_svg: h_x_bits must be finite and >= 0, got " << options.h_x_bits);
    const PlaneData data = collect_plane_points(table, options.x_column, options.y_column);
    const std::string title = options.title.empty() || data.seeds == 0
                                  ? options.title
                                  : options.title + ": mean of " + std::to_string(data.seeds) +
                                        " seeds (faint: each seed; bars: ±1 std of " + quantity(options.y_label) + ")";
    const std::vector<EstimatorAxes> axes = estimator_axes(data, options);

    // Cell geometry, the same for every panel so that the grid lines up.
    double header_height = 0.0;
    for (const PlanePanel& panel : data.panels)
        header_height = std::max(header_height,
                                 16.0 * static_cast<double>(panel_header(panel, options).lines.size()) + 10.0);
    double widest_y_tick = 0.0;
    for (const EstimatorAxes& a : axes)
        for (const double v : a.y.values)
            widest_y_tick = std::max(widest_y_tick, text_width(format_tick(v, a.y.decimals), kTickSize));
    const double inset_left = kLabelSize + 10.0 + widest_y_tick + 3.0 + kTickLength;
    const double inset_bottom = kTickLength + 3.0 + kTickSize + 8.0 + kLabelSize + 6.0;
    const double cell_width = inset_left + options.panel_width + kPanelGap;
    const double cell_height = header_height + options.panel_height + inset_bottom + 12.0;
    const double grid_top = kMargin + (title.empty() ? 0.0 : kTitleSize + 14.0);
    const Grid grid(data);
    const double grid_right = kMargin + cell_width * static_cast<double>(grid.columns);

    std::string panels;
    for (const PlanePanel& panel : data.panels) {
        const double left = kMargin + cell_width * static_cast<double>(grid.column(panel)) + inset_left;
        const double top = grid_top + cell_height * static_cast<double>(grid.row(panel)) + header_height;
        panels += draw_panel(panel, axes[panel.estimator_index], data, options, left, top);
    }
    const double lowest_plot_bottom =
        grid_top + cell_height * static_cast<double>(grid.rows - 1) + header_height + options.panel_height;
    const SideColumn side = draw_side_column(data, grid_right, grid_top + header_height, lowest_plot_bottom);

    const double width = std::max(grid_right + side.width, kMargin + text_width(title, kTitleSize)) + kMargin;
    const double height = std::max(grid_top + cell_height * static_cast<double>(grid.rows),
                                   side.bottom + kMargin);
    std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + svg_number(width) + "\" height=\"" +
           svg_number(height) + "\" viewBox=\"0 0 " + svg_number(width) + " " + svg_number(height) +
           "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" fill=\"#1a1a1a\">\n";
    svg += side.defs;
    svg += "<rect x=\"0\" y=\"0\" width=\"" + svg_number(width) + "\" height=\"" + svg_number(height) +
           "\" fill=\"#ffffff\"/>\n";
    if (!title.empty()) svg += svg_text(kMargin, kMargin + kTitleSize, kTitleSize, "font-weight=\"bold\"", title);
    svg += panels + side.elements + "</svg>\n";
    return svg;
}

}  // namespace apps
