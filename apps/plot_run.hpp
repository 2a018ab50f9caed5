// apps/plot_run.hpp — (re)drawing a run directory's figures from its CSV.
#pragma once
#include <string>

#include "apps/svg_plot.hpp"

namespace apps {

// Reads RUN_DIR/information_plane.csv and draws column y_column against x_column, one panel per
// (estimator, split) and one trail per layer, with plot_options(RUN_DIR, ...). The information plane itself
// (the default columns) goes to RUN_DIR/information_plane.svg, any other pair to
// RUN_DIR/<x_column>__<y_column>.svg (written atomically); returns the SVG's path. Throws
// std::runtime_error naming the file if the CSV or run.ini is missing or bad or has no such column.
std::string plot_run(const std::string& run_dir, const std::string& x_column = "i_xt_bits",
                     const std::string& y_column = "i_ty_bits");

// The options of RUN_DIR's figure of y_column against x_column: the directory's name as title, the axis
// labels (axis_label), and for an autoencoder's information plane (i_xt_bits against i_ty_bits) Tapia &
// Estévez's bisector and feasible region, bounded by H(X) = log2 N when run.ini fixes the probe's size N
// (probe_samples; without it the probe is a whole split, whose size the run directory does not record).
PlotOptions plot_options(const std::string& run_dir, const std::string& x_column = "i_xt_bits",
                         const std::string& y_column = "i_ty_bits");

// Whether RUN_DIR trained an autoencoder (run.ini's model; a merged sweep's first run), whose i_ty_bits
// column holds I(T;X'). A directory without run.ini is a classifier's.
bool is_autoencoder_run(const std::string& run_dir);

// The axis label of a column: "I(X;T) [bits]", "I(T;Y) [bits]" (an autoencoder's "I(T;X') [bits]"), and
// any other column (geometry, diagnostics) by its name.
std::string axis_label(const std::string& column, bool autoencoder);

}  // namespace apps
