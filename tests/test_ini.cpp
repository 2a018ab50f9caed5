// tests/test_ini.cpp — the INI reader of run configurations: comments, blank lines, spacing, values with
// '=' or spaces, line numbers, and every "PATH:LINE: problem" error.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/ini.hpp"
#include "temp_dir.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// Writes `text` to DIR/name byte for byte and returns the path.
std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = (dir.path / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("read_ini skips comments and blank lines and trims around '='", "[apps]") {
    TempDir dir;
    const std::string path = write_file(dir, "run.ini",
                                        "# a comment\n"
                                        "; another comment\n"
                                        "\n"
                                        "   \t\n"
                                        "epochs = 20\n"
                                        "lr=0.002\n"
                                        "  \tseed\t =  7  \n"
                                        "    # an indented comment\n"
                                        "split = saxe");  // no newline at the end of the file
    const std::vector<apps::IniEntry> entries = apps::read_ini(path);
    REQUIRE(entries.size() == 4);
    CHECK(entries[0].key == "epochs");
    CHECK(entries[0].value == "20");
    CHECK(entries[0].line == 5);
    CHECK(entries[1].key == "lr");
    CHECK(entries[1].value == "0.002");
    CHECK(entries[1].line == 6);
    CHECK(entries[2].key == "seed");
    CHECK(entries[2].value == "7");
    CHECK(entries[2].line == 7);
    CHECK(entries[3].key == "split");
    CHECK(entries[3].value == "saxe");
    CHECK(entries[3].line == 9);
}

TEST_CASE("read_ini keeps '=' and inner spaces in values and reads CRLF lines", "[apps]") {
    TempDir dir;
    const std::string path = write_file(dir, "specs.ini",
                                        "estimator = binning:edges=30,lo=-1,hi=1\r\n"
                                        "title = two  words here\r\n"
                                        "estimator = binning:size=0.07\r\n");
    const std::vector<apps::IniEntry> entries = apps::read_ini(path);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].key == "estimator");
    CHECK(entries[0].value == "binning:edges=30,lo=-1,hi=1");
    CHECK(entries[1].key == "title");
    CHECK(entries[1].value == "two  words here");
    CHECK(entries[2].value == "binning:size=0.07");  // a repeated key is kept twice, in file order
    CHECK(entries[2].line == 3);
}

TEST_CASE("read_ini of an empty or comment-only file gives no entries", "[apps]") {
    TempDir dir;
    CHECK(apps::read_ini(write_file(dir, "empty.ini", "")).empty());
    CHECK(apps::read_ini(write_file(dir, "comments.ini", "# only\n; comments\n\n")).empty());
}

TEST_CASE("read_ini names PATH:LINE for each malformed line", "[apps]") {
    TempDir dir;
    struct Case {
        const char* text;
        const char* location;  // ":LINE: " expected after the path
        const char* problem;
    };
    const Case cases[] = {
        {"epochs = 20\nepochs 20\n", ":2: ", "expected `key = value`, got 'epochs 20'"},
        {"# header\n\n= 3\n", ":3: ", "empty key"},
        {"lr = 0.1\nseed =\n", ":2: ", "no value for 'seed'"},
        {"seed =   \t\n", ":1: ", "no value for 'seed'"},
        {"; comment\n[train]\nepochs = 1\n", ":2: ", "sections are not used"},
    };
    for (const Case& c : cases) {
        const std::string path = write_file(dir, "bad.ini", c.text);
        INFO(c.text);
        CHECK_THROWS_AS(apps::read_ini(path), std::runtime_error);
        CHECK_THROWS_WITH(apps::read_ini(path), StartsWith(path + c.location) && Contains(c.problem));
    }
}

TEST_CASE("read_ini of a missing file says it cannot read the path", "[apps]") {
    TempDir dir;
    const std::string path = (dir.path / "missing.ini").string();
    CHECK_THROWS_AS(apps::read_ini(path), std::runtime_error);
    CHECK_THROWS_WITH(apps::read_ini(path), StartsWith(path + ": cannot read"));
    // A directory opens as a stream on Linux but cannot be read as lines.
    CHECK_THROWS_AS(apps::read_ini(dir.path.string()), std::runtime_error);
}
