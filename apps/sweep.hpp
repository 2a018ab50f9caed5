// apps/sweep.hpp — a sweep: a grid of training configurations x seeds, expanded in a fixed order, named,
// split into shards (Slurm job arrays, GNU parallel), and described in DIR/sweep.ini for `infoplane merge`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace apps {

// One --grid KEY=V1,V2,...: a train option and the values it takes, in the order given.
struct GridAxis {
    std::string key;
    std::vector<std::string> values;
};

struct SweepSpec {
    std::string config_path;                 // --config FILE, or empty
    std::vector<GridAxis> grid;              // in the order of the --grid flags
    std::vector<std::uint64_t> seeds;        // in the order given
    std::vector<std::string> train_options;  // every other argument, passed to each run's train unchanged
};

// One run of the expansion.
struct SweepRun {
    std::size_t index = 0;            // position in the expansion, from 0
    std::vector<std::string> values;  // one per grid axis
    std::uint64_t seed = 0;
    std::string name;                 // its directory under the sweep's, e.g. "activation=relu,lr=0.01,seed=3"
};

// Shard `index` of `count` (1 <= index <= count) runs the runs k with k % count == index - 1.
struct Shard {
    std::size_t index = 1;
    std::size_t count = 1;
    bool holds(std::size_t run_index) const { return run_index % count == index - 1; }
};

// "KEY=V1,V2,...". Values are split at commas, or at ';' when the list holds one (for values with commas,
// such as layers or estimator specs: "layers=10,7,5;12,8"). Throws std::invalid_argument for a missing '=',
// an empty key or value, a repeated value, and the keys a sweep sets itself (seed, out, config, force, help).
GridAxis parse_grid_axis(const std::string& text);

// "A..B" (A <= B, both included) or a list "1,2,5"; each seed >= 0, none twice.
std::vector<std::uint64_t> parse_seeds(const std::string& text);

// "I/N", or "auto": I and N of a Slurm job array, I = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1 and
// N = SLURM_ARRAY_TASK_COUNT (the array must be contiguous, e.g. --array=1-4 or 0-3).
Shard parse_shard(const std::string& text);

// The Cartesian product of the axes in the order given (the last axis varying fastest), each point
// repeated for every seed, the seeds innermost. Names are "key=value,...,seed=S" with every character other
// than letters, digits and . _ - + = , replaced by '_'. Throws std::invalid_argument when a key is on two
// axes, also among train_options, or when two runs would get the same name, or there are no seeds.
std::vector<SweepRun> expand_sweep(const SweepSpec& spec);

// The `infoplane train` arguments of one run: --config, the train options, --KEY=VALUE for each axis,
// --seed and --out OUT_DIR/NAME (and --force).
std::vector<std::string> run_train_arguments(const SweepSpec& spec, const SweepRun& run, const std::string& out_dir,
                                             bool force);

// `infoplane sweep` arguments: --config FILE, --grid KEY=V1,V2 (repeatable), --seeds, --shard I/N|auto,
// --out DIR, --force, --help; every other argument is a train option for each run (e.g. --epochs 10,
// --threads 1). Throws std::invalid_argument for a missing --out or --seeds, a flag without its value.
struct SweepInvocation {
    SweepSpec spec;
    std::string out_dir;
    Shard shard;
    bool force = false;
    bool help = false;
};
SweepInvocation parse_sweep_arguments(const std::vector<std::string>& arguments);

// DIR/sweep.ini: the spec as INI text (config, one grid line per axis, seeds, one option line per train
// argument), the same bytes for the same spec, so that every shard writes the same file.
std::string sweep_manifest(const SweepSpec& spec);
// Reads it back; throws std::runtime_error "PATH:LINE: ..." for a file that is not a sweep manifest.
SweepSpec read_sweep_manifest(const std::string& path);

}  // namespace apps
