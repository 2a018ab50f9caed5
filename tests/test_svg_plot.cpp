// tests/test_svg_plot.cpp — the information-plane SVG: one marker per drawn row, one panel per estimator x
// split, the colour bar, escaped text, a well-formed document, deterministic bytes, clear errors, and an
// autoencoder's bisector and feasible region (drawn by plot_run for autoencoder runs only).
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "apps/csv.hpp"
#include "apps/plot_run.hpp"
#include "apps/svg_plot.hpp"
#include "temp_dir.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

apps::CsvTable parse(const std::string& text) {
    std::istringstream in(text);
    return apps::read_csv(in, "t.csv");
}

std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// Lines of the document that start with `element` and contain `attribute`.
std::size_t count_elements(const std::string& svg, const std::string& element, const std::string& attribute) {
    std::istringstream in(svg);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.starts_with(element) && line.find(attribute) != std::string::npos) ++n;
    return n;
}

// "" when text holds no '<' and no '&' other than the five predefined entities, else what is wrong.
std::string text_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') return "raw '<' in text";
        if (text[i] != '&') continue;
        const std::size_t semicolon = text.find(';', i);
        const std::string entity(text.substr(i + 1, semicolon == std::string_view::npos ? 8 : semicolon - i - 1));
        if (entity != "amp" && entity != "lt" && entity != "gt" && entity != "quot" && entity != "apos")
            return "raw '&' before '" + entity + "'";
    }
    return "";
}

// A small XML well-formedness checker: one root element, every opened tag closed in order, attribute names
// unique and their values double-quoted, text and values escaped. "" when well formed, else the problem.
std::string xml_problem(const std::string& doc) {
    const auto at = [&](std::size_t i) { return i < doc.size() ? doc[i] : '\0'; };
    const auto is_name = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':';
    };
    std::size_t pos = doc.starts_with("<?xml") ? doc.find("?>") + 2 : 0;
    std::vector<std::string> open;
    int roots = 0;
    while (true) {
        const std::size_t lt = doc.find('<', pos);
        const std::string_view text =
            std::string_view(doc).substr(pos, lt == std::string::npos ? std::string::npos : lt - pos);
        if (const std::string problem = text_problem(text); !problem.empty()) return problem;
        if (open.empty() && text.find_first_not_of(" \n") != std::string_view::npos) return "text outside the root";
        if (lt == std::string::npos) break;
        pos = lt + 1;
        const bool closing = at(pos) == '/';
        if (closing) ++pos;
        const std::size_t name_start = pos;
        while (is_name(at(pos))) ++pos;
        const std::string name = doc.substr(name_start, pos - name_start);
        if (name.empty()) return "a tag without a name at byte " + std::to_string(lt);
        if (closing) {
            if (at(pos) != '>') return "bad closing tag </" + name;
            if (open.empty() || open.back() != name)
                return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
            open.pop_back();
            ++pos;
            continue;
        }
        if (open.empty() && ++roots > 1) return "a second root element <" + name + ">";
        std::set<std::string> attributes;
        while (true) {
            const std::size_t before_space = pos;
            while (at(pos) == ' ' || at(pos) == '\n') ++pos;
            if (at(pos) == '>') {
                open.push_back(name);
                ++pos;
                break;
            }
            if (at(pos) == '/' && at(pos + 1) == '>') {
                pos += 2;
                break;
            }
            if (pos == before_space) return "no space before an attribute of <" + name + ">";
            const std::size_t attribute_start = pos;
            while (is_name(at(pos))) ++pos;
            const std::string attribute = doc.substr(attribute_start, pos - attribute_start);
            if (attribute.empty()) return "a bad attribute in <" + name + ">";
            if (!attributes.insert(attribute).second) return "attribute " + attribute + " twice in <" + name + ">";
            if (at(pos) != '=' || at(pos + 1) != '"') return "attribute " + attribute + " of <" + name + "> not quoted";
            const std::size_t end = doc.find('"', pos + 2);
            if (end == std::string::npos) return "attribute " + attribute + " of <" + name + "> never ends";
            if (const std::string problem = text_problem(std::string_view(doc).substr(pos + 2, end - pos - 2));
                !problem.empty())
                return problem + " in attribute " + attribute;
            pos = end + 1;
        }
    }
    if (!open.empty()) return "<" + open.back() + "> is never closed";
    return roots == 1 ? "" : "no root element";
}

