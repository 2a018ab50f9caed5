// tests/test_run_directory.cpp — the files of a run: shell quoting of the recorded command line, the
// provenance comments, atomic writes, creating, replacing and reopening a run directory, and row-by-row
// CSV files (also continued from a checkpoint's length).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/csv.hpp"
#include "apps/run_directory.hpp"
#include "infoplane/version.hpp"
#include "temp_dir.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> entries_of(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string joined(const std::vector<const char*>& argv) {
    return apps::join_command_line(int(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("join_command_line leaves plain arguments alone and names the program by its file name", "[apps]") {
    CHECK(joined({"/work/build/apps/infoplane", "train", "--config", "experiments/szt_tanh.ini", "--out",
                  "runs/x", "--lr=0.002", "--estimator", "binning:edges=30,lo=-1,hi=1"}) ==
          "infoplane train --config experiments/szt_tanh.ini --out runs/x --lr=0.002 --estimator "
          "binning:edges=30,lo=-1,hi=1");
    CHECK(joined({"infoplane"}) == "infoplane");
    CHECK(joined({"./infoplane", "plot", "a+b@c%d_e"}) == "infoplane plot a+b@c%d_e");
}

TEST_CASE("join_command_line single-quotes what a POSIX shell would split or expand", "[apps]") {
    CHECK(joined({"infoplane", "--out", "runs/with space"}) == "infoplane --out 'runs/with space'");
    CHECK(joined({"infoplane", "--out", ""}) == "infoplane --out ''");
    CHECK(joined({"infoplane", "it's"}) == "infoplane 'it'\\''s'");
    CHECK(joined({"infoplane", "say \"hi\""}) == "infoplane 'say \"hi\"'");
    CHECK(joined({"infoplane", "$HOME", "*.ini", "a;b", "tab\there"}) ==
          "infoplane '$HOME' '*.ini' 'a;b' 'tab\there'");
}

TEST_CASE("provenance_comments are three '# ' lines: version, command line, seed", "[apps]") {
    const std::string text = apps::provenance_comments({.command_line = "infoplane train --out 'a b'", .seed = 42});
    CHECK(text == std::string("# infoplane ") + infoplane::version +
                      "\n# command: infoplane train --out 'a b'\n# seed: 42\n");
    // They read back as CSV comments, before the header.
    std::istringstream in(text + "epoch\n0\n");
    const apps::CsvTable table = apps::read_csv(in, "p.csv");
    REQUIRE(table.comments.size() == 3);
    CHECK(table.comments[1] == "command: infoplane train --out 'a b'");
    CHECK(table.comments[2] == "seed: 42");
    CHECK(apps::provenance_comments({.command_line = "x", .seed = 18446744073709551615ull}) ==
          std::string("# infoplane ") + infoplane::version + "\n# command: x\n# seed: 18446744073709551615\n");
}

TEST_CASE("write_file_atomically writes, replaces, and leaves no .tmp behind", "[apps]") {
    TempDir dir;
    const fs::path target = dir.path / "run.ini";
    apps::write_file_atomically(target.string(), "first\n");
    CHECK(read_file(target) == "first\n");
    apps::write_file_atomically(target.string(), "second, longer text\nwith two lines\n");
    CHECK(read_file(target) == "second, longer text\nwith two lines\n");
    apps::write_file_atomically(target.string(), "");
    CHECK(read_file(target).empty());
    CHECK(fs::exists(target));
    CHECK(entries_of(dir.path) == std::vector<std::string>{"run.ini"});
}

TEST_CASE("write_file_atomically into a missing directory throws naming the file", "[apps]") {
    TempDir dir;
    const std::string target = (dir.path / "missing" / "x.svg").string();
    CHECK_THROWS_AS(apps::write_file_atomically(target, "text"), std::runtime_error);
    CHECK_THROWS_WITH(apps::write_file_atomically(target, "text"), StartsWith(target));
    CHECK(entries_of(dir.path).empty());
}

TEST_CASE("RunDirectory creates the directory and its parents", "[apps]") {
    TempDir dir;
    const std::string path = (dir.path / "runs" / "deep" / "x").string();
    const apps::RunDirectory run(path, false);
    CHECK(run.path() == path);
    CHECK(run.file("metrics.csv") == path + "/metrics.csv");
    CHECK(fs::is_directory(path));
    CHECK(entries_of(path).empty());
}

TEST_CASE("RunDirectory refuses an existing directory without force and leaves it untouched", "[apps]") {
    TempDir dir;
    const fs::path path = dir.path / "run";
    fs::create_directory(path);
    std::ofstream(path / "metrics.csv") << "old rows\n";
    CHECK_THROWS_AS(apps::RunDirectory(path.string(), false), std::runtime_error);
    CHECK_THROWS_WITH(apps::RunDirectory(path.string(), false),
                      path.string() + " exists; use --force to replace it");
    CHECK(entries_of(path) == std::vector<std::string>{"metrics.csv"});
    CHECK(read_file(path / "metrics.csv") == "old rows\n");
    // An existing file of that name is refused the same way.
    std::ofstream(dir.path / "file") << "x";
    CHECK_THROWS_AS(apps::RunDirectory((dir.path / "file").string(), false), std::runtime_error);
}

TEST_CASE("RunDirectory with force empties an existing directory", "[apps]") {
    TempDir dir;
    const fs::path path = dir.path / "run";
    fs::create_directories(path / "sub");
    std::ofstream(path / "metrics.csv") << "old rows\n";
    std::ofstream(path / "sub" / "deep.txt") << "old\n";
    // not a run directory (no run.ini): force refuses to empty it
    CHECK_THROWS_WITH(apps::RunDirectory(path.string(), true),
                      path.string() + " is not a run directory (no run.ini); --force only replaces runs");
    CHECK(fs::exists(path / "sub" / "deep.txt"));
    std::ofstream(path / "run.ini") << "seed = 1\n";
    const apps::RunDirectory run(path.string(), true);
    CHECK(fs::is_directory(path));
    CHECK(entries_of(path).empty());
    // force on a directory that does not exist yet simply creates it
    const apps::RunDirectory fresh((dir.path / "new").string(), true);
    CHECK(fs::is_directory(dir.path / "new"));
}

TEST_CASE("CsvAppender writes provenance and header at once, rows on flush", "[apps]") {
    TempDir dir;
    const fs::path path = dir.path / "information_plane.csv";
    const apps::RunProvenance provenance{.command_line = "infoplane train --out x", .seed = 3};
    const std::string head = apps::provenance_comments(provenance) + "epoch,estimator,i_xt_bits\n";
    apps::CsvAppender csv(path.string(), provenance, {"epoch", "estimator", "i_xt_bits"});
    CHECK(read_file(path) == head);  // a run killed now still has a readable, empty table
    csv.row({"0", "binning:edges=30,lo=-1,hi=1", "11.5"});
    csv.row({"10", "binning", ""});
    csv.flush();
    const std::string all = head + "0,\"binning:edges=30,lo=-1,hi=1\",11.5\n10,binning,\n";
    CHECK(read_file(path) == all);

    const apps::CsvTable table = apps::read_csv(path.string());
    CHECK(table.header == std::vector<std::string>{"epoch", "estimator", "i_xt_bits"});
    REQUIRE(table.rows.size() == 2);
    CHECK(table.rows[0].fields[1] == "binning:edges=30,lo=-1,hi=1");
    CHECK(table.comments.back() == "seed: 3");
}

TEST_CASE("CsvAppender refuses a row of the wrong width and a file it cannot create", "[apps]") {
    TempDir dir;
    const std::string path = (dir.path / "metrics.csv").string();
    apps::CsvAppender csv(path, {.command_line = "infoplane", .seed = 1}, {"epoch", "split", "loss", "accuracy"});
    CHECK_THROWS_AS(csv.row({"0", "train", "0.7"}), std::logic_error);
    CHECK_THROWS_WITH(csv.row({"0", "train", "0.7", "0.5", "extra"}),
                      StartsWith(path) && Contains("5 fields for 4 columns"));
    csv.flush();
    CHECK(apps::read_csv(path).rows.empty());  // nothing of the refused rows reached the file

    const std::string nowhere = (dir.path / "missing" / "metrics.csv").string();
    CHECK_THROWS_AS(apps::CsvAppender(nowhere, {.command_line = "infoplane", .seed = 1}, {"epoch"}),
                    std::runtime_error);
    CHECK_THROWS_WITH(apps::CsvAppender(nowhere, {.command_line = "infoplane", .seed = 1}, {"epoch"}),
                      StartsWith(nowhere));
}

TEST_CASE("CsvAppender counts its bytes, and continues a file cut to a recorded length", "[apps]") {
    TempDir dir;
    const fs::path path = dir.path / "metrics.csv";
    const apps::RunProvenance provenance{.command_line = "infoplane train --out x", .seed = 3};
    std::uintmax_t kept = 0;
    {
        apps::CsvAppender csv(path.string(), provenance, {"epoch", "loss"});
        csv.row({"0", "0.5"});
        csv.flush();
        kept = csv.bytes();
        CHECK(kept == read_file(path).size());
        csv.row({"1", "0.25"});
        csv.flush();
    }
    const std::string before = read_file(path);
    std::ofstream(path, std::ios::binary | std::ios::app) << "2,0.1";  // a torn last line, as a kill leaves
    {
        apps::CsvAppender csv(path.string(), 2, kept);
        CHECK(read_file(path) == before.substr(0, kept));  // the row after the checkpoint and the torn line are gone
        csv.row({"1", "0.25"});
        csv.flush();
        CHECK(csv.bytes() == before.size());
    }
    CHECK(read_file(path) == before);
    CHECK_THROWS_WITH(apps::CsvAppender(path.string(), 2, before.size() + 1),
                      path.string() + ": " + std::to_string(before.size()) + " bytes, shorter than the " +
                          std::to_string(before.size() + 1) + " its checkpoint recorded");
    CHECK_THROWS_WITH(apps::CsvAppender((dir.path / "none.csv").string(), 2, 0),
                      StartsWith((dir.path / "none.csv").string() + ": cannot continue: "));
}

TEST_CASE("RunDirectory::existing opens a run directory and refuses any other", "[apps]") {
    TempDir dir;
    dir.write("run/run.ini", "seed = 1\n");
    dir.write("notes/a.txt", "x\n");
    CHECK(apps::RunDirectory::existing(dir.file("run")).file("metrics.csv") == dir.file("run") + "/metrics.csv");
    CHECK_THROWS_WITH(apps::RunDirectory::existing(dir.file("notes")),
                      dir.file("notes") + " is not a run directory (no run.ini); nothing to resume");
    CHECK_THROWS_WITH(apps::RunDirectory::existing(dir.file("missing")),
                      dir.file("missing") + " is not a run directory (no run.ini); nothing to resume");
    CHECK(entries_of(dir.path) == std::vector<std::string>{"notes", "run"});
}
