// apps/sweep_merge.cpp — concatenating a sweep's run CSVs in expansion order (see sweep_merge.hpp).
#include "apps/sweep_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "apps/csv.hpp"
#include "apps/ini.hpp"
#include "apps/run_directory.hpp"
#include "apps/sweep.hpp"
#include "infoplane/version.hpp"

namespace fs = std::filesystem;

namespace apps {

namespace {

const std::vector<std::string> merged_files = {"information_plane.csv", "metrics.csv"};

bool run_complete(const fs::path& run_dir) {
    if (!fs::exists(run_dir / "run.ini")) return false;
    return std::all_of(merged_files.begin(), merged_files.end(),
                       [&](const std::string& file) { return fs::exists(run_dir / file); });
}

// The values of the leading columns of one run: each grid key as its run.ini states it (all its lines
// joined by commas; the value given on the grid if run.ini leaves the key out), then the seed.
std::vector<std::string> leading_values(const SweepSpec& spec, const SweepRun& run, const fs::path& run_dir) {
    std::map<std::string, std::string> ini;
    for (const IniEntry& entry : read_ini((run_dir / "run.ini").string())) {
        std::string& value = ini[entry.key];
        if (!value.empty()) value += ',';
        value += entry.value;
    }
    std::vector<std::string> values;
    for (std::size_t a = 0; a < spec.grid.size(); ++a) {
        const auto found = ini.find(spec.grid[a].key);
        values.push_back(found != ini.end() ? found->second : run.values[a]);
    }
    const auto seed = ini.find("seed");
    values.push_back(seed != ini.end() ? seed->second : std::to_string(run.seed));
    return values;
}

}  // namespace

MergeSummary merge_sweep(const std::string& dir, bool partial, const std::string& command_line) {
    const fs::path root(dir);
    const SweepSpec spec = read_sweep_manifest((root / "sweep.ini").string());
    const std::vector<SweepRun> runs = expand_sweep(spec);

    MergeSummary summary;
    std::vector<const SweepRun*> present;
    for (const SweepRun& run : runs) {
        if (run_complete(root / run.name)) present.push_back(&run);
        else summary.missing.push_back(run.name);
    }
    const auto list = [](const std::vector<std::string>& names) {
        std::string text;
        for (const std::string& name : names) {
            if (!text.empty()) text += ", ";
            text += name;
        }
        return text;
    };
    if (!summary.missing.empty() && (!partial || present.empty()))
        throw std::runtime_error(dir + ": " + std::to_string(summary.missing.size()) + " of " +
                                 std::to_string(runs.size()) + " runs are missing (no run.ini, " +
                                 "information_plane.csv or metrics.csv): " + list(summary.missing) +
                                 (present.empty() ? "" : "; run their shards, or merge --partial"));

    // Read every run first: a bad file stops the merge before anything is written.
    std::vector<std::vector<CsvTable>> tables(merged_files.size());
    for (const SweepRun* run : present)
        for (std::size_t f = 0; f < merged_files.size(); ++f) {
            tables[f].push_back(read_csv((root / run->name / merged_files[f]).string()));
            const CsvTable& table = tables[f].back();
            if (table.header != tables[f].front().header)
                throw std::runtime_error(table.path + ": its columns differ from those of " + tables[f].front().path);
        }

    // The leading columns, named the same in both files.
    std::vector<std::string> leading;
    for (const GridAxis& axis : spec.grid) {
        const bool taken = std::any_of(tables.begin(), tables.end(), [&](const std::vector<CsvTable>& t) {
            return t.front().has_column(axis.key);
        });
        leading.push_back(taken ? "grid_" + axis.key : axis.key);
    }
    leading.push_back("seed");

    std::string comments = csv_comment(std::string("infoplane ") + infoplane::version) +
                           csv_comment("command: " + command_line);
    std::string seeds;
    for (const std::uint64_t seed : spec.seeds) {
        if (!seeds.empty()) seeds += ',';
        seeds += std::to_string(seed);
    }
    comments += csv_comment("seeds: " + seeds);
    for (const GridAxis& axis : spec.grid) comments += csv_comment("grid: " + axis.key + " = " + list(axis.values));
    if (!summary.missing.empty()) comments += csv_comment("missing runs: " + list(summary.missing));

    std::vector<std::vector<std::string>> prefixes;
    for (const SweepRun* run : present) prefixes.push_back(leading_values(spec, *run, root / run->name));
    for (std::size_t f = 0; f < merged_files.size(); ++f) {
        std::vector<std::string> header = leading;
        header.insert(header.end(), tables[f].front().header.begin(), tables[f].front().header.end());
        std::string text = comments + csv_line(header);
        for (std::size_t r = 0; r < present.size(); ++r)
            for (const CsvRow& row : tables[f][r].rows) {
                std::vector<std::string> fields = prefixes[r];
                fields.insert(fields.end(), row.fields.begin(), row.fields.end());
                text += csv_line(fields);
            }
        write_file_atomically((root / merged_files[f]).string(), text);
    }
    summary.merged = present.size();
    return summary;
}

}  // namespace apps
