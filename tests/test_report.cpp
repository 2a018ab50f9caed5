// tests/test_report.cpp — `infoplane report`: the parts of the page, its well-formedness and self-containment,
// the escaping of run.ini, the training curves' points, the error paths, and the page in a headless chromium.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "apps/csv.hpp"
#include "apps/report.hpp"
#include "apps/svg_curves.hpp"
#include "apps/svg_primitives.hpp"
#include "cli_runner.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

using cli::Args;

// The demo preset cut to 20 epochs (5 sampled: 0, 2, 5, 9, 19) with the geometry columns: half a second.
void train_demo(const TempDir& dir, const std::string& out, const Args& extra = {"--geometry"}) {
    Args arguments = {"train", "--config", cli::demo_preset, "--out", out, "--epochs", "20", "--snapshots", "5"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const cli::CliResult result = cli::run_infoplane(arguments, dir.path);
    INFO("stderr: " << result.err);
    REQUIRE(result.status == 0);
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

// Every element opened is closed, in order: the tags of the page (and its inline SVG) as a stack. Skips the
// doctype and comments, takes "<x .../>" and the HTML void element <meta> as closed. Returns "" when
// balanced, else what went wrong.
std::string unbalanced_tags(const std::string& html) {
    std::vector<std::string> open;
    const std::regex tag(R"(<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
        const std::smatch& match = *it;
        const std::string name = match[2];
        if (match[3] == "/" || name == "meta") continue;
        if (match[1] == "") {
            open.push_back(name);
        } else {
            if (open.empty() || open.back() != name)
                return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
            open.pop_back();
        }
    }
    return open.empty() ? "" : "<" + open.back() + "> is never closed";
}

// The URLs in `text` other than the SVG namespace.
std::vector<std::string> foreign_urls(const std::string& text) {
    std::vector<std::string> urls;
    const std::regex url(R"(https?://[^"'\s<>]*)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), url); it != std::sregex_iterator(); ++it)
        if (it->str() != "http://www.w3.org/2000/svg") urls.push_back(it->str());
    return urls;
}

// A run directory written by hand: run.ini with `config`, two layers at epochs 0 and 10, train and test.
void write_hand_made_run(const TempDir& dir, const std::string& config) {
    dir.write("run/run.ini", config);
    dir.write("run/information_plane.csv",
              "epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits\n"
              "0,1,dense1,binning,all,1.5,0.25\n0,2,softmax,binning,all,1,0.5\n"
              "10,1,dense1,binning,all,3,0.75\n10,2,softmax,binning,all,2,0.875\n");
    dir.write("run/metrics.csv",
              "epoch,split,loss,accuracy\n0,train,1,0.5\n0,test,1.5,0.25\n5,train,0.5,0.75\n5,test,1,0.5\n"
              "10,train,0.25,1\n10,test,0.75,0.75\n");
}

// The "x,y" pairs of the index-th <polyline> of an SVG.
std::vector<std::pair<double, double>> polyline_points(const std::string& svg, std::size_t index) {
    std::size_t at = svg.find("<polyline points=\"");
    for (std::size_t i = 0; i < index; ++i) at = svg.find("<polyline points=\"", at + 1);
    REQUIRE(at != std::string::npos);
    const std::size_t begin = at + 18;
    std::istringstream in(svg.substr(begin, svg.find('"', begin) - begin));
    std::vector<std::pair<double, double>> points;
    double x = 0.0, y = 0.0;
    char comma = 0;
    while (in >> x >> comma >> y) points.emplace_back(x, y);
    return points;
}

}  // namespace

TEST_CASE("the report of a demo run holds the provenance, every figure, the last epoch and run.ini", "[apps]") {
    const TempDir dir;
    train_demo(dir, "run");
    const cli::CliResult result = cli::run_infoplane({"report", "run"}, dir.path);
    INFO("stderr: " << result.err);
    REQUIRE(result.status == 0);
    CHECK(result.out == "run/report.html\n");
    const std::string page = cli::read_file(dir.path / "run/report.html");
    const std::string ini = cli::read_file(dir.path / "run/run.ini");

    CHECK_THAT(page, Contains("<title>run</title>") && Contains("<h1>run</h1>"));
    CHECK_THAT(page, Contains("<li>infoplane ") && Contains("<li>command: infoplane train --config ") &&
                         Contains("<li>seed: 1</li>"));
    CHECK_THAT(page, Contains("<figure id=\"information-plane\">\n<svg ") && Contains("I(X;T) [bits]"));
    CHECK_THAT(page, Contains("<figure id=\"curves\">\n<svg ") && Contains(">Loss</text>") &&
                         Contains(">Accuracy</text>") && Contains("test: epoch 19, loss "));
    for (const char* column : {"saturation", "mean_distance", "class_separation", "effective_rank"})
        CHECK_THAT(page, Contains(std::string(">") + column + "</text>"));
    CHECK(count_of(page, "<svg ") == 1 + 1 + 4);  // the plane, the curves, the four geometry columns
    CHECK(page.find("<?xml") == std::string::npos);
    // The last sampled epoch: the six layers' rows of epoch 19 and no other epoch's.
    CHECK_THAT(page, Contains("<h2>The last sampled epoch (19)</h2>"));
    CHECK(count_of(page, "<tr><td>19</td>") == 6);
    CHECK(count_of(page, "<tr><td>") == 6);
    // run.ini verbatim, escaped (its "# data:" line has an apostrophe).
    REQUIRE(ini.find('\'') != std::string::npos);
    CHECK_THAT(page, Contains("<pre>" + apps::escape_xml(ini) + "</pre>"));
}

TEST_CASE("the report page is well formed, self-contained and its ids are unique", "[apps]") {
    const TempDir dir;
    train_demo(dir, "run");
    const std::string page = cli::read_file(apps::write_report(dir.file("run")));
    CHECK(unbalanced_tags(page).empty());
    CHECK(foreign_urls(page).empty());
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("src=") == std::string::npos);
    CHECK(page.find("href=") == std::string::npos);
    std::multiset<std::string> ids;
    const std::regex id(R"( id="([^"]*)\")");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), id); it != std::sregex_iterator(); ++it)
        ids.insert((*it)[1]);
    CHECK(ids.size() > 2);  // the two figures' ids and the colour bars' gradients
    for (const std::string& name : ids) CHECK(ids.count(name) == 1);
    // Every colour bar points at a gradient of its own figure.
    const std::regex reference(R"(url\(#([^)]*)\))");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), reference); it != std::sregex_iterator(); ++it)
        CHECK(ids.count((*it)[1]) == 1);
}

