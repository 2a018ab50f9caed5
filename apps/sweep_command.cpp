// apps/sweep_command.cpp — `infoplane sweep` (one shard of a grid x seeds, each run as `infoplane train`
// writes it) and `infoplane merge` (the runs' CSVs into one, in expansion order).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "apps/commands.hpp"
#include "apps/sweep.hpp"
#include "apps/sweep_merge.hpp"
#include "apps/train_config.hpp"
#include "apps/trainer.hpp"

namespace fs = std::filesystem;

namespace apps {

namespace {

const char* const sweep_usage =
    "usage: infoplane sweep --config FILE --grid KEY=V1,V2[,...] [--grid ...] --seeds A..B|S1,S2,...\n"
    "                       [--shard I/N|auto] --out DIR [--force] [train options]\n"
    "  Runs the grid's points (the last --grid varying fastest) x the seeds (innermost), or with --shard\n"
    "  only the runs k (from 0, in that order) with k % N == I - 1; `--shard auto` takes I and N from a\n"
    "  Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _COUNT). Each run is DIR/KEY=VALUE,...,seed=S/ as\n"
    "  `infoplane train` writes it; other options (--epochs 10, --threads 1, ...) go to every run.\n"
    "  Values with commas: separate them by ';' (--grid 'layers=10,7,5;12,8'). Every run's options are\n"
    "  checked before anything is written. Shards x --threads should not exceed the cores.\n";

const char* const merge_usage =
    "usage: infoplane merge DIR [--partial]\n"
    "  Concatenates the information_plane.csv and metrics.csv of every run of the sweep in DIR into\n"
    "  DIR/information_plane.csv and DIR/metrics.csv, with the grid keys and `seed` as leading columns, in\n"
    "  the sweep's order. Missing runs are an error listing them; --partial merges the runs that are there.\n";

// Checks every run's train options, so that a bad value anywhere stops the sweep before any file.
std::vector<TrainInvocation> check_runs(const SweepInvocation& sweep, const std::vector<SweepRun>& runs) {
    std::vector<TrainInvocation> checked;
    for (const SweepRun& run : runs) {
        const std::string where = "sweep: run " + run.name + ": ";
        try {
            checked.push_back(parse_train_arguments(run_train_arguments(sweep.spec, run, sweep.out_dir, sweep.force)));
        } catch (const std::invalid_argument& error) {
            throw std::invalid_argument(where + error.what());
        } catch (const std::runtime_error& error) {
            throw std::runtime_error(where + error.what());
        }
    }
    return checked;
}

// DIR and its sweep.ini. Shards started together each write the same manifest; one that finds another
// sweep's manifest stops (unless --force), so that runs of two sweeps never mix.
void prepare_sweep_directory(const SweepInvocation& sweep) {
    const fs::path dir(sweep.out_dir), manifest = dir / "sweep.ini";
    const std::string text = sweep_manifest(sweep.spec);
    std::error_code error;
    if (fs::exists(manifest)) {
        std::ifstream in(manifest, std::ios::binary);
        const std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (existing == text) return;
        if (!sweep.force)
            throw std::runtime_error(manifest.string() + " describes another sweep; use another --out, or --force to replace it");
    } else if (fs::is_directory(dir)) {
        for (const auto& entry : fs::directory_iterator(dir))
            if (!entry.path().filename().string().starts_with("sweep.ini.tmp"))
                throw std::runtime_error(sweep.out_dir + " exists and is not a sweep directory (no sweep.ini)");
    } else if (fs::exists(dir)) {
        throw std::runtime_error(sweep.out_dir + " exists and is not a directory");
    }
    fs::create_directories(dir, error);
    if (error) throw std::runtime_error(sweep.out_dir + ": cannot create: " + error.message());
    // A temporary name of this process's own: shards writing at the same moment must not share one.
    const fs::path temporary = dir / ("sweep.ini.tmp." + std::to_string(::getpid()));
    {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        out.flush();
        if (!out) throw std::runtime_error(temporary.string() + ": cannot write");
    }
    fs::rename(temporary, manifest, error);
    if (error) throw std::runtime_error(manifest.string() + ": cannot rename from " + temporary.string());
}

}  // namespace

int sweep_command(const Arguments& arguments, const std::string& command_line) {
    const SweepInvocation sweep = parse_sweep_arguments(arguments);
    if (sweep.help) {
        std::cout << sweep_usage;
        return 0;
    }
    const std::vector<SweepRun> runs = expand_sweep(sweep.spec);
    const std::vector<TrainInvocation> checked = check_runs(sweep, runs);
    prepare_sweep_directory(sweep);

    std::size_t done = 0;
    for (const SweepRun& run : runs) {
        if (!sweep.shard.holds(run.index)) continue;
        const TrainInvocation& train = checked[run.index];
        const TrainSummary summary = run_training(train.config, train.out_dir, train.force,
                                                  {.command_line = command_line, .seed = train.config.seed});
        ++done;
        std::cout << "run " << run.index + 1 << "/" << runs.size() << " " << run.name << ": " << summary.sampled_epochs
                  << " sampled epochs in " << summary.seconds << " s\n"
                  << std::flush;
    }
    std::cout << "shard " << sweep.shard.index << "/" << sweep.shard.count << ": " << done << " of " << runs.size()
              << " runs in " << sweep.out_dir << "; "
              << (sweep.shard.count > 1 ? "when every shard is done: " : "next: ") << "infoplane merge " << sweep.out_dir
              << "\n";
    return 0;
}

int merge_command(const Arguments& arguments, const std::string& command_line) {
    std::string dir;
    bool partial = false;
    for (const std::string& argument : arguments) {
        if (argument == "--help" || argument == "-h") {
            std::cout << merge_usage;
            return 0;
        }
        if (argument == "--partial") partial = true;
        else if (dir.empty() && !argument.starts_with("-")) dir = argument;
        else throw std::invalid_argument("merge: unexpected argument '" + argument + "'; usage: infoplane merge DIR [--partial]");
    }
    if (dir.empty()) throw std::invalid_argument("merge: usage: infoplane merge DIR [--partial]");
    const MergeSummary summary = merge_sweep(dir, partial, command_line);
    std::cout << "merged " << summary.merged << " runs into " << dir << "/{information_plane.csv,metrics.csv}";
    if (!summary.missing.empty()) std::cout << "; " << summary.missing.size() << " missing";
    std::cout << "\n";
    return 0;
}

}  // namespace apps
