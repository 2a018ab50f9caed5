// apps/svg_primitives.cpp — escaping, numbers, colormap and markers for the SVG figures (see svg_primitives.hpp).
#include "apps/svg_primitives.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace apps {

std::string escape_xml(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            case '\'': escaped += "&apos;"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

double text_width(std::string_view text, double font_size) {
    const auto characters = std::count_if(text.begin(), text.end(),
                                          [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    return 0.6 * font_size * static_cast<double>(characters);  // UTF-8 continuation bytes do not count
}

std::string svg_number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    const std::string text = buffer;
    return text == "-0.00" ? "0.00" : text;
}

void append_point(std::string& points, double x, double y) {
    if (!points.empty()) points += ' ';
    points += svg_number(x);
    points += ',';
    points += svg_number(y);
}

std::string svg_text(double x, double y, double font_size, const std::string& attributes, std::string_view content) {
    return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" font-size=\"" + svg_number(font_size) +
           "\"" + (attributes.empty() ? "" : " " + attributes) + ">" + escape_xml(content) + "</text>\n";
}

std::string svg_line(double x1, double y1, double x2, double y2, const std::string& attributes) {
    return "<line x1=\"" + svg_number(x1) + "\" y1=\"" + svg_number(y1) + "\" x2=\"" + svg_number(x2) +
           "\" y2=\"" + svg_number(y2) + "\" " + attributes + "/>\n";
}

Rgb gnuplot_colormap(double t) {
    t = std::clamp(t, 0.0, 1.0);
    const auto clip = [](double v) { return std::clamp(v, 0.0, 1.0); };
    return {clip(std::sqrt(t)), clip(t * t * t), clip(std::sin(2.0 * std::numbers::pi * t))};
}

std::string hex_color(const Rgb& color) {
    const auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", byte(color.r), byte(color.g), byte(color.b));
    return buffer;
}

MarkerShape marker_shape(std::size_t index) {
    constexpr MarkerShape shapes[] = {MarkerShape::circle,   MarkerShape::square,        MarkerShape::triangle_up,
                                      MarkerShape::diamond,  MarkerShape::triangle_down, MarkerShape::star,
                                      MarkerShape::pentagon, MarkerShape::plus,          MarkerShape::triangle_left,
                                      MarkerShape::triangle_right, MarkerShape::hexagon};
    return shapes[index % std::size(shapes)];
}

namespace {

// A regular polygon (or a star, when inner_ratio < 1: every other vertex at inner_ratio * radius) with
// `corners` outer vertices on a circle of `radius` around (x, y), the first at angle `start` (radians,
// measured clockwise from "up", since SVG's y grows downwards).
std::string polygon_points(double x, double y, double radius, int corners, double start, double inner_ratio) {
    const bool star = inner_ratio < 1.0;
    const int vertices = star ? 2 * corners : corners;
    std::string points;
    for (int i = 0; i < vertices; ++i) {
        const double angle = start + 2.0 * std::numbers::pi * i / vertices;
        const double r = (star && i % 2 == 1) ? radius * inner_ratio : radius;
        append_point(points, x + r * std::sin(angle), y - r * std::cos(angle));
    }
    return points;
}

// A plus sign of arms 2/3 * half_span thick, i.e. 12 corners at +-half_span and +-half_span/3.
std::string plus_points(double x, double y, double half_span) {
    const double a = half_span, h = half_span / 3.0;
    const double corners[12][2] = {{-h, -a}, {h, -a}, {h, -h}, {a, -h}, {a, h},   {h, h},
                                   {h, a},   {-h, a}, {-h, h}, {-a, h}, {-a, -h}, {-h, -h}};
    std::string points;
    for (const auto& c : corners)
        append_point(points, x + c[0], y + c[1]);
    return points;
}

}  // namespace

std::string svg_marker(MarkerShape shape, double x, double y, double radius, const std::string& attributes,
                       const std::string& tooltip) {
    // Each outer radius gives the area pi * radius^2 of the circle: a regular n-gon of outer radius R
    // has area (n / 2) R^2 sin(2 pi / n); the star (inner radius 0.45 R) 5 R (0.45 R) sin(36 deg); the
    // plus of half-span a and arms 2a/3 thick 2 (2a)(2a/3) - (2a/3)^2 = 20 a^2 / 9.
    const double pi = std::numbers::pi;
    const auto equal_area = [&](int corners) {
        return radius * std::sqrt(pi / (0.5 * corners * std::sin(2.0 * pi / corners)));
    };
    std::string element;
    switch (shape) {
        case MarkerShape::circle:
            element = "<circle cx=\"" + svg_number(x) + "\" cy=\"" + svg_number(y) + "\" r=\"" +
                      svg_number(radius) + "\"";
            break;
        case MarkerShape::square: {
            const double half = 0.5 * radius * std::sqrt(pi);
            element = "<rect x=\"" + svg_number(x - half) + "\" y=\"" + svg_number(y - half) + "\" width=\"" +
                      svg_number(2.0 * half) + "\" height=\"" + svg_number(2.0 * half) + "\"";
            break;
        }
        case MarkerShape::triangle_up:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(3), 3, 0.0, 1.0) + "\"";
            break;
        case MarkerShape::diamond:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(4), 4, 0.0, 1.0) + "\"";
            break;
        case MarkerShape::triangle_down:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(3), 3, pi, 1.0) + "\"";
            break;
        case MarkerShape::triangle_left:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(3), 3, -0.5 * pi, 1.0) + "\"";
            break;
        case MarkerShape::triangle_right:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(3), 3, 0.5 * pi, 1.0) + "\"";
            break;
        case MarkerShape::plus:
            element = "<polygon points=\"" + plus_points(x, y, radius * std::sqrt(9.0 * pi / 20.0)) + "\"";
            break;
        case MarkerShape::pentagon:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(5), 5, 0.0, 1.0) + "\"";
            break;
        case MarkerShape::hexagon:
            element = "<polygon points=\"" + polygon_points(x, y, equal_area(6), 6, 0.0, 1.0) + "\"";
            break;
        case MarkerShape::star: {
            const double outer = radius * std::sqrt(pi / (5.0 * 0.45 * std::sin(pi / 5.0)));
            element = "<polygon points=\"" + polygon_points(x, y, outer, 5, 0.0, 0.45) + "\"";
            break;
        }
    }
    if (!attributes.empty()) element += ' ' + attributes;
    if (tooltip.empty()) return element + "/>";
    const std::size_t name_end = element.find(' ');
    return element + "><title>" + escape_xml(tooltip) + "</title></" + element.substr(1, name_end - 1) + ">";
}

}  // namespace apps
