// apps/plot_run.cpp — a run's CSV to its SVG.
#include "apps/plot_run.hpp"

#include <filesystem>

#include "apps/csv.hpp"
#include "apps/ini.hpp"
#include "apps/run_directory.hpp"
#include "apps/svg_plot.hpp"
#include "apps/sweep.hpp"

namespace apps {

// run.ini's model; an autoencoder's i_ty_bits column holds I(T;X'). A merged sweep (sweep.ini) takes the
// model of its first run. Runs without run.ini are classifiers.
bool is_autoencoder_run(const std::string& run_dir) {
    std::string path = run_dir + "/run.ini";
    if (std::filesystem::exists(run_dir + "/sweep.ini"))
        path = run_dir + "/" + expand_sweep(read_sweep_manifest(run_dir + "/sweep.ini")).front().name + "/run.ini";
    if (!std::filesystem::exists(path)) return false;
    for (const IniEntry& entry : read_ini(path))
        if (entry.key == "model") return entry.value == "autoencoder";
    return false;
}

// The axis label of a column: the information quantities by name and unit, any other column as it is
// called (the geometry columns, an estimator's diagnostics).
std::string axis_label(const std::string& column, bool autoencoder) {
    if (column == "i_xt_bits") return "I(X;T) [bits]";
    if (column == "i_ty_bits") return autoencoder ? "I(T;X') [bits]" : "I(T;Y) [bits]";
    return column;
}

std::string plot_run(const std::string& run_dir, const std::string& x_column, const std::string& y_column) {
    const std::filesystem::path dir = std::filesystem::path(run_dir).lexically_normal();
    const CsvTable table = read_csv((dir / "information_plane.csv").string());
    const bool autoencoder = is_autoencoder_run(dir.string());
    PlotOptions options;
    options.title = dir.filename().string();
    if (options.title.empty()) options.title = dir.parent_path().filename().string();  // "runs/x/" -> "x"
    options.x_column = x_column;
    options.y_column = y_column;
    options.x_label = axis_label(x_column, autoencoder);
    options.y_label = axis_label(y_column, autoencoder);
    const std::string svg = information_plane_svg(table, options);
    const bool plane = x_column == "i_xt_bits" && y_column == "i_ty_bits";
    const std::string path = (dir / (plane ? "information_plane.svg" : x_column + "__" + y_column + ".svg")).string();
    write_file_atomically(path, svg);
    return path;
}

}  // namespace apps
