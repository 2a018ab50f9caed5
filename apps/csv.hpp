// apps/csv.hpp — RFC 4180 CSV for the run files (information_plane.csv, metrics.csv): exact, byte-stable
// numbers and quoted fields on the way out; comments, header and rows with "PATH:LINE: problem" errors on the way in.
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace apps {

// ----- Writing ---------------------------------------------------------------------------------------

// The field as it must appear in a record: wrapped in quotes, inner quotes doubled, when it contains a
// comma, a quote, CR or LF (RFC 4180 section 2); unchanged otherwise.
std::string csv_field(std::string_view text);

// One record: the fields through csv_field, joined by commas, ending in '\n'.
std::string csv_line(const std::vector<std::string>& fields);

// A comment line "# text\n", read back by read_csv into CsvTable::comments as "text".
// Throws std::invalid_argument when text contains CR or LF.
std::string csv_comment(std::string_view text);

// The shortest decimal that reads back as exactly `value` (std::to_chars): 0.1 -> "0.1", 1e-7 -> "1e-07",
// 3.0 -> "3". Locale-independent, so the same numbers give byte-identical files. NaN -> "" (an empty field
// means "not estimated"); infinities -> "inf", "-inf".
std::string format_number(double value);

// ----- Reading ---------------------------------------------------------------------------------------

struct CsvRow {
    std::size_t line = 0;             // 1-based line of the file on which the record starts
    std::vector<std::string> fields;  // exactly as many as the header
};

// A file as: comment lines, header, rows. Built by read_csv; the accessors throw std::runtime_error
// "PATH: ..." or "PATH:LINE: ..." so a caller's message always points into the file.
struct CsvTable {
    std::string path;                   // the name used in messages
    std::vector<std::string> comments;  // the lines before the header that start with '#', without the
                                        // '#' and one space after it: "# seed: 1" -> "seed: 1"
    std::vector<std::string> header;    // column names, unique, non-empty
    std::vector<CsvRow> rows;

    bool has_column(std::string_view name) const;
    // Index of the column `name`; throws "PATH: no column 'name' (columns: a, b, c)".
    std::size_t column(std::string_view name) const;

    // The field of row `row` in column `column`, parsed as a whole (std::from_chars: no spaces, no '+').
    // number: a double, "nan"/"inf" included; "" or anything else throws
    //         "PATH:LINE: column 'i_xt_bits': 'abc' is not a number".
    // optional_number: the same, but "" gives nullopt (a value that was not estimated).
    // integer: a whole number that fits in 64 bits; "1.5" throws "... '1.5' is not an integer".
    double number(std::size_t row, std::size_t column) const;
    std::optional<double> optional_number(std::size_t row, std::size_t column) const;
    std::int64_t integer(std::size_t row, std::size_t column) const;
};

// Reads comment lines ('#' first; only before the header), the header, then the rows. Blank lines are
// skipped; a record ends at LF or CRLF; quoted fields may hold commas, quotes ("") and line breaks; a
// UTF-8 byte-order mark is ignored. Throws std::runtime_error "PATH:LINE: ..." for an unterminated quote,
// a quote or CR inside an unquoted field, text after a closing quote, a row whose field count differs
// from the header's, an empty or duplicate column name; "PATH: ..." for a missing file, a read error,
// or no header line (an empty file, or comments only).
CsvTable read_csv(const std::string& path);
CsvTable read_csv(std::istream& in, const std::string& name);

}  // namespace apps