// 4 epochs x 2 layers x (2 estimators x 2 splits); the kde/test panel has no I(T;Y) at all, and one row of
// binning/test lacks it. Layer names need escaping.
std::string small_run_file() {
    std::string text = apps::csv_comment("infoplane 0.1.0");
    text += apps::csv_line(
        {"epoch", "layer", "layer_name", "estimator", "split", "i_xt_bits", "i_ty_bits", "clipped_fraction"});
    for (const std::string estimator : {"binning:edges=30,lo=-1,hi=1", "kde:bound=upper,var=0.001"})
        for (const std::string split : {"all", "test"})
            for (const int epoch : {0, 10, 100, 1000})
                for (const int layer : {1, 2}) {
                    const double x = 12.0 - 3.0 * layer - 0.001 * epoch, y = 0.5 + 0.0004 * epoch;
                    const bool has_y = !(estimator[0] == 'k' && split == "test") &&
                                       !(estimator[0] == 'b' && split == "test" && epoch == 10 && layer == 2);
                    text += apps::csv_line({std::to_string(epoch), std::to_string(layer),
                                            layer == 1 ? "dense<1>" : "a&b", estimator, split, apps::format_number(x),
                                            has_y ? apps::format_number(y) : "", "0"});
                }
    return text;
}

// The number in attribute `name` of the first line of svg that contains `marker`.
double attribute_of(const std::string& svg, const std::string& marker, const std::string& name) {
    const std::size_t line = svg.rfind('\n', svg.find(marker)) + 1;
    const std::size_t at = svg.find(" " + name + "=\"", line) + name.size() + 3;
    return std::stod(svg.substr(at, svg.find('"', at) - at));
}

// The vertices of the feasible-region polygon, "x,y x,y x,y".
std::vector<std::pair<double, double>> region_points(const std::string& svg) {
    const std::string key = "class=\"feasible-region\" points=\"";
    const std::size_t at = svg.find(key) + key.size();
    std::istringstream in(svg.substr(at, svg.find('"', at) - at));
    std::vector<std::pair<double, double>> points;
    for (std::string pair; in >> pair;)
        points.emplace_back(std::stod(pair.substr(0, pair.find(','))), std::stod(pair.substr(pair.find(',') + 1)));
    return points;
}

// An autoencoder's plane: two layers at 3 epochs, I(T;X') below I(X;T) as the data-processing inequality wants.
const std::string kAutoencoderCsv =
    "epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits\n"
    "0,1,dense1,renyi,test,6,3\n0,4,code,renyi,test,2,1\n"
    "5,1,dense1,renyi,test,7,5\n5,4,code,renyi,test,3,2.5\n"
    "10,1,dense1,renyi,test,7.5,6\n10,4,code,renyi,test,3.5,3\n";

}  // namespace

TEST_CASE("the test's XML checker rejects malformed documents", "[apps]") {
    CHECK(xml_problem("<?xml version=\"1.0\"?>\n<svg a=\"1\"><g><text>a &amp; b</text></g><rect/></svg>\n") == "");
    CHECK(xml_problem("<svg><g></svg></g>") == "</svg> closes <g>");
    CHECK(xml_problem("<svg><g>") == "<g> is never closed");
    CHECK(xml_problem("<svg a=1/>") == "attribute a of <svg> not quoted");
    CHECK(xml_problem("<svg a='1'/>") == "attribute a of <svg> not quoted");
    CHECK(xml_problem("<svg a=\"1\" a=\"2\"/>") == "attribute a twice in <svg>");
    CHECK(xml_problem("<svg><text>a & b</text></svg>") == "raw '&' before ' b'");
    CHECK(xml_problem("<svg><title>a < b</title></svg>") == "a tag without a name at byte 14");
    CHECK(xml_problem("<svg t=\"a<b\"/>") == "raw '<' in text in attribute t");
    CHECK(xml_problem("<svg/><svg/>") == "a second root element <svg>");
    CHECK(xml_problem("") == "no root element");
}