TEST_CASE("the tag checker and the URL finder of these tests catch what they look for", "[apps]") {
    CHECK(unbalanced_tags("<p><b>x</b></p><br/><meta charset=\"utf-8\">").empty());
    CHECK(unbalanced_tags("<p><b>x</p>") == "</p> closes <b>");
    CHECK(unbalanced_tags("<div><p>x</p>") == "<div> is never closed");
    CHECK(foreign_urls("<svg xmlns=\"http://www.w3.org/2000/svg\">").empty());
    CHECK(foreign_urls("<img src=\"https://example.org/a.png\">") == std::vector<std::string>{"https://example.org/a.png"});
}

TEST_CASE("the report escapes run.ini and the provenance", "[apps]") {
    const TempDir dir;
    write_hand_made_run(dir, "# infoplane 0.1.0\n# command: infoplane train --note \"<script>alert('x')</script> & co\"\n"
                             "# seed: 7\nlayers = 1,2 <b>\n");
    const std::string page = apps::report_html(dir.file("run"));
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<b>") == std::string::npos);
    CHECK_THAT(page, Contains("<li>command: infoplane train --note &quot;&lt;script&gt;alert(&apos;x&apos;)"
                              "&lt;/script&gt; &amp; co&quot;</li>"));
    CHECK_THAT(page, Contains("<li>seed: 7</li>") && Contains("layers = 1,2 &lt;b&gt;\n</pre>"));
    CHECK(unbalanced_tags(page).empty());
    // The hand-made run has no geometry columns: no geometry section.
    CHECK(page.find("Geometry") == std::string::npos);
    CHECK(count_of(page, "<svg ") == 2);
    CHECK(count_of(page, "<tr><td>10</td>") == 2);
}

TEST_CASE("the report draws an autoencoder's plane with its bisector, as infoplane plot does", "[apps]") {
    const TempDir classifier, autoencoder;
    write_hand_made_run(classifier, "layers = 1,2\n");
    write_hand_made_run(autoencoder, "model = autoencoder\nprobe = test\nprobe_samples = 8\n");
    CHECK(apps::report_html(classifier.file("run")).find("class=\"bisector\"") == std::string::npos);
    const std::string page = apps::report_html(autoencoder.file("run"));
    CHECK(count_of(page, "class=\"bisector\"") == 1);  // in the plane, not in the curves
    CHECK(unbalanced_tags(page).empty());
}

