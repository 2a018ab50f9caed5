// apps/plane_points.hpp — the rows of an information_plane.csv grouped the way the plot draws them: one panel
// per (estimator, split), in each a trail per layer in epoch order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "apps/csv.hpp"

namespace apps {

struct PlanePoint {
    std::int64_t epoch = 0;
    double x = 0.0;  // e.g. I(X;T) in bits
    double y = 0.0;  // e.g. I(T;Y) in bits
    std::size_t seeds = 1;  // a mean over seeds: how many seeds had this epoch
    double y_std = 0.0;     // a mean over seeds: the standard deviation of y over them (0 for one seed)
};

struct LayerTrail {
    std::size_t layer = 0;           // index into PlaneData::layers
    std::vector<PlanePoint> points;  // ascending epoch (ties keep file order); never empty
    // With a `seed` column (a merge of repeats): `points` are the means over the seeds at each epoch, and
    // seed_trails each seed's own trail (ascending seed), drawn faintly behind. Empty without seeds.
    std::vector<std::vector<PlanePoint>> seed_trails;
};

struct PlanePanel {
    std::string estimator;
    std::string split;
    std::size_t estimator_index = 0;  // index into PlaneData::estimators
    std::size_t split_index = 0;      // index into PlaneData::splits
    std::vector<LayerTrail> trails;   // ascending layer; only layers with at least one point
    std::size_t rows = 0;             // rows of the table in this panel
    std::size_t missing_x = 0;        // rows not drawn because their x is empty (not estimated)
    std::size_t missing_y = 0;        // rows not drawn because their y is empty
};

struct PlaneData {
    std::vector<std::string> estimators;   // in order of first appearance
    std::vector<std::string> splits;       // in order of first appearance
    std::vector<PlanePanel> panels;        // one per (estimator, split) present, by (estimator, split) index
    std::vector<std::int64_t> layers;      // the distinct values of column "layer", ascending
    std::vector<std::string> layer_names;  // per layer: its first "layer_name", or "layer <k>" without one
    std::int64_t first_epoch = 0;          // over all rows
    std::int64_t last_epoch = 0;
    std::size_t seeds = 0;                 // distinct values of column "seed"; 0 without that column
};

// Reads columns epoch, layer, estimator, split, x_column, y_column (and layer_name, seed when present).
// With a `seed` column (from `infoplane merge`), each layer's trail is the mean over seeds: at every
// epoch, the mean x and mean y of the seeds that have both there (ibsgd's README: single runs vary a
// lot). Columns before "epoch" other than "seed" are a sweep's grid, which the mean must not mix: an error.
// An empty or NaN x or y was not estimated: the row is counted in missing_x / missing_y and not drawn.
// Throws std::runtime_error naming the file: a missing column, no rows, an epoch or layer that is not an
// integer, an x or y that is neither empty nor a number, or is infinite.
PlaneData collect_plane_points(const CsvTable& table, const std::string& x_column, const std::string& y_column);

}  // namespace apps
