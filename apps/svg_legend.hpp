// apps/svg_legend.hpp — the right-hand column of the information-plane figure: the legend of layer marker
// shapes and the vertical colour bar "Epoch" on the gnuplot colormap.
#pragma once
#include <string>

#include "apps/plane_points.hpp"

namespace apps {

struct SideColumn {
    std::string defs;      // a <defs> element (the colour bar's gradient) to place before the drawing
    std::string elements;  // the legend and the colour bar
    double width = 0.0;    // estimated width in px, from `left`
    double bottom = 0.0;   // y of the lowest element
};

// The column with its top-left corner at (left, top); the colour bar ends at `bottom` (the lowest plot's
// bottom edge) if that leaves it 100 to 240 px tall.
SideColumn draw_side_column(const PlaneData& data, double left, double top, double bottom);

}  // namespace apps
