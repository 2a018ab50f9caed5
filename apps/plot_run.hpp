// apps/plot_run.hpp — (re)drawing a run directory's information_plane.svg from its CSV.
#pragma once
#include <string>

namespace apps {

// Reads RUN_DIR/information_plane.csv and writes RUN_DIR/information_plane.svg (atomically);
// returns the SVG's path. Throws std::runtime_error naming the file if the CSV is missing or bad.
std::string plot_run(const std::string& run_dir);

}  // namespace apps