TEST_CASE("the training curves of a hand-made metrics.csv pass through its points", "[apps]") {
    const TempDir dir;
    write_hand_made_run(dir, "seed = 1\n");
    const apps::CsvTable metrics = apps::read_csv(dir.file("run/metrics.csv"));
    const std::vector<apps::CurveSeries> series = apps::collect_curves(metrics);
    REQUIRE(series.size() == 2);
    CHECK(series[0].label == "train");
    CHECK(series[1].label == "test");
    CHECK(series[0].epochs == std::vector<double>{0, 5, 10});
    CHECK(series[0].loss == std::vector<double>{1, 0.5, 0.25});
    CHECK(series[1].accuracy == std::vector<double>{0.25, 0.5, 0.75});

    const std::string svg = apps::training_curves_svg(metrics);
    CHECK(count_of(svg, "<polyline ") == 4);  // (loss, accuracy) x (train, test)
    CHECK_THAT(svg, Contains("<title>train: epoch 5, loss 0.5</title>") &&
                        Contains("<title>test: epoch 10, accuracy 0.75</title>"));
    // The loss panel's train line: epochs 0, 5, 10 equally spaced left to right; the loss 1, 0.5, 0.25 on a
    // linear axis, so the first drop is twice the second, and a lower loss is lower (larger SVG y).
    const auto train_loss = polyline_points(svg, 0);
    REQUIRE(train_loss.size() == 3);
    CHECK_THAT(train_loss[1].first - train_loss[0].first, Catch::Matchers::WithinAbs(train_loss[2].first - train_loss[1].first, 0.011));
    const double first_drop = train_loss[1].second - train_loss[0].second;
    const double second_drop = train_loss[2].second - train_loss[1].second;
    CHECK(first_drop > 0.0);
    CHECK_THAT(first_drop, Catch::Matchers::WithinAbs(2.0 * second_drop, 0.03));
    // The accuracy panels' lines (the third and fourth polylines): train's 0.5 at epoch 0 is as high as
    // test's 0.5 at epoch 5, and the accuracy panel lies right of the loss panel.
    const auto train_accuracy = polyline_points(svg, 2);
    const auto test_accuracy = polyline_points(svg, 3);
    REQUIRE(train_accuracy.size() == 3);
    CHECK_THAT(train_accuracy[0].second, Catch::Matchers::WithinAbs(test_accuracy[1].second, 0.011));  // both 0.5
    CHECK(train_accuracy[0].first > train_loss[2].first);
    CHECK(apps::training_curves_svg(metrics) == svg);
}

TEST_CASE("the training curves of a merged sweep have one line per seed and split, empty values left out", "[apps]") {
    std::istringstream in("seed,epoch,split,loss,accuracy\n1,0,train,1,\n1,0,test,2,\n3,0,train,0.5,\n"
                          "3,4,train,0.25,\n");
    const apps::CsvTable metrics = apps::read_csv(in, "metrics.csv");
    const std::vector<apps::CurveSeries> series = apps::collect_curves(metrics);
    REQUIRE(series.size() == 3);
    CHECK(series[0].label == "seed=1, train");
    CHECK(series[1].label == "seed=1, test");
    CHECK(series[2].label == "seed=3, train");
    CHECK(series[2].epochs == std::vector<double>{0, 4});
    CHECK(std::isnan(series[2].accuracy[1]));
    const std::string svg = apps::training_curves_svg(metrics);
    CHECK(count_of(svg, "<polyline ") == 3);  // the loss lines; no accuracy at all
    CHECK_THAT(svg, Contains(">seed=3, train</text>"));
}

TEST_CASE("the training curves refuse a metrics table without its columns or rows", "[apps]") {
    std::istringstream no_loss("epoch,split,accuracy\n0,train,1\n");
    CHECK_THROWS_WITH(apps::collect_curves(apps::read_csv(no_loss, "m.csv")), Contains("m.csv: no column 'loss'"));
    std::istringstream no_rows("epoch,split,loss,accuracy\n");
    CHECK_THROWS_WITH(apps::collect_curves(apps::read_csv(no_rows, "m.csv")), Contains("m.csv: no rows"));
    std::istringstream bad("epoch,split,loss,accuracy\n0,train,abc,1\n");
    CHECK_THROWS_WITH(apps::training_curves_svg(apps::read_csv(bad, "m.csv")), Contains("m.csv:2:"));
}

