// apps/resume.cpp — `train --resume DIR`: a killed run continues from its checkpoint (or starts over when
// it has none yet) under its original provenance, so its files end as an uninterrupted run's would.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "apps/trainer.hpp"

namespace fs = std::filesystem;

namespace apps {

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The command line run.ini records (its `# command: ` line): the resumed files keep the original's.
RunProvenance original_provenance(const std::string& run_ini, std::uint64_t seed) {
    std::istringstream lines(read_text(run_ini));
    const std::string prefix = "# command: ";
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with(prefix)) return {.command_line = line.substr(prefix.size()), .seed = seed};
    throw std::runtime_error(run_ini + ": no '# command:' line, so not written by infoplane train; nothing to resume");
}

}  // namespace

ResumeSummary resume_training(const TrainConfig& config, const std::string& run_dir, const std::string& command_line) {
    const RunDirectory run = RunDirectory::existing(run_dir);
    const RunProvenance provenance = original_provenance(run.file("run.ini"), config.seed);
    const std::string checkpoint_path = run.file("checkpoint.bin");
    std::error_code error;
    const bool has_checkpoint = fs::exists(checkpoint_path, error);
    ResumeSummary result;
    if (fs::exists(run.file("information_plane.svg"), error)) {
        // The SVG is a run's last file, so the run is done. A checkpoint beside it is one the run was
        // killed before removing: removing it is the last step of the uninterrupted run.
        if (has_checkpoint) fs::remove(checkpoint_path, error);
        result.already_finished = true;
        return result;
    }
    const std::string log_path = run.file("resume.log");
    const std::string history = fs::exists(log_path, error) ? read_text(log_path) : std::string();
    std::string entry;
    if (has_checkpoint) {
        const Checkpoint checkpoint = read_checkpoint(checkpoint_path);
        result.from_epoch = checkpoint.epoch;
        result.summary = run_training(config, run_dir, false, provenance, &checkpoint);
        entry = "resumed at epoch " + std::to_string(checkpoint.epoch) + ": " + command_line;
    } else {
        result.started_over = true;  // killed before its first checkpoint: the seed makes a restart exact
        result.summary = run_training(config, run_dir, true, provenance);
        entry = "started over at epoch 0 (no checkpoint yet): " + command_line;
    }
    write_file_atomically(log_path, history + entry + "\n");
    return result;
}

}  // namespace apps
