// apps/plot_run.cpp — a run's CSV to its SVG.
#include "apps/plot_run.hpp"

#include <filesystem>

#include "apps/csv.hpp"
#include "apps/ini.hpp"
#include "apps/run_directory.hpp"
#include "apps/svg_plot.hpp"

namespace apps {

namespace {

// run.ini's model; an autoencoder's i_ty_bits column holds I(T;X'). Runs without run.ini are classifiers.
bool is_autoencoder_run(const std::string& run_dir) {
    const std::string path = run_dir + "/run.ini";
    if (!std::filesystem::exists(path)) return false;
    for (const IniEntry& entry : read_ini(path))
        if (entry.key == "model") return entry.value == "autoencoder";
    return false;
}

}  // namespace

std::string plot_run(const std::string& run_dir) {
    const std::filesystem::path dir = std::filesystem::path(run_dir).lexically_normal();
    const CsvTable table = read_csv((dir / "information_plane.csv").string());
    PlotOptions options;
    options.title = dir.filename().string();
    if (options.title.empty()) options.title = dir.parent_path().filename().string();  // "runs/x/" -> "x"
    if (is_autoencoder_run(dir.string())) options.y_label = "I(T;X') [bits]";
    const std::string svg = information_plane_svg(table, options);
    const std::string path = (dir / "information_plane.svg").string();
    write_file_atomically(path, svg);
    return path;
}

}  // namespace apps
