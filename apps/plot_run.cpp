// apps/plot_run.cpp — a run's CSV to its SVG.
#include "apps/plot_run.hpp"

#include <filesystem>

#include "apps/csv.hpp"
#include "apps/run_directory.hpp"
#include "apps/svg_plot.hpp"

namespace apps {

std::string plot_run(const std::string& run_dir) {
    const CsvTable table = read_csv(run_dir + "/information_plane.csv");
    PlotOptions options;
    options.title = std::filesystem::path(run_dir).lexically_normal().filename().string();
    if (options.title.empty()) options.title = std::filesystem::path(run_dir).lexically_normal().parent_path().filename().string();
    const std::string svg = information_plane_svg(table, options);
    const std::string path = run_dir + "/information_plane.svg";
    write_file_atomically(path, svg);
    return path;
}

}  // namespace apps
