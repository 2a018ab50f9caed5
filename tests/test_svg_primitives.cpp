// tests/test_svg_primitives.cpp — XML escaping, fixed-precision numbers, text and line elements, the gnuplot
// colormap against its formula, and the marker shapes (equal areas, centred, tooltips).
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "apps/svg_primitives.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct Vertex {
    double x;
    double y;
};

// The vertices of a polygon element's points="x,y x,y ..." attribute.
std::vector<Vertex> polygon_vertices(const std::string& element) {
    const std::size_t start = element.find("points=\"") + 8;
    std::istringstream in(element.substr(start, element.find('"', start) - start));
    std::vector<Vertex> vertices;
    Vertex v{};
    char comma = 0;
    while (in >> v.x >> comma >> v.y) vertices.push_back(v);
    return vertices;
}

// Shoelace area and the mean of the vertices.
double polygon_area(const std::vector<Vertex>& p) {
    double twice = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const Vertex& a = p[i];
        const Vertex& b = p[(i + 1) % p.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return std::abs(twice) / 2.0;
}

Vertex vertex_mean(const std::vector<Vertex>& p) {
    Vertex mean{0.0, 0.0};
    for (const Vertex& v : p) {
        mean.x += v.x / static_cast<double>(p.size());
        mean.y += v.y / static_cast<double>(p.size());
    }
    return mean;
}

}  // namespace

