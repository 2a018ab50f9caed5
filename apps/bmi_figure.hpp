// apps/bmi_figure.hpp — the known-MI benchmark as an SVG heat map, as Czyż et al. draw theirs: one row per
// estimator, one column per task, each cell the mean estimate (bits) coloured by how far it is from the truth.
#pragma once
#include <string>
#include <vector>

#include "apps/bmi_suite.hpp"

namespace apps {

// The heat map of `rows` (run_bmi_suite's); a row label is the spec cut to 40 characters (the full spec on
// hover). The header row gives each task's true MI; a cell shows the mean
// estimate at the largest N that estimator ran (the row label gives that N), coloured by log2(estimate /
// truth) on a diverging scale clamped to [-1, 1]: white where they agree, blue below (underestimate), red
// above; a '*' marks a cell run at a smaller N than its row's (bmi_runs), a grey cell one not run at all;
// a hover title adds N and the standard deviation. Throws std::invalid_argument on no rows.
std::string bmi_heatmap_svg(const std::vector<BmiRow>& rows);

}  // namespace apps