TEST_CASE("the report of a merged run of two seeds", "[apps]") {
    const TempDir dir;
    const cli::CliResult trained = cli::run_infoplane(
        {"train", "--config", cli::demo_preset, "--epochs", "10", "--snapshots", "3", "--seeds", "1,3", "--out", "seeds"},
        dir.path);
    INFO("stderr: " << trained.err);
    REQUIRE(trained.status == 0);
    const cli::CliResult result = cli::run_infoplane({"report", "seeds", "--out", "page.html"}, dir.path);
    REQUIRE(result.status == 0);
    CHECK(result.out == "page.html\n");
    CHECK_FALSE(fs::exists(dir.path / "seeds/report.html"));
    const std::string page = cli::read_file(dir.path / "page.html");
    CHECK_THAT(page, Contains("<title>seeds</title>") && Contains("<li>seeds: 1,3</li>") &&
                         Contains("<h2>sweep.ini</h2>") && Contains(">seed=3, test</text>"));
    CHECK_THAT(page, Contains("<h2>The last sampled epoch (8)</h2>"));  // 10 epochs, 3 sampled: 0, 2, 8
    CHECK(count_of(page, "<tr><td>1</td><td>8</td>") == 6);  // seed 1's rows of epoch 8, one per layer
    CHECK(count_of(page, "<tr><td>3</td><td>8</td>") == 6);
    CHECK(count_of(page, "<tr><td>") == 12);
    CHECK(unbalanced_tags(page).empty());
}

TEST_CASE("report refuses a missing run, a missing CSV and a directory that is not a run, writing nothing", "[apps]") {
    const TempDir dir;
    const auto refused = [&](const Args& arguments, const std::string& message) {
        const cli::CliResult result = cli::run_infoplane(arguments, dir.path);
        CHECK(result.status == 2);
        CHECK(result.out.empty());
        CHECK(cli::lines_of(result.err).size() == 1);
        CHECK_THAT(result.err, Contains("infoplane: ") && Contains(message));
    };
    refused({"report", "nowhere"}, "nowhere: no such run directory");
    refused({"report"}, "usage: infoplane report RUN_DIR");
    refused({"report", "nowhere", "--frobnicate"}, "unexpected argument '--frobnicate'");
    refused({"report", "nowhere", "--out"}, "--out needs a file name");

    write_hand_made_run(dir, "seed = 1\n");
    fs::remove(dir.path / "run/metrics.csv");
    refused({"report", "run"}, "run/metrics.csv");
    dir.write("run/metrics.csv", "epoch,split,loss,accuracy\n0,train,1\n");
    refused({"report", "run"}, "run/metrics.csv:2:");
    fs::remove(dir.path / "run/information_plane.csv");
    refused({"report", "run"}, "run/information_plane.csv");
    CHECK_FALSE(fs::exists(dir.path / "run/report.html"));

    dir.write("notarun/information_plane.csv", "x\n");
    refused({"report", "notarun"}, "notarun: neither run.ini nor sweep.ini");
    CHECK(dir.entries() == std::vector<std::string>{"notarun", "run"});
}

TEST_CASE("a headless chromium renders the report with no console error", "[apps]") {
    // Debian's chromium (scripts/common.sh installs it). Missing, the test fails: the page must be seen rendered.
    REQUIRE(std::system("command -v chromium >/dev/null 2>&1") == 0);
    const TempDir dir;
    train_demo(dir, "run");
    const std::string page = apps::write_report(dir.file("run"));
    // Runs chromium on `path` and returns its exit status, with the dumped DOM and stderr in dir.
    const auto render = [&](const std::string& path, const std::string& name) {
        const std::string command = "timeout 30 chromium --headless=new --disable-gpu --no-sandbox --no-first-run "
                                    "--user-data-dir=" + dir.file(name + "_profile") +
                                    " --enable-logging=stderr --v=0 --dump-dom 'file://" + path + "' >" +
                                    dir.file(name + ".dom") + " 2>" + dir.file(name + ".err");
        return std::system(command.c_str());
    };
    // Console messages reach stderr as "...:INFO:CONSOLE:LINE] "message", source: ...".
    const auto console_lines = [&](const std::string& name) {
        std::vector<std::string> lines;
        for (const std::string& line : cli::lines_of(cli::read_file(dir.file(name + ".err"))))
            if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos)
                lines.push_back(line);
        return lines;
    };

    REQUIRE(render(page, "report") == 0);
    const std::string dom = cli::read_file(dir.file("report.dom"));
    CHECK_THAT(dom, Contains("<figure id=\"information-plane\">") && Contains("<svg ") && Contains("<h1>run</h1>"));
    CHECK(console_lines("report").empty());

    // The control: a page with a script error is caught by the same reading of stderr.
    const std::string bad = dir.write("bad.html", "<!DOCTYPE html><html><body><script>undefined_function();</script></body></html>");
    REQUIRE(render(bad, "bad") == 0);
    CHECK_FALSE(console_lines("bad").empty());
}