TEST_CASE("information_plane_svg draws one marker per drawn row and one panel per estimator x split", "[apps]") {
    const apps::CsvTable table = parse(small_run_file());
    REQUIRE(table.rows.size() == 32);
    apps::PlotOptions options;
    options.title = "runs/<szt> & co";
    const std::string svg = apps::information_plane_svg(table, options);
    INFO(svg.substr(0, 2000));
    CHECK(xml_problem(svg) == "");
    CHECK(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(svg.ends_with("</svg>\n"));

    CHECK(count(svg, "class=\"panel\"") == 4);
    // 32 rows; the 8 of kde/test and one of binning/test have no I(T;Y).
    CHECK(count(svg, "class=\"marker") == 23);
    CHECK(count(svg, "<title>") == 23);
    CHECK(count_elements(svg, "<circle", "class=\"marker") == 12);  // layer 1: circles
    CHECK(count_elements(svg, "<rect", "class=\"marker") == 11);    // layer 2: squares
    CHECK(count(svg, "class=\"marker last\"") == 6);                 // 3 drawn panels x 2 layers
    CHECK(count(svg, "<polyline") == 6);
    CHECK(count_elements(svg, "<circle", "fill=\"#000000\"") >= 1);  // epoch 0 is black
    CHECK(count(svg, "class=\"marker last\" fill=\"#ffff00\"") == 6);  // epoch 1000 is yellow

    CHECK(count(svg, ">binning:edges=30,lo=-1,hi=1</text>") == 2);
    CHECK(count(svg, ">kde:bound=upper,var=0.001</text>") == 2);
    CHECK(count(svg, ">split: all</text>") == 2);
    CHECK(count(svg, ">split: test</text>") == 2);
    CHECK(count(svg, ">I(T;Y) not estimated</text>") == 1);
    CHECK(count(svg, ">1 row without I(T;Y) not drawn</text>") == 1);

    CHECK(count(svg, "class=\"colorbar\"") == 1);
    CHECK(count(svg, "<linearGradient") == 1);
    CHECK(count(svg, ">Epoch</text>") == 1);
    CHECK(count(svg, ">0</text>") >= 1);
    CHECK(count(svg, ">1000</text>") == 1);
    CHECK(count(svg, "class=\"legend\"") == 3);  // two layer shapes and the last-epoch marker

    CHECK(count(svg, ">dense&lt;1&gt;</text>") == 1);  // the legend
    CHECK(count(svg, ">a&amp;b</text>") == 1);
    CHECK(count(svg, "<title>dense&lt;1&gt;, epoch 0\nI(X;T) [bits] = 9.0000\nI(T;Y) [bits] = 0.5000</title>") == 3);
    CHECK(count(svg, "dense<1>") == 0);
    CHECK(count(svg, "a&b") == 0);
    CHECK(count(svg, ">runs/&lt;szt&gt; &amp; co</text>") == 1);

    CHECK(count(svg, "<script") == 0);
    CHECK(count(svg, "href") == 0);
    CHECK(count(svg, "@import") == 0);
}

TEST_CASE("information_plane_svg is deterministic", "[apps]") {
    const apps::CsvTable table = parse(small_run_file());
    CHECK(apps::information_plane_svg(table) == apps::information_plane_svg(parse(small_run_file())));
}

TEST_CASE("information_plane_svg honours the columns and labels it is given", "[apps]") {
    const apps::CsvTable table = parse(
        "epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits,i_txprime_bits\n"
        "0,1,encoder,renyi,all,3,,4\n"
        "5,1,encoder,renyi,all,2.5,,4.5\n");
    apps::PlotOptions options;
    options.y_column = "i_txprime_bits";
    options.y_label = "I(T;X') [bits]";
    const std::string svg = apps::information_plane_svg(table, options);
    CHECK(xml_problem(svg) == "");
    CHECK(count(svg, "class=\"marker") == 2);
    CHECK(count(svg, ">I(T;X&apos;) [bits]</text>") == 1);
    CHECK(count(svg, ">I(X;T) [bits]</text>") == 1);

    options.y_column = "i_ty_bits";
    const std::string empty = apps::information_plane_svg(table, options);
    CHECK(xml_problem(empty) == "");
    CHECK(count(empty, "class=\"marker") == 0);
    CHECK(count(empty, ">I(T;X&apos;) not estimated</text>") == 1);
}

TEST_CASE("information_plane_svg handles a single sampled epoch", "[apps]") {
    const apps::CsvTable table =
        parse("epoch,layer,estimator,split,i_xt_bits,i_ty_bits\n7,1,b,all,1,0.5\n7,2,b,all,0.5,0.25\n");
    const std::string svg = apps::information_plane_svg(table);
    CHECK(xml_problem(svg) == "");
    CHECK(count(svg, "class=\"marker last\"") == 2);
    CHECK(count(svg, ">7</text>") == 1);
    CHECK(count(svg, ">layer 1</text>") == 1);
}

TEST_CASE("information_plane_svg rejects an empty table, a missing column and tiny panels", "[apps]") {
    const std::string header_only = "epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits\n";
    CHECK_THROWS_WITH(apps::information_plane_svg(parse(header_only)), "t.csv: no rows to plot");
    CHECK_THROWS_WITH(apps::information_plane_svg(parse("epoch,layer,estimator,split,i_xt_bits\n0,1,b,all,1\n")),
                      "t.csv: no column 'i_ty_bits' (columns: epoch, layer, estimator, split, i_xt_bits)");
    CHECK_THROWS_AS(apps::information_plane_svg(parse("epoch,layer,estimator,split,i_xt_bits\n0,1,b,all,1\n")),
                    std::runtime_error);
    apps::PlotOptions narrow;
    narrow.panel_width = 50.0;
    CHECK_THROWS_AS(apps::information_plane_svg(parse(small_run_file()), narrow), std::invalid_argument);
}

TEST_CASE("xmllint, when installed, accepts the document", "[apps]") {
    if (std::system("command -v xmllint > /dev/null 2>&1") != 0) return;  // optional: not a dependency
    const TempDir dir;
    const std::filesystem::path path = dir.path / "information_plane.svg";
    std::ofstream(path) << apps::information_plane_svg(parse(small_run_file()));
    CHECK(std::system(("xmllint --noout " + path.string()).c_str()) == 0);
}

TEST_CASE("the feasible region: the bisector across equal axes, the triangle up to H(X) = log2 N, labelled", "[apps]") {
    apps::PlotOptions options;
    options.y_label = "I(T;X') [bits]";
    options.feasible_region = true;
    options.h_x_bits = std::log2(1000.0);  // 9.966: both axes run 0..10
    const std::string svg = apps::information_plane_svg(parse(kAutoencoderCsv), options);
    CHECK(xml_problem(svg) == "");
    CHECK(count(svg, "class=\"bisector\"") == 1);
    CHECK(count(svg, "class=\"feasible-region\"") == 1);
    CHECK(count(svg, "class=\"h-x\"") == 1);
    CHECK(count(svg, ">I(T;X&apos;) = I(X;T)</text>") == 1);
    CHECK(count(svg, ">H(X) = log2 1000 = 9.97 bits</text>") == 1);
    CHECK(count(svg, ">feasible: I(T;X&apos;) ≤ I(X;T) ≤ H(X)</text>") == 1);
    // The x axis reaches H(X) although the data end at 7.5, and y takes the same range.
    CHECK(count(svg, "text-anchor=\"middle\">10</text>") == 1);
    CHECK(count(svg, "text-anchor=\"end\">10</text>") == 1);

    // The bisector runs from (0, 0) to (10, 10): the whole 360 x 300 px area, corner to corner.
    const double x1 = attribute_of(svg, "class=\"bisector\"", "x1"), y1 = attribute_of(svg, "class=\"bisector\"", "y1");
    const double x2 = attribute_of(svg, "class=\"bisector\"", "x2"), y2 = attribute_of(svg, "class=\"bisector\"", "y2");
    CHECK_THAT(x2 - x1, WithinAbs(360.0, 0.011));
    CHECK_THAT(y1 - y2, WithinAbs(300.0, 0.011));
    // The triangle (0, 0), (H, 0), (H, H), H = 9.966 of 10: 358.76 px right, 298.97 px up.
    const auto points = region_points(svg);
    REQUIRE(points.size() == 3);
    CHECK_THAT(points[0].first, WithinAbs(x1, 0.011));
    CHECK_THAT(points[0].second, WithinAbs(y1, 0.011));
    CHECK_THAT(points[1].first - x1, WithinAbs(358.76, 0.011));
    CHECK_THAT(points[1].second, WithinAbs(y1, 0.011));
    CHECK_THAT(points[2].first, WithinAbs(points[1].first, 0.011));
    CHECK_THAT(y1 - points[2].second, WithinAbs(298.97, 0.011));
    // The H(X) line is vertical at x = H, from the bottom of the area to its top.
    CHECK_THAT(attribute_of(svg, "class=\"h-x\"", "x1"), WithinAbs(points[1].first, 0.011));
    CHECK_THAT(attribute_of(svg, "class=\"h-x\"", "y1") - attribute_of(svg, "class=\"h-x\"", "y2"),
               WithinAbs(300.0, 0.011));
    // Guides under the data: the markers come after them.
    CHECK(svg.find("class=\"feasible-region\"") < svg.find("class=\"marker"));
}

TEST_CASE("the feasible region without H(X) is bounded by the bisector alone, and it is off by default", "[apps]") {
    apps::PlotOptions options;
    options.y_label = "I(T;X') [bits]";
    const std::string plain = apps::information_plane_svg(parse(kAutoencoderCsv), options);
    CHECK(count(plain, "bisector") == 0);
    CHECK(count(plain, "feasible") == 0);

    options.feasible_region = true;
    const std::string svg = apps::information_plane_svg(parse(kAutoencoderCsv), options);
    CHECK(xml_problem(svg) == "");
    CHECK(count(svg, "class=\"bisector\"") == 1);
    CHECK(count(svg, "class=\"h-x\"") == 0);
    CHECK(count(svg, ">feasible: I(T;X&apos;) ≤ I(X;T)</text>") == 1);
    const auto points = region_points(svg);  // up to the axes' common end, 8: the bisector's top end
    REQUIRE(points.size() == 3);
    CHECK_THAT(points[2].first, WithinAbs(attribute_of(svg, "class=\"bisector\"", "x2"), 0.011));
    CHECK_THAT(points[2].second, WithinAbs(attribute_of(svg, "class=\"bisector\"", "y2"), 0.011));

    // H(X) far above the data (20 bits against data below 7.5): the axes fit the data, the region reaches
    // their corner as without H(X), and H(X) is stated rather than drawn.
    options.h_x_bits = 20.0;
    const std::string far = apps::information_plane_svg(parse(kAutoencoderCsv), options);
    CHECK(xml_problem(far) == "");
    CHECK(count(far, "class=\"h-x\"") == 0);
    CHECK(count(far, ">feasible: I(T;X&apos;) ≤ I(X;T) ≤ H(X)</text>") == 1);
    CHECK(count(far, ">H(X) = log2 1048576 = 20.00 bits, beyond the axes</text>") == 1);
    CHECK(count(far, "text-anchor=\"middle\">8</text>") == 1);
    CHECK(region_points(far) == points);

    options.h_x_bits = -1.0;
    CHECK_THROWS_AS(apps::information_plane_svg(parse(kAutoencoderCsv), options), std::invalid_argument);
    options.h_x_bits = std::nan("");
    CHECK_THROWS_AS(apps::information_plane_svg(parse(kAutoencoderCsv), options), std::invalid_argument);
}

TEST_CASE("plot_run draws the bisector for an autoencoder's information plane only", "[apps]") {
    const TempDir dir;
    dir.write("ae/information_plane.csv", kAutoencoderCsv);
    dir.write("ae/run.ini", "model = autoencoder\nprobe = test\nprobe_samples = 1000\n");
    const std::string path = apps::plot_run(dir.file("ae"));
    CHECK(path == dir.file("ae/information_plane.svg"));
    std::ifstream in(path);
    const std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(count(svg, "class=\"bisector\"") == 1);
    CHECK(count(svg, ">H(X) = log2 1000 = 9.97 bits</text>") == 1);
    CHECK(count(svg, ">I(T;X&apos;) [bits]</text>") == 1);

    // Another pair of columns of the same run: no guides (the inequality relates I(X;T) and I(T;X') only).
    const apps::PlotOptions other = apps::plot_options(dir.file("ae"), "epoch", "i_ty_bits");
    CHECK_FALSE(other.feasible_region);
    // The whole split as probe: its size is not in the run directory, so no H(X) bound.
    dir.write("ae_all/run.ini", "model = autoencoder\nprobe = test\n");
    const apps::PlotOptions whole = apps::plot_options(dir.file("ae_all"));
    CHECK(whole.feasible_region);
    CHECK(whole.h_x_bits == 0.0);
    // A classifier, and a directory without run.ini: no guides.
    dir.write("mlp/run.ini", "model = mlp\nprobe_samples = 1000\n");
    CHECK_FALSE(apps::plot_options(dir.file("mlp")).feasible_region);
    CHECK_FALSE(apps::plot_options(dir.file("none")).feasible_region);
    dir.write("mlp/information_plane.csv", kAutoencoderCsv);
    std::ifstream classifier(apps::plot_run(dir.file("mlp")));
    const std::string classifier_svg((std::istreambuf_iterator<char>(classifier)), std::istreambuf_iterator<char>());
    CHECK(count(classifier_svg, "bisector") == 0);
    CHECK(count(classifier_svg, ">I(T;Y) [bits]</text>") == 1);

    dir.write("bad/run.ini", "model = autoencoder\nprobe_samples = 1k\n");
    CHECK_THROWS_WITH(apps::plot_options(dir.file("bad")),
                      dir.file("bad/run.ini") + ": probe_samples '1k' is not a count");
}
