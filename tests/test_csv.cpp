// tests/test_csv.cpp — RFC 4180 quoting, exact number formatting, and the reader of the run files with
// every one of its "PATH:LINE: problem" errors.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/csv.hpp"
#include "nn/rng.hpp"
#include "temp_dir.hpp"

using Catch::Matchers::Equals;

namespace {

apps::CsvTable parse(const std::string& text) {
    std::istringstream in(text);
    return apps::read_csv(in, "t.csv");
}

const char* const kRunFile =
    "# infoplane 0.1.0\n"
    "# command: infoplane train --config experiments/szt_tanh.ini --out runs/x\n"
    "# seed: 1\n"
    "epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits,clipped_fraction\n"
    "0,1,dense1,\"binning:edges=30,lo=-1,hi=1\",all,11.2764,0.9912,0\n"
    "10,2,dense2,\"binning:edges=30,lo=-1,hi=1\",test,9.5,,0.25\n";

}  // namespace

TEST_CASE("csv_field quotes exactly the fields that need it", "[apps]") {
    CHECK(apps::csv_field("dense1") == "dense1");
    CHECK(apps::csv_field("") == "");
    CHECK(apps::csv_field("binning:edges=30,lo=-1,hi=1") == "\"binning:edges=30,lo=-1,hi=1\"");
    CHECK(apps::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(apps::csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(apps::csv_field("cr\r") == "\"cr\r\"");
    CHECK(apps::csv_field("semi;colon tab\t") == "semi;colon tab\t");
}

TEST_CASE("csv_line joins quoted fields and ends in a newline", "[apps]") {
    CHECK(apps::csv_line({"0", "1", "dense1", "binning:edges=30,lo=-1,hi=1", "all", "11.2764", "", "0"}) ==
          "0,1,dense1,\"binning:edges=30,lo=-1,hi=1\",all,11.2764,,0\n");
    CHECK(apps::csv_line({}) == "\n");
    CHECK(apps::csv_line({""}) == "\n");
}

TEST_CASE("csv_comment writes one '# ' line and refuses line breaks", "[apps]") {
    CHECK(apps::csv_comment("seed: 1") == "# seed: 1\n");
    CHECK_THROWS_AS(apps::csv_comment("a\nb"), std::invalid_argument);
    CHECK_THROWS_AS(apps::csv_comment("a\rb"), std::invalid_argument);
}

TEST_CASE("format_number gives the shortest exact decimal", "[apps]") {
    CHECK(apps::format_number(0.1) == "0.1");
    CHECK(apps::format_number(3.0) == "3");
    CHECK(apps::format_number(-2.5) == "-2.5");
    CHECK(apps::format_number(1e-7) == "1e-07");
    CHECK(apps::format_number(1.0 / 3.0) == "0.3333333333333333");
    CHECK(apps::format_number(0.1 + 0.2) == "0.30000000000000004");
    CHECK(apps::format_number(std::numeric_limits<double>::quiet_NaN()) == "");
    CHECK(apps::format_number(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(apps::format_number(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("format_number round-trips every double through the reader", "[apps]") {
    nn::Rng rng(11);
    std::string text = "value\n";
    std::vector<double> values{0.0, -0.0, 5e-324, 1.7976931348623157e308, 12.0, -1e-300};
    for (int i = 0; i < 500; ++i) {
        const double exponent = static_cast<double>(rng.uniform_int(40)) - 20.0;
        values.push_back((rng.uniform() - 0.5) * std::pow(10.0, exponent));
    }
    for (const double v : values) text += apps::csv_line({apps::format_number(v)});
    const apps::CsvTable table = parse(text);
    REQUIRE(table.rows.size() == values.size());
    for (std::size_t r = 0; r < values.size(); ++r) {
        INFO("value " << apps::format_number(values[r]));
        CHECK(table.number(r, 0) == values[r]);
        CHECK(std::signbit(table.number(r, 0)) == std::signbit(values[r]));
    }
}

TEST_CASE("read_csv reads comments, header and rows of a run file", "[apps]") {
    const apps::CsvTable table = parse(kRunFile);
    CHECK(table.path == "t.csv");
    CHECK_THAT(table.comments, Equals(std::vector<std::string>{
                                   "infoplane 0.1.0",
                                   "command: infoplane train --config experiments/szt_tanh.ini --out runs/x",
                                   "seed: 1"}));
    CHECK(table.header.size() == 8);
    REQUIRE(table.rows.size() == 2);
    CHECK(table.rows[0].line == 5);
    CHECK(table.rows[1].line == 6);
    const std::size_t estimator = table.column("estimator");
    CHECK(estimator == 3);
    CHECK(table.rows[0].fields[estimator] == "binning:edges=30,lo=-1,hi=1");
    CHECK(table.number(0, table.column("i_xt_bits")) == 11.2764);
    CHECK(table.optional_number(0, table.column("i_ty_bits")) == 0.9912);
    CHECK_FALSE(table.optional_number(1, table.column("i_ty_bits")).has_value());
    CHECK(table.integer(1, table.column("epoch")) == 10);
    CHECK(table.has_column("clipped_fraction"));
    CHECK_FALSE(table.has_column("i_tx_bits"));
}

TEST_CASE("written lines read back field for field", "[apps]") {
    const std::vector<std::vector<std::string>> records{
        {"name", "note", "value"},
        {"a,b", "she said \"no\"", "1"},
        {"multi\nline\nfield", "", "-2.5"},
        {"", "\"", "3"},
        {"crlf\r\ninside", "trailing,", "4"}};
    std::string text = apps::csv_comment("written by the test");
    for (const auto& r : records) text += apps::csv_line(r);
    const apps::CsvTable table = parse(text);
    CHECK_THAT(table.comments, Equals(std::vector<std::string>{"written by the test"}));
    CHECK_THAT(table.header, Equals(records[0]));
    REQUIRE(table.rows.size() == records.size() - 1);
    for (std::size_t r = 0; r < table.rows.size(); ++r) CHECK_THAT(table.rows[r].fields, Equals(records[r + 1]));
    // Lines count the breaks inside quoted fields: the header is on line 2, the 3-line field starts on 4.
    CHECK(table.rows[0].line == 3);
    CHECK(table.rows[1].line == 4);
    CHECK(table.rows[2].line == 7);
    CHECK(table.rows[3].line == 8);
}

TEST_CASE("read_csv accepts CRLF, blank lines, a byte-order mark and no final newline", "[apps]") {
    const apps::CsvTable table = parse("\xEF\xBB\xBF#c\r\n\r\na,b\r\n1,\"x,y\"\r\n\n2,z");
    CHECK_THAT(table.comments, Equals(std::vector<std::string>{"c"}));
    CHECK_THAT(table.header, Equals(std::vector<std::string>{"a", "b"}));
    REQUIRE(table.rows.size() == 2);
    CHECK_THAT(table.rows[0].fields, Equals(std::vector<std::string>{"1", "x,y"}));
    CHECK_THAT(table.rows[1].fields, Equals(std::vector<std::string>{"2", "z"}));
    CHECK(table.rows[1].line == 6);
}

TEST_CASE("a '#' line after the header is data, not a comment", "[apps]") {
    const apps::CsvTable table = parse("a\n#1\n");
    REQUIRE(table.rows.size() == 1);
    CHECK(table.rows[0].fields[0] == "#1");
    CHECK(table.comments.empty());
}

TEST_CASE("read_csv names the file and line of every format error", "[apps]") {
    CHECK_THROWS_WITH(parse(""), "t.csv: empty file, no header line");
    CHECK_THROWS_WITH(parse("\n\n"), "t.csv: empty file, no header line");
    CHECK_THROWS_WITH(parse("# only\n# comments\n"), "t.csv: no header line after the comments");
    CHECK_THROWS_WITH(parse("a,b\n1,2\n\"open,3\n4,5\n"), "t.csv:3: unterminated quoted field (no closing quote)");
    CHECK_THROWS_WITH(parse("a,b,c\n1,2,3\n1,2\n"), "t.csv:3: 2 fields, but the header has 3");
    CHECK_THROWS_WITH(parse("a,b\n1,2,3\n"), "t.csv:2: 3 fields, but the header has 2");
    CHECK_THROWS_WITH(parse("a,b\n\"x\ny\",1,2\n"), "t.csv:2: 3 fields, but the header has 2");
    CHECK_THROWS_WITH(parse("a,b\n1,ab\"c\n"), "t.csv:2: quote inside an unquoted field (quote the whole field)");
    CHECK_THROWS_WITH(parse("a,b\n\"x\"y,1\n"), "t.csv:2: unexpected 'y' after a closing quote");
    CHECK_THROWS_WITH(parse("a,b\n1,x\ry\n"), "t.csv:2: carriage return inside an unquoted field");
    CHECK_THROWS_WITH(parse("# c\na,,b\n"), "t.csv:2: empty column name in the header");
    CHECK_THROWS_WITH(parse("a,b,a\n"), "t.csv:1: duplicate column 'a'");
    CHECK_THROWS_AS(parse("a,b\n1,2,3\n"), std::runtime_error);
}

TEST_CASE("CsvTable::column names the missing column and the file", "[apps]") {
    const apps::CsvTable table = parse("epoch,layer,i_xt_bits\n1,1,2\n");
    CHECK(table.column("i_xt_bits") == 2);
    CHECK_THROWS_WITH(table.column("i_ty_bits"), "t.csv: no column 'i_ty_bits' (columns: epoch, layer, i_xt_bits)");
    CHECK_THROWS_AS(table.column("i_ty_bits"), std::runtime_error);
}

TEST_CASE("number, optional_number and integer parse whole fields or name file, line and column", "[apps]") {
    const apps::CsvTable table = parse("n\n1.5\n\nabc\n\n2.5x\n-7\n nan\n1e999\n99999999999999999999\nnan\n");
    REQUIRE(table.rows.size() == 8);  // the blank lines are skipped
    CHECK(table.number(0, 0) == 1.5);
    CHECK(table.rows[1].line == 4);
    CHECK_THROWS_WITH(table.number(1, 0), "t.csv:4: column 'n': 'abc' is not a number");
    CHECK_THROWS_WITH(table.optional_number(1, 0), "t.csv:4: column 'n': 'abc' is not a number");
    CHECK_THROWS_WITH(table.number(2, 0), "t.csv:6: column 'n': '2.5x' is not a number");
    CHECK(table.number(3, 0) == -7.0);
    CHECK(table.integer(3, 0) == -7);
    CHECK_THROWS_WITH(table.number(4, 0), "t.csv:8: column 'n': ' nan' is not a number");
    CHECK_THROWS_WITH(table.number(5, 0), "t.csv:9: column 'n': '1e999' is not a number");
    CHECK_THROWS_WITH(table.integer(0, 0), "t.csv:2: column 'n': '1.5' is not an integer");
    CHECK_THROWS_WITH(table.integer(6, 0), "t.csv:10: column 'n': '99999999999999999999' is not an integer");
    CHECK(std::isnan(table.number(7, 0)));

    const apps::CsvTable with_empty = parse("a,b\n1,\n");
    CHECK_THROWS_WITH(with_empty.number(0, 1), "t.csv:2: column 'b': '' is not a number");
    CHECK_THROWS_WITH(with_empty.integer(0, 1), "t.csv:2: column 'b': '' is not an integer");
    CHECK_FALSE(with_empty.optional_number(0, 1).has_value());
}

TEST_CASE("read_csv reads a file and reports a missing one", "[apps]") {
    const TempDir dir;
    const std::string path = (dir.path / "information_plane.csv").string();
    std::ofstream(path, std::ios::binary) << kRunFile;
    const apps::CsvTable table = apps::read_csv(path);
    CHECK(table.path == path);
    CHECK(table.rows.size() == 2);
    CHECK(table.comments.size() == 3);

    const std::string missing = (dir.path / "missing.csv").string();
    CHECK_THROWS_WITH(apps::read_csv(missing), missing + ": cannot open file");
    CHECK_THROWS_AS(apps::read_csv(missing), std::runtime_error);
    std::ofstream(dir.path / "empty.csv");
    CHECK_THROWS_WITH(apps::read_csv((dir.path / "empty.csv").string()),
                      (dir.path / "empty.csv").string() + ": empty file, no header line");
}
