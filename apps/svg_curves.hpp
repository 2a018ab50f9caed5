// apps/svg_curves.hpp — the training curves of a run: metrics.csv in, one SVG with the loss and the accuracy
// against the epoch, one line per split (and per seed and grid point in a merged sweep).
#pragma once
#include <string>
#include <vector>

#include "apps/csv.hpp"

namespace apps {

// One line of the chart: the rows of metrics.csv that agree on every column but epoch, loss and accuracy.
struct CurveSeries {
    std::string label;            // "train"; in a merged sweep "seed=2, train" (the other columns as name=value)
    std::vector<double> epochs;   // in the order of the file
    std::vector<double> loss;     // NaN where the field is empty
    std::vector<double> accuracy; // NaN where the field is empty (e.g. an autoencoder has none)
};

// The series of a metrics table, in order of first appearance. Throws std::runtime_error naming the file
// when the columns epoch, loss or accuracy are missing, there are no rows, or a value is not a number.
std::vector<CurveSeries> collect_curves(const CsvTable& metrics);

// The chart: two panels side by side, "Loss" (y from 0, or lower if a loss is negative, to a nice tick
// above the largest) and "Accuracy" (y from 0 to 1), sharing the epoch axis. Each series is a polyline in
// its own colour through markers that carry a tooltip "LABEL: epoch E, loss L"; empty values break no line,
// they are left out. A legend of the series is drawn below the panels. The same table gives the same bytes.
// A self-contained SVG document (no scripts, no links); throws as collect_curves does.
std::string training_curves_svg(const CsvTable& metrics, const std::string& title = "");

}  // namespace apps
