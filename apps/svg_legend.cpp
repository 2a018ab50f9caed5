// apps/svg_legend.cpp — the legend of layer shapes and the epoch colour bar of the information-plane figure.
#include "apps/svg_legend.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "apps/plot_scale.hpp"
#include "apps/svg_primitives.hpp"

namespace apps {

namespace {

constexpr double kHeadingSize = 12.5;
constexpr double kEntrySize = 12.0;
constexpr double kEntryHeight = 20.0;
constexpr double kBarWidth = 14.0;
constexpr const char* kGradientId = "infoplane-epoch-colormap";

// The epochs labelled on the colour bar: both ends, and round epochs between them that keep clear of the ends.
std::vector<std::int64_t> epoch_ticks(std::int64_t first, std::int64_t last) {
    std::vector<std::int64_t> ticks{first};
    if (last == first) return ticks;
    const double span = static_cast<double>(last - first);
    const auto step = static_cast<std::int64_t>(std::max(1.0, nice_ticks(0.0, span, 4).step));
    std::int64_t e = first / step * step;  // a multiple of step, rounded towards 0
    while (e <= first) e += step;
    for (; e < last; e += step)
        if (static_cast<double>(e - first) > 0.12 * span && static_cast<double>(last - e) > 0.12 * span)
            ticks.push_back(e);
    ticks.push_back(last);
    return ticks;
}

}  // namespace

SideColumn draw_side_column(const PlaneData& data, double left, double top, double bottom) {
    SideColumn column;
    std::string& svg = column.elements;
    double width = text_width("Layer", kHeadingSize);

    // Legend: one entry per layer, its shape in a neutral grey (colour stands for the epoch), then the
    // emphasised marker of the last epoch.
    svg += svg_text(left, top + kHeadingSize, kHeadingSize, "font-weight=\"bold\"", "Layer");
    double y = top + kHeadingSize + 8.0;  // top of the next entry
    const auto entry = [&](MarkerShape shape, double radius, const std::string& style, const std::string& label) {
        const double middle = y + 0.5 * kEntryHeight;
        svg += svg_marker(shape, left + 7.0, middle, radius, "class=\"legend\" " + style) + "\n";
        svg += svg_text(left + 20.0, middle + 0.35 * kEntrySize, kEntrySize, "", label);
        width = std::max(width, 20.0 + text_width(label, kEntrySize));
        y += kEntryHeight;
    };
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        entry(marker_shape(i), 5.0, "fill=\"#d4d4d4\" stroke=\"#262626\" stroke-width=\"0.8\"", data.layer_names[i]);
    y += 4.0;
    const std::string last_epoch_style =  // as svg_plot.cpp draws the last epoch of a trail
        "fill=\"" + hex_color(gnuplot_colormap(1.0)) + "\" stroke=\"#000000\" stroke-width=\"1.6\"";
    entry(MarkerShape::circle, 6.0, last_epoch_style, "last epoch");
    y += 28.0;

    // Colour bar: first epoch at the bottom, last at the top, as matplotlib draws it.
    svg += svg_text(left, y + kHeadingSize, kHeadingSize, "font-weight=\"bold\"", "Epoch");
    const double bar_top = y + kHeadingSize + 10.0;
    const double bar_height = std::clamp(bottom - bar_top, 100.0, 240.0);
    column.defs = "<defs>\n<linearGradient id=\"" + std::string(kGradientId) +
                  "\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
    constexpr int kStops = 32;
    for (int i = 0; i <= kStops; ++i) {
        const double t = static_cast<double>(i) / kStops;
        column.defs += "<stop offset=\"" + svg_number(100.0 * t) + "%\" stop-color=\"" +
                       hex_color(gnuplot_colormap(t)) + "\"/>\n";
    }
    column.defs += "</linearGradient>\n</defs>\n";
    const bool one_epoch = data.first_epoch == data.last_epoch;
    const std::string bar_fill =
        one_epoch ? hex_color(gnuplot_colormap(1.0)) : "url(#" + std::string(kGradientId) + ")";
    svg += "<rect class=\"colorbar\" x=\"" + svg_number(left) + "\" y=\"" + svg_number(bar_top) + "\" width=\"" +
           svg_number(kBarWidth) + "\" height=\"" + svg_number(bar_height) + "\" fill=\"" + bar_fill +
           "\" stroke=\"#333333\" stroke-width=\"0.8\"/>\n";
    // First epoch at the bottom, last at the top; a single epoch in the middle of its one-colour bar.
    const auto epoch_y = [&](std::int64_t epoch) {
        if (one_epoch) return bar_top + 0.5 * bar_height;
        const LinearScale scale(static_cast<double>(data.first_epoch), static_cast<double>(data.last_epoch),
                                bar_top + bar_height, bar_top);
        return scale(static_cast<double>(epoch));
    };
    for (const std::int64_t epoch : epoch_ticks(data.first_epoch, data.last_epoch)) {
        const double tick_y = epoch_y(epoch);
        svg += "<line x1=\"" + svg_number(left + kBarWidth) + "\" y1=\"" + svg_number(tick_y) + "\" x2=\"" +
               svg_number(left + kBarWidth + 4.0) + "\" y2=\"" + svg_number(tick_y) + "\" stroke=\"#333333\"/>\n";
        const std::string label = std::to_string(epoch);
        svg += svg_text(left + kBarWidth + 7.0, tick_y + 0.35 * 11.0, 11.0, "", label);
        width = std::max(width, kBarWidth + 7.0 + text_width(label, 11.0));
    }
    column.width = width;
    column.bottom = bar_top + bar_height;
    return column;
}

}  // namespace apps
