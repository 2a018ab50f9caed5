// apps/sweep_merge.hpp — `infoplane merge DIR`: the runs of a sweep (DIR/sweep.ini) concatenated into
// DIR/information_plane.csv and DIR/metrics.csv, in the order of the expansion, whatever order they ran in.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace apps {

struct MergeSummary {
    std::size_t merged = 0;            // runs whose rows are in the merged files
    std::vector<std::string> missing;  // names of the expansion's runs without their files (only with partial)
};

// Every run's rows, each prefixed with one column per grid key and `seed`, their values read from the run's
// run.ini (a grid key that is also a column of a run CSV, such as estimator, is called grid_KEY in both files). The merged files start with
// the version, the command line, the seeds and the grid as `# ` lines, and are written atomically: the same
// runs give the same bytes. Throws std::runtime_error naming the path: no DIR/sweep.ini, a run whose header
// differs from the first's, a bad CSV; and, unless `partial`, "DIR: K of N runs are missing: NAME, ..."
// (with `partial` the missing runs are skipped and listed in the summary; none present is still an error).
MergeSummary merge_sweep(const std::string& dir, bool partial, const std::string& command_line);

}  // namespace apps
