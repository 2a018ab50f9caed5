// apps/svg_primitives.hpp — small building blocks of the SVG figures: XML escaping, fixed-precision numbers,
// text and lines, the "gnuplot" colormap of the peers' information-plane plots, and filled marker shapes of equal area.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace apps {

// text with & < > " ' replaced by entities, safe inside an element or a quoted attribute.
std::string escape_xml(std::string_view text);

// Width of `text` in px at `font_size`, estimated (there is no font engine here) at 0.6 em per character:
// a little wider than the average glyph of the usual sans-serif fonts, so layouts err towards more room.
double text_width(std::string_view text, double font_size);

// A coordinate with 2 decimals ("12.50", "-3.00"), never "-0.00": fixed precision keeps the output
// byte-identical for the same input.
std::string svg_number(double value);

// Appends "x,y" to a points list (space-separated) for <polyline> and <polygon>.
void append_point(std::string& points, double x, double y);

struct Rgb {
    double r = 0.0;  // each in [0, 1]
    double g = 0.0;
    double b = 0.0;
};

// matplotlib's "gnuplot" colormap (gnuplot's rgbformulae 7, 5, 15), as used by IDNNs, ibsgd and
// deep-bottleneck for the epoch: r = sqrt(t), g = t^3, b = sin(2 pi t), each clipped to [0, 1] (as
// matplotlib's lookup table does). Black at t = 0, through blue-violet and red, to yellow at t = 1.
// t outside [0, 1] is clamped.
Rgb gnuplot_colormap(double t);

// <text x y font-size [attributes]>content</text> and a newline; content is escaped here, attributes are
// written as given.
std::string svg_text(double x, double y, double font_size, const std::string& attributes, std::string_view content);

// <line x1 y1 x2 y2 attributes/> and a newline.
std::string svg_line(double x1, double y1, double x2, double y2, const std::string& attributes);

// "#rrggbb", each channel rounded to the nearest of 0..255.
std::string hex_color(const Rgb& color);

enum class MarkerShape {
    circle, square, triangle_up, diamond, triangle_down, star, pentagon, plus, triangle_left, triangle_right, hexagon
};

// The shape of the index-th layer: the list above in order (most distinct first), then again from the start.
MarkerShape marker_shape(std::size_t index);

// One SVG element drawing `shape` centred at (x, y), with about the area of a circle of radius `radius`
// (so no shape looks bigger than another), followed by `attributes` (e.g. fill="#ff0000", written as
// given) and, when `tooltip` is not empty, a <title> child that browsers show on hover (escaped here).
std::string svg_marker(MarkerShape shape, double x, double y, double radius, const std::string& attributes,
                       const std::string& tooltip = "");

}  // namespace apps
