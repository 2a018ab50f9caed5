// tests/test_sweep.cpp — sweeps and repeats: the expansion's order and names, shards, checking every run
// before any file, `infoplane merge` (same bytes whatever order the shards ran in), `train --seeds`, the
// mean-over-seeds plot, and the shards run for real by GNU parallel.
#include <stdlib.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "apps/csv.hpp"
#include "apps/plane_points.hpp"
#include "apps/sweep.hpp"
#include "cli_runner.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinAbs;

namespace fs = std::filesystem;

namespace {

using cli::Args;

const std::string& kDemo = cli::demo_preset;

// The demo preset cut to 10 epochs with 3 sampled, over tanh and relu x seeds 1 and 2: four runs.
Args small_sweep(const std::string& out, const Args& extra = {}) {
    Args arguments = {"sweep", "--config", kDemo, "--grid", "activation=tanh,relu", "--seeds", "1..2",
                      "--out", out, "--epochs", "10", "--snapshots", "3"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
}

std::string run_ok(const Args& arguments, const fs::path& dir) {
    const cli::CliResult result = cli::run_infoplane(arguments, dir);
    INFO("stderr: " << result.err);
    REQUIRE(result.status == 0);
    return result.out;
}

// A command that must fail with exit 2, one line `infoplane: ...` naming `problem`, and write no file.
void check_refused(const Args& arguments, const std::string& problem) {
    const cli::TempDir dir;
    const cli::CliResult result = cli::run_infoplane(arguments, dir.path);
    INFO("stderr: " << result.err);
    CHECK(result.status == 2);
    CHECK(cli::lines_of(result.err).size() == 1);
    CHECK_THAT(result.err, StartsWith("infoplane: ") && Contains(problem));
    CHECK(dir.entries().empty());
}

// The records of a CSV file (the lines that are not `# ` comments).
std::vector<std::string> records(const std::string& text) {
    std::vector<std::string> kept;
    for (const std::string& line : cli::lines_of(text))
        if (!line.starts_with("#")) kept.push_back(line);
    return kept;
}

apps::CsvTable table_of(const std::string& text) {
    std::istringstream in(text);
    return apps::read_csv(in, "test.csv");
}

}  // namespace

TEST_CASE("a sweep expands in the order of the grid flags with the seeds innermost", "[apps]") {
    const apps::SweepSpec spec{"", {apps::parse_grid_axis("activation=relu,tanh"), apps::parse_grid_axis("lr=0.01,0.1")},
                               {3, 1}, {"--epochs", "10"}};
    const std::vector<apps::SweepRun> runs = apps::expand_sweep(spec);
    const std::vector<std::string> expected = {
        "activation=relu,lr=0.01,seed=3", "activation=relu,lr=0.01,seed=1", "activation=relu,lr=0.1,seed=3",
        "activation=relu,lr=0.1,seed=1",  "activation=tanh,lr=0.01,seed=3", "activation=tanh,lr=0.01,seed=1",
        "activation=tanh,lr=0.1,seed=3",  "activation=tanh,lr=0.1,seed=1"};
    REQUIRE(runs.size() == expected.size());
    for (std::size_t k = 0; k < runs.size(); ++k) {
        CHECK(runs[k].index == k);
        CHECK(runs[k].name == expected[k]);
    }
    CHECK(runs[5].values == std::vector<std::string>{"tanh", "0.01"});
    CHECK(runs[5].seed == 1);
    CHECK(apps::run_train_arguments(spec, runs[5], "out", true) ==
          Args{"--epochs", "10", "--activation=tanh", "--lr=0.01", "--seed=1", "--out=out/activation=tanh,lr=0.01,seed=1",
               "--force"});

    // Without a grid, one run per seed; ';' separates values that hold commas; odd characters become '_'.
    CHECK(apps::expand_sweep({"", {}, {4}, {}}).front().name == "seed=4");
    const apps::GridAxis layers = apps::parse_grid_axis("layers=10,7,5;12,8");
    CHECK(layers.values == std::vector<std::string>{"10,7,5", "12,8"});
    const apps::SweepSpec odd{"", {apps::parse_grid_axis("estimator=kde:var=0.1;binning:edges=30")}, {1}, {}};
    CHECK(apps::expand_sweep(odd).front().name == "estimator=kde_var=0.1,seed=1");
    // The manifest reads back to the same expansion.
    const cli::TempDir dir;
    const std::string path = dir.write("sweep.ini", apps::sweep_manifest(odd));
    const apps::SweepSpec back = apps::read_sweep_manifest(path);
    CHECK(back.grid.front().values == odd.grid.front().values);
    CHECK(apps::sweep_manifest(back) == apps::sweep_manifest(odd));
}

TEST_CASE("grid, seeds and shard arguments refuse what they cannot expand", "[apps]") {
    CHECK_THROWS_WITH(apps::parse_grid_axis("activation"), Contains("expected KEY=V1,V2"));
    CHECK_THROWS_WITH(apps::parse_grid_axis("lr=0.1,,0.2"), Contains("empty value"));
    CHECK_THROWS_WITH(apps::parse_grid_axis("lr=0.1,0.1"), Contains("lists '0.1' twice"));
    CHECK_THROWS_WITH(apps::parse_grid_axis("seed=1,2"), Contains("--seeds"));
    CHECK_THROWS_WITH(apps::expand_sweep({"", {apps::parse_grid_axis("lr=1"), apps::parse_grid_axis("lr=2")}, {1}, {}}),
                      Contains("'lr' given twice"));
    CHECK_THROWS_WITH(apps::expand_sweep({"", {apps::parse_grid_axis("lr=1")}, {1}, {"--lr", "2"}}),
                      Contains("both a grid key and a train option"));
    CHECK_THROWS_WITH(apps::expand_sweep({"", {apps::parse_grid_axis("init=a/b,a:b")}, {1}, {}}),
                      Contains("both be named 'init=a_b,seed=1'"));

    CHECK(apps::parse_seeds("1..5") == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
    CHECK(apps::parse_seeds("0..0") == std::vector<std::uint64_t>{0});
    CHECK(apps::parse_seeds("1,2,5") == std::vector<std::uint64_t>{1, 2, 5});
    CHECK_THROWS_WITH(apps::parse_seeds("5..1"), Contains("empty range"));
    CHECK_THROWS_WITH(apps::parse_seeds("1,x"), Contains("'x' is not a seed"));
    CHECK_THROWS_WITH(apps::parse_seeds("-1..2"), Contains("'-1' is not a seed"));
    CHECK_THROWS_WITH(apps::parse_seeds("1,2,1"), Contains("1 is listed twice"));
    CHECK_THROWS_WITH(apps::parse_seeds(""), Contains("expected A..B"));

    const apps::Shard shard = apps::parse_shard("2/3");
    CHECK((shard.index == 2 && shard.count == 3));
    for (const char* bad : {"0/2", "3/2", "1/0", "1", "a/b", "1/2/3"}) CHECK_THROWS_WITH(apps::parse_shard(bad), Contains("I/N"));
}

TEST_CASE("the shards partition the runs, and --shard auto follows the Slurm job array", "[apps]") {
    for (std::size_t count = 1; count <= 5; ++count)
        for (std::size_t run = 0; run < 12; ++run) {
            std::size_t holders = 0;
            for (std::size_t index = 1; index <= count; ++index) holders += apps::Shard{index, count}.holds(run);
            CHECK(holders == 1);
        }
    CHECK(apps::Shard{1, 2}.holds(0));
    CHECK(apps::Shard{2, 2}.holds(3));

    // sbatch --array=0-3: task 2 is shard 3 of 4.
    ::setenv("SLURM_ARRAY_TASK_ID", "2", 1);
    ::setenv("SLURM_ARRAY_TASK_MIN", "0", 1);
    ::setenv("SLURM_ARRAY_TASK_MAX", "3", 1);
    ::setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
    const apps::Shard shard = apps::parse_shard("auto");
    CHECK((shard.index == 3 && shard.count == 4));
    ::setenv("SLURM_ARRAY_TASK_COUNT", "2", 1);  // --array=0-3:2 is not contiguous
    CHECK_THROWS_WITH(apps::parse_shard("auto"), Contains("contiguous"));
    ::unsetenv("SLURM_ARRAY_TASK_ID");
    CHECK_THROWS_WITH(apps::parse_shard("auto"), Contains("SLURM_ARRAY_TASK_ID is not set"));
    for (const char* name : {"SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_COUNT"}) ::unsetenv(name);
}

TEST_CASE("sweep checks every run's options before it writes a file", "[apps]") {
    check_refused(small_sweep("sw", {"--grid", "lr=0.1,-1"}), "run activation=tanh,lr=-1,seed=1: lr must be a positive number");
    check_refused({"sweep", "--config", kDemo, "--grid", "activation=tanh,nope", "--seeds", "1", "--out", "sw"},
                  "run activation=nope,seed=1: unknown activation 'nope'");
    check_refused({"sweep", "--config", kDemo, "--grid", "colour=red", "--seeds", "1", "--out", "sw"}, "colour");
    check_refused({"sweep", "--config", "missing.ini", "--seeds", "1", "--out", "sw"}, "missing.ini");
    check_refused(small_sweep("sw", {"--seed", "3"}), "--seeds");
    check_refused({"sweep", "--config", kDemo, "--out", "sw"}, "--seeds is required");
    check_refused({"sweep", "--config", kDemo, "--seeds", "1"}, "--out DIR is required");
    check_refused(small_sweep("sw", {"--shard", "3/2"}), "I/N");
    check_refused({"merge"}, "usage: infoplane merge DIR");
    check_refused({"merge", "nowhere"}, "nowhere/sweep.ini");
}

TEST_CASE("merge gives the same bytes whatever order the shards ran in", "[apps]") {
    const cli::TempDir forward, backward, serial;
    run_ok(small_sweep("sw", {"--shard", "1/2"}), forward.path);
    run_ok(small_sweep("sw", {"--shard", "2/2"}), forward.path);
    const std::string second_first = run_ok(small_sweep("sw", {"--shard", "2/2"}), backward.path);
    CHECK_THAT(second_first, Contains("run 2/4 activation=tanh,seed=2") && Contains("run 4/4 activation=relu,seed=2") &&
                                 Contains("shard 2/2: 2 of 4 runs"));
    run_ok(small_sweep("sw", {"--shard", "1/2"}), backward.path);
    run_ok(small_sweep("sw"), serial.path);
    for (const cli::TempDir* dir : {&forward, &backward, &serial})
        CHECK(run_ok({"merge", "sw"}, dir->path) == "merged 4 runs into sw/{information_plane.csv,metrics.csv}\n");
    for (const char* name : {"information_plane.csv", "metrics.csv", "sweep.ini"}) {
        INFO(name);
        CHECK(cli::read_file(forward.path / "sw" / name) == cli::read_file(backward.path / "sw" / name));
        CHECK(cli::read_file(forward.path / "sw" / name) == cli::read_file(serial.path / "sw" / name));
    }

    // The grid and seed columns lead, the runs follow the expansion, each run's rows as train wrote them.
    const std::string merged = cli::read_file(forward.path / "sw" / "information_plane.csv");
    const apps::CsvTable table = table_of(merged);
    CHECK(table.header[0] == "activation");
    CHECK(table.header[1] == "seed");
    CHECK(table.header[2] == "epoch");
    CHECK_THAT(merged, Contains("# command: infoplane merge sw\n# seeds: 1,2\n# grid: activation = tanh, relu\n"));
    std::vector<std::string> blocks;
    for (const apps::CsvRow& row : table.rows) {
        const std::string block = row.fields[0] + " " + row.fields[1];
        if (blocks.empty() || blocks.back() != block) blocks.push_back(block);
    }
    CHECK(blocks == std::vector<std::string>{"tanh 1", "tanh 2", "relu 1", "relu 2"});
    const std::vector<std::string> relu_2 = records(cli::read_file(forward.path / "sw/activation=relu,seed=2/information_plane.csv"));
    const std::vector<std::string> all = records(merged);
    REQUIRE(all.size() == table.rows.size() + 1);
    for (std::size_t k = 1; k < relu_2.size(); ++k)
        CHECK(all[all.size() - relu_2.size() + k] == "relu,2," + relu_2[k]);

    // A sweep's run is what `train` writes for the same options.
    const cli::TempDir single;
    run_ok({"train", "--config", kDemo, "--activation", "relu", "--seed", "2", "--epochs", "10", "--snapshots", "3",
            "--out", "run"},
           single.path);
    for (const char* name : {"information_plane.csv", "metrics.csv", "run.ini"}) {
        INFO(name);
        CHECK(records(cli::read_file(single.path / "run" / name)) ==
              records(cli::read_file(forward.path / "sw/activation=relu,seed=2" / name)));
    }
    // Another sweep into the same directory is refused; the same sweep finds its existing runs.
    const cli::CliResult other = cli::run_infoplane(small_sweep("sw", {"--lr", "0.1"}), forward.path);
    CHECK(other.status == 2);
    CHECK_THAT(other.err, Contains("sw/sweep.ini describes another sweep"));
    const cli::CliResult again = cli::run_infoplane(small_sweep("sw", {"--shard", "1/2"}), forward.path);
    CHECK(again.status == 2);
    CHECK_THAT(again.err, Contains("exists; use --force"));
}

TEST_CASE("merge names the missing runs, and --partial merges those present", "[apps]") {
    const cli::TempDir dir;
    run_ok(small_sweep("sw", {"--shard", "2/2"}), dir.path);
    const cli::CliResult missing = cli::run_infoplane({"merge", "sw"}, dir.path);
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Contains("sw: 2 of 4 runs are missing") &&
                                Contains("activation=tanh,seed=1, activation=relu,seed=1") && Contains("--partial"));
    CHECK_FALSE(fs::exists(dir.path / "sw" / "information_plane.csv"));
    CHECK(run_ok({"merge", "sw", "--partial"}, dir.path) ==
          "merged 2 runs into sw/{information_plane.csv,metrics.csv}; 2 missing\n");
    const std::string merged = cli::read_file(dir.path / "sw" / "metrics.csv");
    CHECK_THAT(merged, Contains("# missing runs: activation=tanh,seed=1, activation=relu,seed=1\n"));
    const apps::CsvTable table = table_of(merged);
    std::set<std::string> seeds;
    for (const apps::CsvRow& row : table.rows) seeds.insert(row.fields[1]);
    CHECK(seeds == std::set<std::string>{"2"});
}

TEST_CASE("train --seeds trains every seed, merges them and plots their mean", "[apps]") {
    const cli::TempDir dir;
    const std::string out = run_ok({"train", "--config", kDemo, "--epochs", "10", "--snapshots", "3", "--seeds", "1,3",
                                    "--out", "rep"},
                                   dir.path);
    CHECK_THAT(out, Contains("run 2/2 seed=3") && Contains("merged 2 seeds into rep/") &&
                        Contains("wrote rep/information_plane.svg"));
    CHECK(cli::entries_of(dir.path / "rep") ==
          std::vector<std::string>{"information_plane.csv", "information_plane.svg", "metrics.csv", "seed=1", "seed=3",
                                   "sweep.ini"});
    const apps::CsvTable table = table_of(cli::read_file(dir.path / "rep" / "information_plane.csv"));
    CHECK(table.header[0] == "seed");
    CHECK(table.header[1] == "epoch");
    CHECK(table.rows.front().fields[0] == "1");
    CHECK(table.rows.back().fields[0] == "3");
    const std::string svg = cli::read_file(dir.path / "rep" / "information_plane.svg");
    CHECK_THAT(svg, Contains("rep: mean of 2 seeds (faint: each seed; bars: ±1 std of I(T;Y))") && Contains("<g class=\"seeds\" opacity=\"0.25\">") &&
                        Contains("mean of 2 seeds, std "));
    // `plot` redraws the same figure from the merged CSV.
    CHECK(run_ok({"plot", "rep"}, dir.path) == "rep/information_plane.svg\n");
    CHECK(cli::read_file(dir.path / "rep" / "information_plane.svg") == svg);

    check_refused({"train", "--config", kDemo, "--seeds", "1..2", "--seed", "3", "--out", "rep"}, "--seed belongs");
    check_refused({"train", "--config", kDemo, "--seeds", "1..2", "--grid", "lr=1", "--out", "rep"}, "--grid belongs");
}

TEST_CASE("the plot of repeats is the mean over seeds at each epoch, with each seed's own trail", "[apps]") {
    const apps::CsvTable table = table_of(
        "seed,epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits\n"
        "1,0,1,h1,binning,all,1,0.2\n"
        "1,5,1,h1,binning,all,3,0.6\n"
        "2,5,1,h1,binning,all,5,0.8\n"
        "2,0,1,h1,binning,all,2,0.4\n"
        "3,0,1,h1,binning,all,3,\n");  // I(T;Y) not estimated: seed 3 counts nowhere
    const apps::PlaneData data = apps::collect_plane_points(table, "i_xt_bits", "i_ty_bits");
    CHECK(data.seeds == 3);
    REQUIRE(data.panels.size() == 1);
    CHECK(data.panels[0].missing_y == 1);
    REQUIRE(data.panels[0].trails.size() == 1);
    const apps::LayerTrail& trail = data.panels[0].trails[0];
    REQUIRE(trail.seed_trails.size() == 2);
    CHECK(trail.seed_trails[1].front().x == 2.0);  // seed 2's rows, sorted by epoch
    REQUIRE(trail.points.size() == 2);
    CHECK(trail.points[0].epoch == 0);
    CHECK(trail.points[0].seeds == 2);
    CHECK_THAT(trail.points[0].x, WithinAbs(1.5, 1e-12));
    CHECK_THAT(trail.points[0].y, WithinAbs(0.3, 1e-12));
    // Sample standard deviation of {0.2, 0.4}: sqrt(2 * 0.1^2 / 1).
    CHECK_THAT(trail.points[0].y_std, WithinAbs(0.1 * std::sqrt(2.0), 1e-12));
    CHECK_THAT(trail.points[1].x, WithinAbs(4.0, 1e-12));
    CHECK_THAT(trail.points[1].y, WithinAbs(0.7, 1e-12));

    const apps::CsvTable grid = table_of("lr,seed,epoch,layer,estimator,split,i_xt_bits,i_ty_bits\n0.1,1,0,1,b,all,1,1\n");
    CHECK_THROWS_WITH(apps::collect_plane_points(grid, "i_xt_bits", "i_ty_bits"), Contains("column 'lr' is a sweep's grid"));
}

// Needs Debian's `parallel` (scripts/common.sh installs it): fails, rather than skips, without it.
TEST_CASE("GNU parallel runs the shards side by side and the merge equals a serial sweep (needs parallel)", "[apps]") {
    INFO("this test needs GNU parallel: sudo apt-get install parallel");
    REQUIRE(std::system("command -v parallel > /dev/null 2>&1") == 0);
    const cli::TempDir parallel, serial;
    const std::string line = "cd '" + parallel.path.string() + "' && seq 1 2 | parallel --will-cite -j2 '" +
                             INFOPLANE_EXECUTABLE + "' sweep --config '" + kDemo +
                             "' --grid activation=tanh,relu --seeds 1..2 --out sw --epochs 10 --snapshots 3 "
                             "--threads 1 --shard {}/2 > /dev/null";
    REQUIRE(std::system(line.c_str()) == 0);
    run_ok(small_sweep("sw", {"--threads", "1"}), serial.path);
    for (const cli::TempDir* dir : {&parallel, &serial}) run_ok({"merge", "sw"}, dir->path);
    for (const char* name : {"information_plane.csv", "metrics.csv"}) {
        INFO(name);
        CHECK(cli::read_file(parallel.path / "sw" / name) == cli::read_file(serial.path / "sw" / name));
    }
}
