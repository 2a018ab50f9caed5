// apps/plot_run.hpp — (re)drawing a run directory's figures from its CSV.
#pragma once
#include <string>

namespace apps {

// Reads RUN_DIR/information_plane.csv and draws column y_column against x_column, one panel per
// (estimator, split) and one trail per layer. The information plane itself (the default columns) goes to
// RUN_DIR/information_plane.svg, any other pair to RUN_DIR/<x_column>__<y_column>.svg (written atomically);
// returns the SVG's path. Throws std::runtime_error naming the file if the CSV is missing or bad or has no
// such column.
std::string plot_run(const std::string& run_dir, const std::string& x_column = "i_xt_bits",
                     const std::string& y_column = "i_ty_bits");

// Whether RUN_DIR trained an autoencoder (run.ini's model; a merged sweep's first run), whose i_ty_bits
// column holds I(T;X'). A directory without run.ini is a classifier's.
bool is_autoencoder_run(const std::string& run_dir);

// The axis label of a column: "I(X;T) [bits]", "I(T;Y) [bits]" (an autoencoder's "I(T;X') [bits]"), and
// any other column (geometry, diagnostics) by its name.
std::string axis_label(const std::string& column, bool autoencoder);

}  // namespace apps
