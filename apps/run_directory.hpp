// apps/run_directory.hpp — the files of one training run:
//   run.ini                 the resolved configuration (reads back with --config), with version, command, seed
//   metrics.csv             epoch,split,loss,accuracy
//   information_plane.csv   epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits[,diagnostics...]
//   checkpoint.bin          while the run is unfinished: its state at the last checkpoint (apps/checkpoint.hpp)
//   resume.log              one line per `train --resume` of the run (never in an uninterrupted run)
// Each CSV starts with `# ` lines naming the version, the command line and the seed. Rows are appended
// and flushed per sampled epoch, so a killed run keeps every complete row it wrote.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace apps {

// Provenance: what every output file records.
struct RunProvenance {
    std::string command_line;  // as typed, arguments shell-quoted where needed
    std::uint64_t seed = 0;
};

// `# infoplane VERSION`, `# command: ...`, `# seed: N` as CSV comment lines.
std::string provenance_comments(const RunProvenance& provenance);

// Writes `text` to PATH.tmp, then renames it to PATH: a reader never sees half a file.
void write_file_atomically(const std::string& path, const std::string& text);

// argv joined with spaces, each argument quoted for a POSIX shell when it needs it.
std::string join_command_line(int argc, const char* const* argv);

class RunDirectory {
public:
    // Creates `path` (and its parents). If it exists: with `force` it is emptied first when it is a
    // run directory (holds run.ini) or empty, otherwise std::runtime_error "PATH is not a run
    // directory ..."; without `force`, std::runtime_error "PATH exists; use --force to replace it".
    RunDirectory(std::string path, bool force);
    // An existing run directory, to continue (train --resume). Throws std::runtime_error "PATH is not a
    // run directory (no run.ini); nothing to resume" when it holds no run.ini.
    static RunDirectory existing(std::string path);

    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    RunDirectory() = default;
    std::string path_;
};

// A CSV file written row by row: header (after the provenance comments) at creation, rows appended
// and flushed on flush(). Throws std::runtime_error naming the file when a write fails, std::logic_error
// for a row whose field count differs from the header's (a bug in the caller).
class CsvAppender {
public:
    CsvAppender(const std::string& path, const RunProvenance& provenance, const std::vector<std::string>& header);
    // Continues an existing file: cuts it to `keep_bytes` (what a checkpoint recorded, which drops a torn
    // last line and every row written after the checkpoint) and appends from there. Throws
    // std::runtime_error naming the file when it is missing or shorter than keep_bytes.
    CsvAppender(const std::string& path, std::size_t columns, std::uintmax_t keep_bytes);
    void row(const std::vector<std::string>& fields);
    void flush();
    std::uintmax_t bytes() const { return bytes_; }  // the file's length once flushed

private:
    std::string path_;
    std::ofstream out_;
    std::size_t columns_;
    std::uintmax_t bytes_ = 0;
};

}  // namespace apps
