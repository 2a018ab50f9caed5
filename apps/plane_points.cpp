// apps/plane_points.cpp — groups information-plane rows into panels and per-layer trails (see plane_points.hpp).
#include "apps/plane_points.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

namespace apps {

namespace {

// The field at (row, column) as a number, nullopt when empty or NaN (not estimated); infinities are errors.
std::optional<double> plane_value(const CsvTable& table, std::size_t row, std::size_t column) {
    const std::optional<double> value = table.optional_number(row, column);
    if (value && std::isinf(*value))
        throw std::runtime_error(table.path + ":" + std::to_string(table.rows[row].line) + ": column '" +
                                 table.header[column] + "': '" + table.rows[row].fields[column] +
                                 "' is not finite and cannot be plotted");
    if (value && std::isnan(*value)) return std::nullopt;
    return value;
}

// Position of `value` in `list`, appending it when new.
std::size_t index_of(std::vector<std::string>& list, const std::string& value) {
    const auto found = std::find(list.begin(), list.end(), value);
    if (found != list.end()) return static_cast<std::size_t>(found - list.begin());
    list.push_back(value);
    return list.size() - 1;
}

// The mean trail of several seeds' trails: at each epoch, mean x and mean y over the seeds there, and the
// sample standard deviation of y (n - 1 in the denominator; 0 for a single seed).
std::vector<PlanePoint> mean_trail(const std::vector<std::vector<PlanePoint>>& seed_trails) {
    std::map<std::int64_t, std::vector<const PlanePoint*>> by_epoch;
    for (const auto& trail : seed_trails)
        for (const PlanePoint& p : trail) by_epoch[p.epoch].push_back(&p);
    std::vector<PlanePoint> means;
    for (const auto& [epoch, points] : by_epoch) {
        const double n = static_cast<double>(points.size());
        double x = 0.0, y = 0.0, squares = 0.0;
        for (const PlanePoint* p : points) x += p->x, y += p->y;
        x /= n;
        y /= n;
        for (const PlanePoint* p : points) squares += (p->y - y) * (p->y - y);
        means.push_back({epoch, x, y, points.size(), points.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0});
    }
    return means;
}

// A merge of a sweep with a grid has its keys before "epoch": a mean over those would mix configurations.
void require_one_configuration(const CsvTable& table) {
    const std::size_t epoch_col = table.column("epoch");
    for (std::size_t c = 0; c < epoch_col; ++c)
        if (table.header[c] != "seed")
            throw std::runtime_error(table.path + ": column '" + table.header[c] +
                                     "' is a sweep's grid; the plot averages over seeds of one configuration, "
                                     "so plot each run directory of the sweep instead");
}

}  // namespace

PlaneData collect_plane_points(const CsvTable& table, const std::string& x_column, const std::string& y_column) {
    const std::size_t epoch_col = table.column("epoch");
    const std::size_t layer_col = table.column("layer");
    const std::size_t estimator_col = table.column("estimator");
    const std::size_t split_col = table.column("split");
    const std::size_t x_col = table.column(x_column);
    const std::size_t y_col = table.column(y_column);
    const bool has_names = table.has_column("layer_name");
    const std::size_t name_col = has_names ? table.column("layer_name") : 0;
    const bool has_seeds = table.has_column("seed");
    const std::size_t seed_col = has_seeds ? table.column("seed") : 0;
    if (has_seeds) require_one_configuration(table);
    if (table.rows.empty()) throw std::runtime_error(table.path + ": no rows to plot");

    PlaneData data;
    std::map<std::int64_t, std::string> names;                        // layer -> first name
    std::map<std::pair<std::size_t, std::size_t>, PlanePanel> panels;  // (row, column) -> panel
    // (row, column) -> layer -> seed (0 without seeds) -> points
    std::map<std::pair<std::size_t, std::size_t>, std::map<std::int64_t, std::map<std::int64_t, std::vector<PlanePoint>>>>
        trails;
    std::set<std::int64_t> seeds;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const std::int64_t epoch = table.integer(r, epoch_col);
        const std::int64_t layer = table.integer(r, layer_col);
        const std::optional<double> x = plane_value(table, r, x_col);
        const std::optional<double> y = plane_value(table, r, y_col);
        data.first_epoch = r == 0 ? epoch : std::min(data.first_epoch, epoch);
        data.last_epoch = r == 0 ? epoch : std::max(data.last_epoch, epoch);
        names.emplace(layer, has_names ? table.rows[r].fields[name_col] : std::string());
        const std::int64_t seed = has_seeds ? table.integer(r, seed_col) : 0;
        if (has_seeds) seeds.insert(seed);

        const std::pair cell{index_of(data.estimators, table.rows[r].fields[estimator_col]),
                             index_of(data.splits, table.rows[r].fields[split_col])};
        PlanePanel& panel = panels[cell];
        panel.estimator_index = cell.first;
        panel.split_index = cell.second;
        ++panel.rows;
        // A quantity that was not estimated leaves the point without a place.
        if (!x) ++panel.missing_x;
        if (!y) ++panel.missing_y;
        if (x && y) trails[cell][layer][seed].push_back({epoch, *x, *y});
    }

    for (const auto& [layer, name] : names) {
        data.layers.push_back(layer);
        data.layer_names.push_back(name.empty() ? "layer " + std::to_string(layer) : name);
    }
    for (auto& [cell, panel] : panels) {
        panel.estimator = data.estimators[cell.first];
        panel.split = data.splits[cell.second];
        for (auto& [layer, by_seed] : trails[cell]) {
            const auto position = std::lower_bound(data.layers.begin(), data.layers.end(), layer);
            LayerTrail trail{static_cast<std::size_t>(position - data.layers.begin()), {}, {}};
            for (auto& [seed, points] : by_seed) {
                std::stable_sort(points.begin(), points.end(),
                                 [](const PlanePoint& a, const PlanePoint& b) { return a.epoch < b.epoch; });
                if (has_seeds) trail.seed_trails.push_back(std::move(points));
                else trail.points = std::move(points);
            }
            if (has_seeds) trail.points = mean_trail(trail.seed_trails);
            panel.trails.push_back(std::move(trail));
        }
        data.panels.push_back(std::move(panel));
    }
    data.seeds = seeds.size();
    return data;
}

}  // namespace apps
