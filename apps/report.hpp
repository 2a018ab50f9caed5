// apps/report.hpp — `infoplane report RUN_DIR`: one self-contained HTML page of a run (or a merged sweep)
// with its provenance, every figure inlined as SVG, the last sampled epoch's rows and its configuration.
#pragma once
#include <string>

namespace apps {

// The page of the run directory `run_dir`, built in memory from its files: the title (the directory's
// name); the provenance (the `# ` lines of run.ini, or of a merged sweep's information_plane.csv); the
// information plane drawn from information_plane.csv; the loss and accuracy curves of metrics.csv; with
// the geometry columns of `train --geometry`, one small figure per column against I(X;T); a table of the
// rows of the last sampled epoch; and run.ini (sweep.ini for a merged sweep) verbatim. No scripts, no
// links: the only URL is the SVG namespace. Throws std::runtime_error naming the path for a missing
// directory, a missing or bad CSV, or a directory with neither run.ini nor sweep.ini.
std::string report_html(const std::string& run_dir);

// Writes report_html(run_dir) to `out_path` (RUN_DIR/report.html when empty), atomically, and returns the
// path written. Nothing is written when building the page throws.
std::string write_report(const std::string& run_dir, const std::string& out_path = "");

}  // namespace apps
