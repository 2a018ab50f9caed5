// apps/report.cpp — the HTML page of a run: its files read, its figures drawn in memory, all in one document.
#include "apps/report.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "apps/csv.hpp"
#include "apps/plot_run.hpp"
#include "apps/run_directory.hpp"
#include "apps/svg_curves.hpp"
#include "apps/svg_plot.hpp"
#include "apps/svg_primitives.hpp"
#include "estimators/geometry.hpp"

namespace apps {

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// An SVG document made fit to sit inside HTML next to others: without its XML declaration, and with every
// id (the colour bar's gradient) prefixed, so two figures never share an id.
std::string inline_svg(std::string svg, const std::string& id_prefix) {
    if (svg.starts_with("<?xml")) svg.erase(0, svg.find('\n') + 1);
    std::vector<std::string> ids;
    for (std::size_t at = svg.find(" id=\""); at != std::string::npos; at = svg.find(" id=\"", at + 1)) {
        const std::size_t begin = at + 5;
        ids.push_back(svg.substr(begin, svg.find('"', begin) - begin));
    }
    const auto replace_all = [&svg](const std::string& from, const std::string& to) {
        for (std::size_t at = svg.find(from); at != std::string::npos; at = svg.find(from, at + to.size()))
            svg.replace(at, from.size(), to);
    };
    for (const std::string& id : ids) {
        replace_all(" id=\"" + id + "\"", " id=\"" + id_prefix + id + "\"");
        replace_all("url(#" + id + ")", "url(#" + id_prefix + id + ")");
    }
    return svg;
}

// The rows of the largest epoch as an HTML table, every column of the CSV.
std::string last_epoch_table(const CsvTable& plane) {
    const std::size_t epoch = plane.column("epoch");
    std::int64_t last = plane.integer(0, epoch);
    for (std::size_t r = 1; r < plane.rows.size(); ++r) last = std::max(last, plane.integer(r, epoch));
    std::string html = "<h2>The last sampled epoch (" + std::to_string(last) + ")</h2>\n<table>\n<tr>";
    for (const std::string& name : plane.header) html += "<th>" + escape_xml(name) + "</th>";
    html += "</tr>\n";
    for (std::size_t r = 0; r < plane.rows.size(); ++r) {
        if (plane.integer(r, epoch) != last) continue;
        html += "<tr>";
        for (const std::string& field : plane.rows[r].fields) html += "<td>" + escape_xml(field) + "</td>";
        html += "</tr>\n";
    }
    return html + "</table>\n";
}

constexpr const char* kStyle =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2em;color:#1a1a1a;max-width:1400px}"
    "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
    "pre{background:#f6f6f6;padding:1em;overflow:auto}figure{margin:1em 0;overflow:auto}"
    ".geometry{display:flex;flex-wrap:wrap;gap:1em}";

}  // namespace

std::string report_html(const std::string& run_dir) {
    const std::filesystem::path dir = std::filesystem::path(run_dir).lexically_normal();
    if (!std::filesystem::is_directory(dir)) throw std::runtime_error(run_dir + ": no such run directory");
    std::string name = dir.filename().string();
    if (name.empty()) name = dir.parent_path().filename().string();  // "runs/x/" -> "x"
    const bool sweep = !std::filesystem::exists(dir / "run.ini") && std::filesystem::exists(dir / "sweep.ini");
    const std::filesystem::path config = dir / (sweep ? "sweep.ini" : "run.ini");
    if (!std::filesystem::exists(config))
        throw std::runtime_error(run_dir + ": neither run.ini nor sweep.ini (not a run directory)");
    const CsvTable plane = read_csv((dir / "information_plane.csv").string());
    const CsvTable metrics = read_csv((dir / "metrics.csv").string());
    const std::string config_text = read_text(config);

    // Provenance: run.ini's comment lines; a merged sweep's are those of its merged CSV.
    std::vector<std::string> provenance;
    if (sweep) {
        provenance = plane.comments;
    } else {
        std::istringstream lines(config_text);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with("#")) provenance.push_back(line.substr(line.starts_with("# ") ? 2 : 1));
    }

    PlotOptions options = plot_options(dir.string());  // as `infoplane plot` draws it (an autoencoder's bisector too)
    options.title = name;
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" +
                       escape_xml(name) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
    html += "<h1>" + escape_xml(name) + "</h1>\n<ul class=\"provenance\">\n";
    for (const std::string& line : provenance) html += "<li>" + escape_xml(line) + "</li>\n";
    html += "</ul>\n<h2>The information plane</h2>\n<figure id=\"information-plane\">\n" +
            inline_svg(information_plane_svg(plane, options), "plane-") + "</figure>\n";
    html += "<h2>Training curves</h2>\n<figure id=\"curves\">\n" + training_curves_svg(metrics) + "</figure>\n";

    // The geometry of train --geometry, each column against I(X;T), as `infoplane plot --y COLUMN` draws it.
    std::string geometry;
    for (const std::string& column : estimators::geometry_column_names()) {
        if (!plane.has_column(column)) continue;
        PlotOptions small = options;
        small.title = column;
        small.y_column = column;
        small.y_label = axis_label(column, false);
        small.feasible_region = false;
        small.panel_width = 220.0;
        small.panel_height = 170.0;
        geometry += "<figure>\n" + inline_svg(information_plane_svg(plane, small), column + "-") + "</figure>\n";
    }
    if (!geometry.empty())
        html += "<h2>Geometry of the layers</h2>\n<div class=\"geometry\">\n" + geometry + "</div>\n";

    html += last_epoch_table(plane);
    html += "<h2>" + config.filename().string() + "</h2>\n<pre>" + escape_xml(config_text) + "</pre>\n";
    return html + "</body>\n</html>\n";
}

std::string write_report(const std::string& run_dir, const std::string& out_path) {
    const std::string html = report_html(run_dir);
    const std::string path = out_path.empty() ? (std::filesystem::path(run_dir) / "report.html").string() : out_path;
    write_file_atomically(path, html);
    return path;
}

}  // namespace apps
