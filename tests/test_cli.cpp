// tests/test_cli.cpp — the infoplane command line as a user runs it (README's contract): repeatable runs,
// the run directory's files and columns, estimate on hand-made .npy files, dataset, plot, version, --help,
// and every bad input ending in one "infoplane: ..." line, exit status 2 and no files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "apps/csv.hpp"
#include "apps/ini.hpp"
#include "apps/run_directory.hpp"
#include "cli_runner.hpp"
#include "datasets/npy.hpp"
#include "infoplane/version.hpp"
#include "nn/matrix.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinAbs;

namespace fs = std::filesystem;

namespace {

using cli::Args;

const std::string& kDemo = cli::demo_preset;
const std::vector<std::string> kRunFiles = {"information_plane.csv", "information_plane.svg", "metrics.csv", "run.ini"};

// The demo preset cut to 20 epochs, of which 5 are sampled (0, 2, 5, 9, 19): a fraction of a second.
Args short_train(const std::string& out, const Args& extra = {}) {
    Args arguments = {"train", "--config", kDemo, "--out", out, "--epochs", "20", "--snapshots", "5"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
}

std::string shown(const Args& arguments) {
    std::string text = "infoplane";
    for (const std::string& a : arguments) text += " " + a;
    return text;
}

// Runs a command that must succeed, and returns its stdout.
std::string run_ok(const Args& arguments, const fs::path& dir) {
    const cli::CliResult result = cli::run_infoplane(arguments, dir);
    INFO(shown(arguments) << "\nstderr: " << result.err);
    REQUIRE(result.status == 0);
    return result.out;
}

// The text without its "# command: ..." line, the one line that says how the file was made.
std::string without_command_line(const std::string& text) {
    std::string kept;
    for (const std::string& line : cli::lines_of(text))
        if (line.rfind("# command: ", 0) != 0) kept += line + "\n";
    return kept;
}

// The records of a CSV file: every line after the comment lines and the header.
std::string csv_records(const std::string& text) {
    std::string records;
    bool header_seen = false;
    for (const std::string& line : cli::lines_of(text)) {
        if (!header_seen) header_seen = line.rfind("#", 0) != 0;
        else records += line + "\n";
    }
    return records;
}

// A failure on bad input: exit 2, exactly one line "infoplane: ..." on stderr that mentions `problem`,
// nothing on stdout, and the working directory exactly as it was (no run directory, no output file).
void check_bad_input(const Args& arguments, const fs::path& dir, const std::string& problem) {
    const std::vector<std::string> before = cli::entries_of(dir);
    const cli::CliResult result = cli::run_infoplane(arguments, dir);
    INFO(shown(arguments) << "\nstderr: " << result.err);
    CHECK(result.status == 2);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, StartsWith("infoplane: ") && Contains(problem) && EndsWith("\n"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(cli::entries_of(dir) == before);
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A one-column matrix holding `values`, as a (N, 1) layer.
nn::Matrix column(const std::vector<double>& values) {
    nn::Matrix m(values.size(), 1);
    m.data = values;
    return m;
}

// A complex64 ('<c8') array of shape (n,), written byte by byte as numpy.save writes it: magic, version
// 1.0, the header length (2 bytes, little endian), the header dict padded with spaces so that the data
// starts at a multiple of 64 bytes, then n zero values of 8 bytes.
void write_complex64_npy(const fs::path& path, std::size_t n) {
    std::string header = "{'descr': '<c8', 'fortran_order': False, 'shape': (" + std::to_string(n) + ",), }";
    header += std::string((64 - (10 + header.size() + 1) % 64) % 64, ' ') + "\n";
    std::string bytes("\x93NUMPY\x01\x00", 8);
    bytes += char(header.size() & 0xff);
    bytes += char(header.size() >> 8);
    bytes += header + std::string(8 * n, '\0');
    write_text(path, bytes);
}

}  // namespace

TEST_CASE("train with one seed writes byte-identical files in any working directory", "[apps]") {
    cli::TempDir first, second, other_seed;
    run_ok(short_train("run"), first.path);
    run_ok(short_train("run"), second.path);
    for (const std::string& name : kRunFiles) {
        INFO(name);
        CHECK(cli::read_file(first.path / "run" / name) == cli::read_file(second.path / "run" / name));
    }
    // Another seed: another initialisation, so other numbers (not only another "# seed:" line).
    run_ok(short_train("run", {"--seed", "2"}), other_seed.path);
    for (const char* name : {"information_plane.csv", "metrics.csv"}) {
        INFO(name);
        CHECK(csv_records(cli::read_file(first.path / "run" / name)) !=
              csv_records(cli::read_file(other_seed.path / "run" / name)));
    }
}

TEST_CASE("a run directory holds the four documented files and their columns", "[apps]") {
    cli::TempDir dir;
    const Args arguments = short_train("run");
    const std::string out = run_ok(arguments, dir.path);
    CHECK_THAT(out, StartsWith("trained 20 epochs in ") &&
                        Contains("wrote run/{run.ini,metrics.csv,information_plane.csv,information_plane.svg}"));
    const fs::path run = dir.path / "run";
    CHECK(cli::entries_of(run) == kRunFiles);

    std::vector<const char*> argv = {INFOPLANE_EXECUTABLE};
    for (const std::string& a : arguments) argv.push_back(a.c_str());
    const std::vector<std::string> provenance = {std::string("infoplane ") + infoplane::version,
                                                 "command: " + apps::join_command_line(int(argv.size()), argv.data()),
                                                 "seed: 1"};
    REQUIRE_THAT(provenance[1], StartsWith("command: infoplane train --config "));

    const apps::CsvTable plane = apps::read_csv((run / "information_plane.csv").string());
    CHECK(plane.comments == provenance);
    CHECK(plane.header == std::vector<std::string>{"epoch", "layer", "layer_name", "estimator", "split", "i_xt_bits",
                                                   "i_ty_bits", "clipped_fraction"});
    REQUIRE(plane.rows.size() == 5 * 6);  // sampled epochs x layers (one estimator, one probe set)
    const std::vector<std::string> layer_names = {"dense1", "dense2", "dense3", "dense4", "dense5", "softmax"};
    std::set<std::int64_t> epochs;
    for (std::size_t r = 0; r < plane.rows.size(); ++r) {
        INFO("information_plane.csv line " << plane.rows[r].line);
        epochs.insert(plane.integer(r, 0));
        const std::int64_t layer = plane.integer(r, 1);
        CHECK(layer == std::int64_t(r % 6) + 1);
        CHECK(plane.rows[r].fields[2] == layer_names[r % 6]);
        CHECK(plane.rows[r].fields[3] == "binning:edges=30,lo=-1,hi=1");
        CHECK(plane.rows[r].fields[4] == "all");
        // 4096 distinct inputs: 0 <= I(X:T) = H(T) <= log2(4096) = 12 bits; binary labels: I(T:Y) <= H(Y) <= 1 bit,
        // and I(T:Y) <= H(T) = I(X:T) for a deterministic binned layer.
        const double i_xt_bits = plane.number(r, 5), i_ty_bits = plane.number(r, 6);
        CHECK(i_xt_bits >= 0.0);
        CHECK(i_xt_bits <= 12.0);
        CHECK(i_ty_bits >= 0.0);
        CHECK(i_ty_bits <= 1.0);
        CHECK(i_ty_bits <= i_xt_bits + 1e-12);
        const double clipped = plane.number(r, 7);
        CHECK(clipped >= 0.0);
        CHECK(clipped <= 1.0);
    }
    CHECK(epochs == std::set<std::int64_t>{0, 2, 5, 9, 19});

    const apps::CsvTable metrics = apps::read_csv((run / "metrics.csv").string());
    CHECK(metrics.comments == provenance);
    CHECK(metrics.header == std::vector<std::string>{"epoch", "split", "loss", "accuracy"});
    REQUIRE(metrics.rows.size() == 5 * 2);
    for (std::size_t r = 0; r < metrics.rows.size(); ++r) {
        INFO("metrics.csv line " << metrics.rows[r].line);
        CHECK(metrics.rows[r].fields[1] == (r % 2 == 0 ? "train" : "test"));
        CHECK(std::isfinite(metrics.number(r, 2)));
        CHECK(metrics.number(r, 2) > 0.0);
        CHECK(metrics.number(r, 3) >= 0.0);
        CHECK(metrics.number(r, 3) <= 1.0);
    }

    // run.ini: the provenance as comments, then the resolved configuration with the command-line overrides.
    const std::string ini_text = cli::read_file(run / "run.ini");
    CHECK_THAT(ini_text, StartsWith(apps::provenance_comments({.command_line = provenance[1].substr(9), .seed = 1})));
    std::vector<std::string> ini;
    for (const apps::IniEntry& e : apps::read_ini((run / "run.ini").string())) ini.push_back(e.key + " = " + e.value);
    CHECK(std::count(ini.begin(), ini.end(), "epochs = 20") == 1);
    CHECK(std::count(ini.begin(), ini.end(), "snapshots = 5") == 1);
    CHECK(std::count(ini.begin(), ini.end(), "lr = 0.002") == 1);
    CHECK(std::count(ini.begin(), ini.end(), "estimator = binning:edges=30,lo=-1,hi=1") == 1);

    const std::string svg = cli::read_file(run / "information_plane.svg");
    CHECK_THAT(svg, Contains("<svg") && Contains("</svg>"));
}

TEST_CASE("train --geometry adds the layer geometry to every row, the same for each estimator", "[apps]") {
    cli::TempDir dir;
    run_ok(short_train("run", {"--geometry", "--estimator", "binning", "--estimator", "kde"}), dir.path);
    const apps::CsvTable plane = apps::read_csv((dir.path / "run" / "information_plane.csv").string());
    CHECK(plane.header == std::vector<std::string>{"epoch", "layer", "layer_name", "estimator", "split", "i_xt_bits",
                                                   "i_ty_bits", "saturation", "mean_distance", "class_separation",
                                                   "effective_rank", "clipped_fraction", "h_t_bits", "noise_var"});
    const std::vector<std::size_t> widths = {10, 7, 5, 4, 3, 2};
    REQUIRE(plane.rows.size() == 5 * 6 * 2);  // sampled epochs x layers x estimators
    for (std::size_t r = 0; r < plane.rows.size(); r += 2) {
        INFO("information_plane.csv line " << plane.rows[r].line);
        for (std::size_t column = 7; column <= 10; ++column)  // binning's row and kde's row: one geometry
            CHECK(plane.rows[r].fields[column] == plane.rows[r + 1].fields[column]);
        const std::size_t layer = std::size_t(plane.integer(r, 1));
        const double saturation = plane.number(r, 7), distance = plane.number(r, 8), separation = plane.number(r, 9),
                     rank = plane.number(r, 10);
        CHECK(saturation >= 0.0);  // tanh layers and the softmax: a fraction
        CHECK(saturation <= 1.0);
        CHECK(distance > 0.0);
        CHECK(separation > 0.0);
        CHECK(rank >= 1.0);
        CHECK(rank <= double(widths[layer - 1]) + 1e-9);  // at most the layer's width
    }
    std::vector<std::string> ini;
    for (const apps::IniEntry& e : apps::read_ini((dir.path / "run" / "run.ini").string())) ini.push_back(e.key + " = " + e.value);
    CHECK(std::count(ini.begin(), ini.end(), "geometry = true") == 1);

    // Any column against any other: the saturation of each layer against I(X;T).
    CHECK(run_ok({"plot", "run", "--y", "saturation"}, dir.path) == "run/i_xt_bits__saturation.svg\n");
    const std::string svg = cli::read_file(dir.path / "run" / "i_xt_bits__saturation.svg");
    CHECK_THAT(svg, Contains(">saturation<") && Contains("I(X;T) [bits]"));
    check_bad_input({"plot", "run", "--y", "nope"}, dir.path, "no column 'nope'");
    check_bad_input({"plot", "run", "--x"}, dir.path, "--x needs a column name");
}

TEST_CASE("run.ini fed back with --config repeats the run", "[apps]") {
    cli::TempDir dir;
    run_ok(short_train("run"), dir.path);
    run_ok({"train", "--config", "run/run.ini", "--out", "again"}, dir.path);
    for (const char* name : {"information_plane.csv", "metrics.csv", "run.ini"}) {
        INFO(name);
        const std::string first = cli::read_file(dir.path / "run" / name);
        const std::string repeat = cli::read_file(dir.path / "again" / name);
        CHECK_THAT(repeat, Contains("# command: infoplane train --config run/run.ini --out again\n"));
        CHECK(without_command_line(first) == without_command_line(repeat));
    }
}

TEST_CASE("train refuses bad input with one line on stderr and no run directory", "[apps]") {
    cli::TempDir dir;
    write_text(dir.path / "bad.ini", "epochs = 20\nfrobnicate = 1\n");
    check_bad_input(short_train("run", {"--bogus", "1"}), dir.path, "'--bogus'");
    check_bad_input({"train", "--config", "bad.ini", "--out", "run"}, dir.path, "bad.ini:2: unknown key 'frobnicate'");
    check_bad_input({"train", "--config", "missing.ini", "--out", "run"}, dir.path, "missing.ini: cannot read");
    check_bad_input(short_train("run", {"--estimator", "nope"}), dir.path, "unknown estimator 'nope'");
    check_bad_input(short_train("run", {"--estimator", "binning:bins=30"}), dir.path, "'bins'");
    check_bad_input(short_train("run", {"--split", "bogus"}), dir.path, "split: unknown value 'bogus'");
    check_bad_input(short_train("run", {"--lr", "abc"}), dir.path, "lr");
    check_bad_input({"train", "--config", kDemo}, dir.path, "--out DIR is required");
    // Caught by the schedule, after the configuration checks but still before any file is made.
    check_bad_input({"train", "--config", kDemo, "--out", "run", "--epochs", "10", "--snapshots", "10"}, dir.path,
                    "exactly 10 distinct epochs");
}

TEST_CASE("an estimator that cannot take the run's data leaves no run directory", "[apps]") {
    cli::TempDir dir;
    // kde estimates I(T:Y) from class labels; an autoencoder's second variable is its continuous output
    check_bad_input(short_train("run", {"--model", "autoencoder", "--loss", "mse", "--layers", "8", "--estimator", "kde"}),
                    dir.path, "kde: I(T;Y) needs class labels");
    // decision needs labels too
    check_bad_input(short_train("run", {"--model", "autoencoder", "--loss", "mse", "--layers", "8", "--estimator", "decision"}),
                    dir.path, "decision: decides between classes");
}

TEST_CASE("train keeps an existing run directory unless --force is given", "[apps]") {
    cli::TempDir dir;
    fs::create_directory(dir.path / "run");
    write_text(dir.path / "run" / "notes.txt", "keep me\n");
    check_bad_input(short_train("run"), dir.path, "run exists; use --force to replace it");
    CHECK(cli::entries_of(dir.path / "run") == std::vector<std::string>{"notes.txt"});
    CHECK(cli::read_file(dir.path / "run" / "notes.txt") == "keep me\n");

    // --force replaces runs only: a folder without run.ini is kept as it is
    check_bad_input(short_train("run", {"--force"}), dir.path,
                    "run is not a run directory (no run.ini); --force only replaces runs");
    CHECK(cli::read_file(dir.path / "run" / "notes.txt") == "keep me\n");
    run_ok(short_train("run2"), dir.path);
    write_text(dir.path / "run2" / "notes.txt", "stale\n");
    run_ok(short_train("run2", {"--force"}), dir.path);
    CHECK(cli::entries_of(dir.path / "run2") == kRunFiles);
}

TEST_CASE("a diverging run exits 1 and keeps the rows it wrote", "[apps]") {
    cli::TempDir dir;
    // SGD with lr 1e30 on ReLU layers overflows within the first epoch; epoch 0 was recorded before it.
    const Args diverging = short_train("run", {"--optimizer", "sgd", "--activation", "relu", "--loss", "cross_entropy",
                                               "--lr", "1e30"});
    const cli::CliResult result = cli::run_infoplane(diverging, dir.path);
    INFO("stderr: " << result.err);
    CHECK(result.status == 1);
    CHECK_THAT(result.err, StartsWith("infoplane: training diverged: ") &&
                               EndsWith("; the rows written so far are in run\n"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(cli::entries_of(dir.path / "run") ==
          std::vector<std::string>{"information_plane.csv", "metrics.csv", "run.ini"});
    const apps::CsvTable plane = apps::read_csv((dir.path / "run" / "information_plane.csv").string());
    REQUIRE(plane.rows.size() == 6);
    for (std::size_t r = 0; r < plane.rows.size(); ++r) CHECK(plane.integer(r, 0) == 0);
    CHECK(apps::read_csv((dir.path / "run" / "metrics.csv").string()).rows.size() == 2);
}

TEST_CASE("weights that turn non-finite at an epoch's last step stop the run at the next recording", "[apps]") {
    cli::TempDir dir;
    // One batch per epoch: its loss is finite, the step after it makes the weights infinite, and the
    // recording of epoch 1 meets the activations first.
    const cli::CliResult result = cli::run_infoplane(
        short_train("run", {"--optimizer", "sgd", "--activation", "relu", "--loss", "cross_entropy", "--lr", "1e30",
                            "--batch_size", "4096", "--schedule", "every", "--every", "1"}),
        dir.path);
    INFO("stderr: " << result.err);
    CHECK(result.status == 1);
    CHECK_THAT(result.err, StartsWith("infoplane: training diverged: the activations of dense") &&
                               Contains(" at epoch 1 (try a smaller lr); the rows written so far are in run\n"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(cli::entries_of(dir.path / "run") ==
          std::vector<std::string>{"information_plane.csv", "metrics.csv", "run.ini"});
}

TEST_CASE("the divergence message names the loss value", "[apps]") {
    cli::TempDir dir;
    const cli::CliResult result = cli::run_infoplane(
        short_train("run", {"--optimizer", "sgd", "--activation", "relu", "--loss", "cross_entropy", "--lr", "1e30"}),
        dir.path);
    REQUIRE(result.status == 1);
    // format_number writes NaN as an empty CSV field; the message spells it out.
    CHECK_THAT(result.err,
               Contains("the loss is nan ") || Contains("the loss is inf ") || Contains("the loss is -inf "));
}

TEST_CASE("estimate prints the hand-computed bits of a layer that copies the labels", "[apps]") {
    cli::TempDir dir;
    // T is the label itself: two equally likely bins, so I(X:T) = H(T) = 1 bit and I(T:Y) = H(T) - H(T|Y) = 1 bit.
    const std::vector<int> labels = {0, 1, 0, 1, 1, 0, 1, 0};
    datasets::write_npy((dir.path / "T.npy").string(), column({0, 1, 0, 1, 1, 0, 1, 0}));
    datasets::write_npy((dir.path / "Y.npy").string(), labels);
    const std::string out = run_ok(
        {"estimate", "--t", "T.npy", "--y", "Y.npy", "--estimator", "binning:edges=30,lo=-1,hi=1"}, dir.path);
    CHECK_THAT(out, StartsWith("estimator,i_xt_bits,i_ty_bits"));
    std::istringstream in(out);
    const apps::CsvTable table = apps::read_csv(in, "stdout");
    CHECK(table.header == std::vector<std::string>{"estimator", "i_xt_bits", "i_ty_bits", "clipped_fraction"});
    REQUIRE(table.rows.size() == 1);
    CHECK(table.rows[0].fields[0] == "binning:edges=30,lo=-1,hi=1");
    CHECK_THAT(table.number(0, 1), WithinAbs(1.0, 1e-12));
    CHECK_THAT(table.number(0, 2), WithinAbs(1.0, 1e-12));
    CHECK(table.number(0, 3) == 0.0);  // 0 and 1 lie inside [-1, 1]
}

TEST_CASE("estimate resolves specs, keeps their order, and leaves out I(T:Y) without labels", "[apps]") {
    cli::TempDir dir;
    // Four equally likely values, two per label: H(T) = 2 bits, I(T:Y) = 2 - H(T|Y) = 2 - 1 = 1 bit. Both
    // the 30 edges on [-1, 1] and bins of 0.07 (floor: -15, -8, 7, 14) keep the four values apart.
    datasets::write_npy((dir.path / "T.npy").string(), column({-1, -0.5, 0.5, 1, -1, -0.5, 0.5, 1}));
    datasets::write_npy((dir.path / "Y.npy").string(), std::vector<int>{0, 0, 1, 1, 0, 0, 1, 1});

    std::istringstream two(run_ok(
        {"estimate", "--t", "T.npy", "--y", "Y.npy", "--estimator", "binning:size=0.07", "--estimator", "binning"},
        dir.path));
    const apps::CsvTable table = apps::read_csv(two, "stdout");
    REQUIRE(table.rows.size() == 2);
    CHECK(table.rows[0].fields[0] == "binning:size=0.07");
    CHECK(table.rows[1].fields[0] == "binning:edges=30,lo=-1,hi=1");  // the default parameters spelled out
    for (std::size_t r = 0; r < 2; ++r) {
        CHECK_THAT(table.number(r, 1), WithinAbs(2.0, 1e-12));
        CHECK_THAT(table.number(r, 2), WithinAbs(1.0, 1e-12));
    }

    // No --estimator: binning with IDNNs' parameters. No --y: no i_ty_bits column.
    std::istringstream one(run_ok({"estimate", "--t", "T.npy"}, dir.path));
    const apps::CsvTable unlabelled = apps::read_csv(one, "stdout");
    CHECK(unlabelled.header == std::vector<std::string>{"estimator", "i_xt_bits", "clipped_fraction"});
    REQUIRE(unlabelled.rows.size() == 1);
    CHECK(unlabelled.rows[0].fields[0] == "binning:edges=30,lo=-1,hi=1");
    CHECK_THAT(unlabelled.number(0, 1), WithinAbs(2.0, 1e-12));
}

TEST_CASE("estimate refuses missing, unsupported and mismatched files", "[apps]") {
    cli::TempDir dir;
    datasets::write_npy((dir.path / "T.npy").string(), column({0, 1, 0, 1, 1, 0, 1, 0}));
    datasets::write_npy((dir.path / "Y7.npy").string(), std::vector<int>{0, 1, 0, 1, 1, 0, 1});
    write_complex64_npy(dir.path / "C.npy", 8);
    check_bad_input({"estimate", "--t", "missing.npy"}, dir.path, "missing.npy");
    check_bad_input({"estimate", "--t", "C.npy"}, dir.path, "C.npy: unsupported dtype '<c8'");
    check_bad_input({"estimate", "--t", "T.npy", "--y", "C.npy"}, dir.path, "C.npy: unsupported dtype '<c8'");
    check_bad_input({"estimate", "--t", "T.npy", "--y", "Y7.npy"}, dir.path, "Y7.npy: 7 labels, but T.npy has 8 rows");
    check_bad_input({"estimate", "--t", "T.npy", "--estimator", "nope"}, dir.path, "unknown estimator 'nope'");
    check_bad_input({"estimate", "--t", "T.npy", "--estimator", "binning:bins=3"}, dir.path, "'bins'");
    check_bad_input({"estimate", "--y", "Y7.npy"}, dir.path, "--t T.npy is required");
    check_bad_input({"estimate", "--t", "T.npy", "--bogus"}, dir.path, "'--bogus'");
}

TEST_CASE("plot, dataset and bench refuse bad input", "[apps]") {
    cli::TempDir dir;
    fs::create_directory(dir.path / "empty");
    check_bad_input({"plot", "empty"}, dir.path, "information_plane.csv");
    check_bad_input({"plot"}, dir.path, "usage: infoplane plot RUN_DIR");
    check_bad_input({"plot", "a", "b"}, dir.path, "usage: infoplane plot RUN_DIR");
    check_bad_input({"dataset", "nope", "--csv", "x.csv"}, dir.path, "unknown data set 'nope'");
    check_bad_input({"dataset", "szt"}, dir.path, "--csv FILE is required");
    check_bad_input({"bench", "--workload", "nope"}, dir.path, "unknown workload 'nope'");
    CHECK(cli::entries_of(dir.path / "empty").empty());
}

TEST_CASE("an unknown command or none at all prints the usage and exits 2", "[apps]") {
    cli::TempDir dir;
    const cli::CliResult unknown = cli::run_infoplane({"frobnicate"}, dir.path);
    CHECK(unknown.status == 2);
    CHECK(unknown.out.empty());
    const std::vector<std::string> lines = cli::lines_of(unknown.err);
    REQUIRE(lines.size() > 2);
    CHECK(lines[0] == "infoplane: unknown command 'frobnicate'");
    CHECK_THAT(lines[1], StartsWith("usage: infoplane COMMAND"));

    const cli::CliResult none = cli::run_infoplane({}, dir.path);
    CHECK(none.status == 2);
    CHECK(none.out.empty());
    CHECK_THAT(none.err, StartsWith("usage: infoplane COMMAND"));
    CHECK(cli::entries_of(dir.path).empty());
}

TEST_CASE("dataset szt writes the 4096 patterns and their labels as CSV", "[apps]") {
    cli::TempDir dir;
    CHECK(run_ok({"dataset", "szt", "--csv", "szt.csv"}, dir.path).empty());
    CHECK(cli::entries_of(dir.path) == std::vector<std::string>{"szt.csv"});
    const std::string text = cli::read_file(dir.path / "szt.csv");
    const std::vector<std::string> lines = cli::lines_of(text);
    REQUIRE(lines.size() == 4097);
    CHECK(lines[0] == "b0,b1,b2,b3,b4,b5,b6,b7,b8,b9,b10,b11,label");
    // Bit k of pattern i is (i >> (11 - k)) & 1; the labels are the published ones.
    std::string labels = cli::read_file(INFOPLANE_SHARED_DIR "/data/szt/szt_labels.txt");
    labels.erase(labels.find_last_not_of("\r\n") + 1);
    REQUIRE(labels.size() == 4096);
    for (std::size_t i = 0; i < 4096; ++i) {
        std::string expected;
        for (int k = 0; k < 12; ++k) expected += std::to_string((i >> (11 - k)) & 1) + ",";
        expected += labels[i];
        if (lines[i + 1] != expected) {
            INFO("pattern " << i);
            CHECK(lines[i + 1] == expected);
            break;
        }
    }
    // '-' is stdout, with the same text.
    CHECK(run_ok({"dataset", "szt", "--csv", "-"}, dir.path) == text);
}

TEST_CASE("plot redraws a run's SVG byte for byte", "[apps]") {
    cli::TempDir dir;
    run_ok(short_train("run"), dir.path);
    const fs::path svg = dir.path / "run" / "information_plane.svg";
    const std::string drawn_by_train = cli::read_file(svg);
    fs::remove(svg);
    CHECK(run_ok({"plot", "run"}, dir.path) == "run/information_plane.svg\n");
    CHECK(cli::read_file(svg) == drawn_by_train);
    CHECK(cli::entries_of(dir.path / "run") == kRunFiles);  // no .tmp left over
}

TEST_CASE("version prints the version and every --help exits 0", "[apps]") {
    cli::TempDir dir;
    const std::string version = std::string("infoplane ") + infoplane::version + "\n";
    CHECK(run_ok({"version"}, dir.path) == version);
    CHECK(run_ok({"--version"}, dir.path) == version);
    for (const Args& help : std::vector<Args>{{"--help"}, {"help"}, {"-h"}, {"train", "--help"}, {"estimate", "--help"},
                                              {"plot", "--help"}, {"dataset", "--help"}, {"bench", "--help"}}) {
        const cli::CliResult result = cli::run_infoplane(help, dir.path);
        INFO(shown(help));
        CHECK(result.status == 0);
        CHECK_THAT(result.out, StartsWith("usage: infoplane"));
        CHECK(result.err.empty());
    }
    CHECK(cli::entries_of(dir.path).empty());
}
