// apps/run_directory.cpp — creating a run directory and writing its files safely.
#include "apps/run_directory.hpp"

#include <filesystem>
#include <stdexcept>

#include "apps/csv.hpp"
#include "infoplane/version.hpp"

namespace fs = std::filesystem;

namespace apps {

std::string provenance_comments(const RunProvenance& provenance) {
    return csv_comment(std::string("infoplane ") + infoplane::version) +
           csv_comment("command: " + provenance.command_line) +
           csv_comment("seed: " + std::to_string(provenance.seed));
}

std::string join_command_line(int argc, const char* const* argv) {
    std::string line;
    for (int i = 0; i < argc; ++i) {
        std::string argument = argv[i];
        if (i == 0) argument = fs::path(argument).filename().string();  // "infoplane", not the build path
        const bool plain = !argument.empty() &&
                           argument.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                      "0123456789-_=:,./+@%") == std::string::npos;
        if (!plain) {  // single quotes, with each ' written as '\''
            std::string quoted = "'";
            for (char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
            argument = quoted + "'";
        }
        line += (i ? " " : "") + argument;
    }
    return line;
}

RunDirectory::RunDirectory(std::string path, bool force) : path_(std::move(path)) {
    std::error_code error;
    if (fs::exists(path_, error)) {
        if (!force) throw std::runtime_error(path_ + " exists; use --force to replace it");
        // --force replaces a run, never an arbitrary folder (`--out . --force` must not empty a project).
        const bool empty = fs::is_directory(path_, error) && fs::is_empty(path_, error);
        if (!empty && !fs::exists(fs::path(path_) / "run.ini", error))
            throw std::runtime_error(path_ + " is not a run directory (no run.ini); --force only replaces runs");
        fs::remove_all(path_, error);
        if (error) throw std::runtime_error(path_ + ": cannot remove: " + error.message());
    }
    fs::create_directories(path_, error);
    if (error) throw std::runtime_error(path_ + ": cannot create: " + error.message());
}

RunDirectory RunDirectory::existing(std::string path) {
    std::error_code error;
    if (!fs::exists(fs::path(path) / "run.ini", error))
        throw std::runtime_error(path + " is not a run directory (no run.ini); nothing to resume");
    RunDirectory run;
    run.path_ = std::move(path);
    return run;
}

void write_file_atomically(const std::string& target, const std::string& text) {
    const std::string temporary = target + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        out.flush();
        if (!out) throw std::runtime_error(temporary + ": cannot write");
    }
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) throw std::runtime_error(target + ": cannot rename from " + temporary + ": " + error.message());
}

CsvAppender::CsvAppender(const std::string& path, const RunProvenance& provenance,
                         const std::vector<std::string>& header)
    : path_(path), out_(path, std::ios::binary), columns_(header.size()) {
    if (!out_) throw std::runtime_error(path_ + ": cannot create");
    const std::string head = provenance_comments(provenance) + csv_line(header);
    out_ << head;
    bytes_ = head.size();
    flush();
}

CsvAppender::CsvAppender(const std::string& path, std::size_t columns, std::uintmax_t keep_bytes)
    : path_(path), columns_(columns), bytes_(keep_bytes) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path_, error);
    if (error) throw std::runtime_error(path_ + ": cannot continue: " + error.message());
    if (size < keep_bytes)
        throw std::runtime_error(path_ + ": " + std::to_string(size) + " bytes, shorter than the " +
                                 std::to_string(keep_bytes) + " its checkpoint recorded");
    fs::resize_file(path_, keep_bytes, error);
    if (error) throw std::runtime_error(path_ + ": cannot truncate: " + error.message());
    out_.open(path_, std::ios::binary | std::ios::app);
    if (!out_) throw std::runtime_error(path_ + ": cannot open to append");
}

void CsvAppender::row(const std::vector<std::string>& fields) {
    if (fields.size() != columns_)
        throw std::logic_error(path_ + ": a row of " + std::to_string(fields.size()) + " fields for " +
                               std::to_string(columns_) + " columns");
    const std::string line = csv_line(fields);
    out_ << line;
    bytes_ += line.size();
}

void CsvAppender::flush() {
    out_.flush();
    if (!out_) throw std::runtime_error(path_ + ": write failed (disk full?)");
}

}  // namespace apps
