// apps/plot_run.cpp — a run's CSV to its SVG.
#include "apps/plot_run.hpp"

#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "apps/csv.hpp"
#include "apps/ini.hpp"
#include "apps/run_directory.hpp"
#include "apps/sweep.hpp"

namespace apps {

namespace {

// The run.ini that describes RUN_DIR: its own, or for a merged sweep (sweep.ini) its first run's. Empty
// when there is none.
std::string run_ini_path(const std::string& run_dir) {
    std::string path = run_dir + "/run.ini";
    if (std::filesystem::exists(run_dir + "/sweep.ini"))
        path = run_dir + "/" + expand_sweep(read_sweep_manifest(run_dir + "/sweep.ini")).front().name + "/run.ini";
    return std::filesystem::exists(path) ? path : std::string();
}

// The value of `key` in RUN_DIR's run.ini, if both exist.
std::optional<std::string> run_ini_value(const std::string& run_dir, const std::string& key) {
    const std::string path = run_ini_path(run_dir);
    if (path.empty()) return std::nullopt;
    for (const IniEntry& entry : read_ini(path))
        if (entry.key == key) return entry.value;
    return std::nullopt;
}

// H(X) = log2 N bits of a probe of N distinct rows (its upper bound under every estimator here), N from
// run.ini's probe_samples; 0 (unknown) without it.
double probe_entropy_bits(const std::string& run_dir) {
    const std::optional<std::string> value = run_ini_value(run_dir, "probe_samples");
    if (!value) return 0.0;
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(*value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != value->size() || n < 0)
        throw std::runtime_error(run_ini_path(run_dir) + ": probe_samples '" + *value + "' is not a count");
    return n > 0 ? std::log2(static_cast<double>(n)) : 0.0;
}

}  // namespace

// run.ini's model; an autoencoder's i_ty_bits column holds I(T;X'). A merged sweep (sweep.ini) takes the
// model of its first run. Runs without run.ini are classifiers.
bool is_autoencoder_run(const std::string& run_dir) { return run_ini_value(run_dir, "model") == "autoencoder"; }

// The axis label of a column: the information quantities by name and unit, any other column as it is
// called (the geometry columns, an estimator's diagnostics).
std::string axis_label(const std::string& column, bool autoencoder) {
    if (column == "i_xt_bits") return "I(X;T) [bits]";
    if (column == "i_ty_bits") return autoencoder ? "I(T;X') [bits]" : "I(T;Y) [bits]";
    return column;
}

PlotOptions plot_options(const std::string& run_dir, const std::string& x_column, const std::string& y_column) {
    const std::filesystem::path dir = std::filesystem::path(run_dir).lexically_normal();
    const bool autoencoder = is_autoencoder_run(dir.string());
    PlotOptions options;
    options.title = dir.filename().string();
    if (options.title.empty()) options.title = dir.parent_path().filename().string();  // "runs/x/" -> "x"
    options.x_column = x_column;
    options.y_column = y_column;
    options.x_label = axis_label(x_column, autoencoder);
    options.y_label = axis_label(y_column, autoencoder);
    options.feasible_region = autoencoder && x_column == "i_xt_bits" && y_column == "i_ty_bits";
    if (options.feasible_region) options.h_x_bits = probe_entropy_bits(dir.string());
    return options;
}

std::string plot_run(const std::string& run_dir, const std::string& x_column, const std::string& y_column) {
    const std::filesystem::path dir = std::filesystem::path(run_dir).lexically_normal();
    const CsvTable table = read_csv((dir / "information_plane.csv").string());
    const std::string svg = information_plane_svg(table, plot_options(dir.string(), x_column, y_column));
    const bool plane = x_column == "i_xt_bits" && y_column == "i_ty_bits";
    const std::string path = (dir / (plane ? "information_plane.svg" : x_column + "__" + y_column + ".svg")).string();
    write_file_atomically(path, svg);
    return path;
}

}  // namespace apps
