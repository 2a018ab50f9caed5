// apps/svg_plot.hpp — the information-plane figure of a run: information_plane.csv in, one self-contained SVG
// document out (no scripts, no external fonts or links), as `infoplane plot RUN_DIR` writes it.
#pragma once
#include <string>

#include "apps/csv.hpp"

namespace apps {

struct PlotOptions {
    std::string x_column = "i_xt_bits";
    std::string y_column = "i_ty_bits";     // for an autoencoder, the column of I(T;X')
    std::string x_label = "I(X;T) [bits]";
    std::string y_label = "I(T;Y) [bits]";  // its part before " [" names the quantity in "... not estimated"
    std::string title;                      // e.g. the run directory's name; no title line when empty
    double panel_width = 360.0;             // each panel's plotting area (inside the axes) in px, >= 120
    double panel_height = 300.0;            // >= 100
    // Tapia & Estévez's plane of an autoencoder (svg_feasible_region.hpp): both axes share one range, which
    // also covers [0, h_x_bits] when the data reach half of h_x_bits, and every panel draws the bisector
    // y = x and shades the feasible region y <= x <= H(X). h_x_bits is H(X) = log2 N of the probe, 0 when
    // unknown (no H(X) bound drawn).
    bool feasible_region = false;
    double h_x_bits = 0.0;
};

// The figure: one panel per (estimator, split) pair in the table, in a grid of one row per estimator and one
// column per split (with a single split, up to 3 estimators side by side, then more rows); the panels of
// one estimator share both axes. In a panel every layer is a trail of its points in epoch
// order joined by a thin line; a marker's fill is its epoch on the "gnuplot" colormap (linear from the first to
// the last sampled epoch of the table), its shape is its layer's; the last epoch of each layer is drawn larger
// with a heavy outline. Axes start at 0 (lower if the data are negative) and end at a nice tick covering the
// data. At the right: the legend of layer shapes and the colour bar "Epoch". Rows whose x or y is empty are not
// drawn (the panel says how many; "I(T;Y) not estimated" when none could be). Each marker carries a tooltip.
// A table with a `seed` column (a merge of repeats) draws each layer's mean over the seeds as its trail,
// each seed's own trail faintly behind it, and a vertical bar of +-1 standard deviation of y over the seeds
// at each mean point (collect_plane_points); the title says how many seeds. The same table and options give
// the same bytes. Throws std::runtime_error naming the file for a missing
// column, no rows or a bad value (see collect_plane_points), std::invalid_argument for a panel size too small.
std::string information_plane_svg(const CsvTable& table, const PlotOptions& options = {});

}  // namespace apps