TEST_CASE("escape_xml replaces the five XML special characters", "[apps]") {
    CHECK(apps::escape_xml("a<b & \"c\" 'd' >") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;");
    CHECK(apps::escape_xml("dense1") == "dense1");
    CHECK(apps::escape_xml("&amp;") == "&amp;amp;");
    CHECK(apps::escape_xml("") == "");
}

TEST_CASE("svg_number prints two decimals and never -0.00", "[apps]") {
    CHECK(apps::svg_number(12.5) == "12.50");
    CHECK(apps::svg_number(-3.0) == "-3.00");
    CHECK(apps::svg_number(1.0 / 3.0) == "0.33");
    CHECK(apps::svg_number(-0.001) == "0.00");
    CHECK(apps::svg_number(-0.0) == "0.00");
}

TEST_CASE("text_width estimates 0.6 em per character, counting UTF-8 characters", "[apps]") {
    CHECK_THAT(apps::text_width("abc", 10.0), WithinAbs(18.0, 1e-12));
    CHECK_THAT(apps::text_width("\xC3\xA4x", 10.0), WithinAbs(12.0, 1e-12));  // "äx": 3 bytes, 2 characters
    CHECK(apps::text_width("", 12.0) == 0.0);
}

TEST_CASE("svg_text and svg_line write complete elements", "[apps]") {
    CHECK(apps::svg_text(1.0, 2.5, 11.0, "text-anchor=\"end\"", "a<b") ==
          "<text x=\"1.00\" y=\"2.50\" font-size=\"11.00\" text-anchor=\"end\">a&lt;b</text>\n");
    CHECK(apps::svg_text(0.0, 0.0, 12.0, "", "x") == "<text x=\"0.00\" y=\"0.00\" font-size=\"12.00\">x</text>\n");
    CHECK(apps::svg_line(0.0, 1.0, 2.0, 3.0, "stroke=\"#333333\"") ==
          "<line x1=\"0.00\" y1=\"1.00\" x2=\"2.00\" y2=\"3.00\" stroke=\"#333333\"/>\n");
}

TEST_CASE("gnuplot colormap follows r = sqrt(t), g = t^3, b = sin(2 pi t), clipped", "[apps]") {
    const apps::Rgb black = apps::gnuplot_colormap(0.0);
    CHECK(black.r == 0.0);
    CHECK(black.g == 0.0);
    CHECK(black.b == 0.0);

    const apps::Rgb middle = apps::gnuplot_colormap(0.5);
    CHECK_THAT(middle.r, WithinAbs(std::sqrt(0.5), 1e-15));
    CHECK_THAT(middle.g, WithinAbs(0.125, 1e-15));
    CHECK_THAT(middle.b, WithinAbs(0.0, 1e-15));  // sin(pi)

    const apps::Rgb yellow = apps::gnuplot_colormap(1.0);
    CHECK(yellow.r == 1.0);
    CHECK(yellow.g == 1.0);
    CHECK(yellow.b == 0.0);  // sin(2 pi) = -2.4e-16, clipped to 0

    const apps::Rgb quarter = apps::gnuplot_colormap(0.25);
    CHECK_THAT(quarter.r, WithinAbs(0.5, 1e-15));
    CHECK_THAT(quarter.g, WithinAbs(0.015625, 1e-15));
    CHECK_THAT(quarter.b, WithinAbs(1.0, 1e-15));
    CHECK(apps::gnuplot_colormap(0.75).b == 0.0);  // sin(3 pi / 2) = -1, clipped

    CHECK(apps::gnuplot_colormap(-1.0).r == 0.0);  // t is clamped to [0, 1]
    CHECK(apps::gnuplot_colormap(2.0).g == 1.0);
}

TEST_CASE("hex_color rounds each channel to a byte", "[apps]") {
    CHECK(apps::hex_color(apps::gnuplot_colormap(0.0)) == "#000000");
    CHECK(apps::hex_color(apps::gnuplot_colormap(1.0)) == "#ffff00");
    CHECK(apps::hex_color(apps::gnuplot_colormap(0.25)) == "#8004ff");  // 127.5 -> 128, 3.98 -> 4
    CHECK(apps::hex_color({0.5, 0.1, 0.9}) == "#801ae6");
}

TEST_CASE("marker_shape walks the list of shapes and starts again", "[apps]") {
    CHECK(apps::marker_shape(0) == apps::MarkerShape::circle);
    CHECK(apps::marker_shape(1) == apps::MarkerShape::square);
    CHECK(apps::marker_shape(2) == apps::MarkerShape::triangle_up);
    CHECK(apps::marker_shape(3) == apps::MarkerShape::diamond);
    CHECK(apps::marker_shape(5) == apps::MarkerShape::star);
    CHECK(apps::marker_shape(10) == apps::MarkerShape::hexagon);
    CHECK(apps::marker_shape(11) == apps::MarkerShape::circle);
    CHECK(apps::marker_shape(14) == apps::MarkerShape::diamond);
    std::set<apps::MarkerShape> distinct;
    for (std::size_t i = 0; i < 11; ++i) distinct.insert(apps::marker_shape(i));
    CHECK(distinct.size() == 11);
}

TEST_CASE("svg_marker draws circles and squares of the circle's area", "[apps]") {
    CHECK(apps::svg_marker(apps::MarkerShape::circle, 10.0, 20.0, 4.0, "fill=\"#ff0000\"") ==
          "<circle cx=\"10.00\" cy=\"20.00\" r=\"4.00\" fill=\"#ff0000\"/>");
    // side = r sqrt(pi) = 7.09 for r = 4
    CHECK(apps::svg_marker(apps::MarkerShape::square, 10.0, 20.0, 4.0, "") ==
          "<rect x=\"6.46\" y=\"16.46\" width=\"7.09\" height=\"7.09\"/>");
}

TEST_CASE("svg_marker polygons are centred and have the circle's area", "[apps]") {
    const double radius = 40.0;  // large, so that the 2-decimal rounding of the vertices is negligible
    const double area = std::numbers::pi * radius * radius;
    const std::vector<std::pair<apps::MarkerShape, std::size_t>> polygons{
        {apps::MarkerShape::triangle_up, 3}, {apps::MarkerShape::diamond, 4}, {apps::MarkerShape::triangle_down, 3},
        {apps::MarkerShape::pentagon, 5},    {apps::MarkerShape::hexagon, 6}, {apps::MarkerShape::star, 10},
        {apps::MarkerShape::triangle_left, 3}, {apps::MarkerShape::triangle_right, 3}, {apps::MarkerShape::plus, 12}};
    for (const auto& [shape, vertex_count] : polygons) {
        const std::string element = apps::svg_marker(shape, 100.0, 200.0, radius, "fill=\"#000000\"");
        INFO(element);
        CHECK(element.starts_with("<polygon points=\""));
        CHECK(element.ends_with("\" fill=\"#000000\"/>"));
        const std::vector<Vertex> vertices = polygon_vertices(element);
        CHECK(vertices.size() == vertex_count);
        CHECK_THAT(polygon_area(vertices), WithinRel(area, 1e-3));
        CHECK_THAT(vertex_mean(vertices).x, WithinAbs(100.0, 0.01));
        CHECK_THAT(vertex_mean(vertices).y, WithinAbs(200.0, 0.01));
    }
    // Each triangle's first vertex is its apex: up is above the centre (SVG y grows downwards), down below,
    // left and right to the sides.
    CHECK(polygon_vertices(apps::svg_marker(apps::MarkerShape::triangle_up, 0.0, 0.0, 4.0, ""))[0].y < 0.0);
    CHECK(polygon_vertices(apps::svg_marker(apps::MarkerShape::triangle_down, 0.0, 0.0, 4.0, ""))[0].y > 0.0);
    CHECK(polygon_vertices(apps::svg_marker(apps::MarkerShape::triangle_left, 0.0, 0.0, 4.0, ""))[0].x < 0.0);
    CHECK(polygon_vertices(apps::svg_marker(apps::MarkerShape::triangle_right, 0.0, 0.0, 4.0, ""))[0].x > 0.0);
}

TEST_CASE("svg_marker adds an escaped tooltip as a <title> child", "[apps]") {
    CHECK(apps::svg_marker(apps::MarkerShape::circle, 1.0, 2.0, 3.0, "class=\"marker\"", "a<b, epoch 3") ==
          "<circle cx=\"1.00\" cy=\"2.00\" r=\"3.00\" class=\"marker\"><title>a&lt;b, epoch 3</title></circle>");
    const std::string polygon = apps::svg_marker(apps::MarkerShape::diamond, 1.0, 2.0, 3.0, "", "t");
    CHECK(polygon.ends_with("\"><title>t</title></polygon>"));
    const std::string rect = apps::svg_marker(apps::MarkerShape::square, 1.0, 2.0, 3.0, "", "t");
    CHECK(rect.ends_with("\"><title>t</title></rect>"));
}
