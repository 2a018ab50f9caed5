// apps/csv.cpp — RFC 4180 writing and reading for the run files (see csv.hpp for the contract).
#include "apps/csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <system_error>

#include "nn/check.hpp"

namespace apps {

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += ',';
        line += csv_field(fields[i]);
    }
    line += '\n';
    return line;
}

std::string csv_comment(std::string_view text) {
    NN_CHECK(text.find_first_of("\r\n") == std::string_view::npos,
             "csv_comment: a comment must be one line, got '" << text << "'");
    return "# " + std::string(text) + "\n";
}

std::string format_number(double value) {
    if (std::isnan(value)) return "";
    char buffer[64];  // the shortest round-trip form of a double needs at most 24 characters
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

// ----- CsvTable ---------------------------------------------------------------------------------------

bool CsvTable::has_column(std::string_view name) const {
    for (const std::string& h : header)
        if (h == name) return true;
    return false;
}

std::size_t CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    std::string names;
    for (const std::string& h : header) names += (names.empty() ? "" : ", ") + h;
    throw std::runtime_error(path + ": no column '" + std::string(name) + "' (columns: " + names + ")");
}

namespace {

// "PATH:LINE: column 'name': 'text' is not a <what>"
[[noreturn]] void bad_field(const CsvTable& table, std::size_t row, std::size_t column, const char* what) {
    throw std::runtime_error(table.path + ":" + std::to_string(table.rows.at(row).line) + ": column '" +
                             table.header.at(column) + "': '" + table.rows[row].fields.at(column) +
                             "' is not " + what);
}

}  // namespace

std::optional<double> CsvTable::optional_number(std::size_t row, std::size_t column) const {
    const std::string& text = rows.at(row).fields.at(column);
    if (text.empty()) return std::nullopt;
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) bad_field(*this, row, column, "a number");
    return value;
}

double CsvTable::number(std::size_t row, std::size_t column) const {
    const std::optional<double> value = optional_number(row, column);
    if (!value) bad_field(*this, row, column, "a number");
    return *value;
}

std::int64_t CsvTable::integer(std::size_t row, std::size_t column) const {
    const std::string& text = rows.at(row).fields.at(column);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        bad_field(*this, row, column, "an integer");
    return value;
}

// ----- Reading ----------------------------------------------------------------------------------------

namespace {

// Walks the whole text once, counting lines, one record at a time.
class Parser {
public:
    Parser(std::string_view text, const std::string& name) : text_(text), name_(name) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte-order mark (spreadsheets write one)
    }

    bool at_end() const { return pos_ == text_.size(); }
    std::size_t line() const { return line_; }

    // A line ending (LF or CRLF) or the end of the text starts at the current position.
    bool at_line_end() const {
        return at_end() || text_[pos_] == '\n' ||
               (text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n'));
    }

    void skip_line_end() {
        if (at_end()) return;
        if (text_[pos_] == '\r') ++pos_;
        ++pos_;
        ++line_;
    }

    bool at_blank_line() const { return !at_end() && at_line_end(); }
    bool at_comment() const { return !at_end() && text_[pos_] == '#'; }

    // The current line after its '#' and one optional space.
    std::string comment() {
        ++pos_;
        if (!at_line_end() && text_[pos_] == ' ') ++pos_;
        const std::size_t start = pos_;
        while (!at_line_end()) ++pos_;
        std::string text(text_.substr(start, pos_ - start));
        skip_line_end();
        return text;
    }

    // One record (RFC 4180 section 2), its line ending consumed.
    std::vector<std::string> record() {
        std::vector<std::string> fields;
        while (true) {
            const bool is_quoted = !at_end() && text_[pos_] == '"';
            fields.push_back(is_quoted ? quoted() : unquoted());
            if (at_line_end()) break;
            ++pos_;  // the comma
        }
        skip_line_end();
        return fields;
    }

    [[noreturn]] void fail(std::size_t line, const std::string& what) const {
        throw std::runtime_error(name_ + ":" + std::to_string(line) + ": " + what);
    }

private:
    std::string quoted() {
        const std::size_t opened_on = line_;
        std::string field;
        ++pos_;  // the opening quote
        while (true) {
            if (at_end()) fail(opened_on, "unterminated quoted field (no closing quote)");
            const char c = text_[pos_++];
            if (c == '"') {
                if (pos_ < text_.size() && text_[pos_] == '"') {
                    field += '"';  // "" stands for one quote
                    ++pos_;
                    continue;
                }
                break;
            }
            if (c == '\n') ++line_;
            field += c;
        }
        if (!at_line_end() && text_[pos_] != ',')
            fail(line_, std::string("unexpected '") + text_[pos_] + "' after a closing quote");
        return field;
    }

    std::string unquoted() {
        const std::size_t start = pos_;
        while (!at_line_end() && text_[pos_] != ',') {
            if (text_[pos_] == '"') fail(line_, "quote inside an unquoted field (quote the whole field)");
            if (text_[pos_] == '\r') fail(line_, "carriage return inside an unquoted field");
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    std::string_view text_;
    const std::string& name_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

}  // namespace

CsvTable read_csv(std::istream& in, const std::string& name) {
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error(name + ": read error");

    CsvTable table;
    table.path = name;
    Parser parser(text, name);

    while (parser.at_comment() || parser.at_blank_line()) {
        if (parser.at_comment())
            table.comments.push_back(parser.comment());
        else
            parser.skip_line_end();
    }
    if (parser.at_end())
        throw std::runtime_error(name + (table.comments.empty() ? ": empty file, no header line"
                                                                 : ": no header line after the comments"));

    const std::size_t header_line = parser.line();
    table.header = parser.record();
    std::set<std::string> seen;
    for (const std::string& column : table.header) {
        if (column.empty()) parser.fail(header_line, "empty column name in the header");
        if (!seen.insert(column).second) parser.fail(header_line, "duplicate column '" + column + "'");
    }

    while (!parser.at_end()) {
        if (parser.at_blank_line()) {
            parser.skip_line_end();
            continue;
        }
        const std::size_t line = parser.line();
        std::vector<std::string> fields = parser.record();
        if (fields.size() != table.header.size())
            parser.fail(line, std::to_string(fields.size()) + " fields, but the header has " +
                                  std::to_string(table.header.size()));
        table.rows.push_back({line, std::move(fields)});
    }
    return table;
}

CsvTable read_csv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open file");
    return read_csv(in, path);
}

}  // namespace apps
