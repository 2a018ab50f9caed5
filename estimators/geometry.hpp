// estimators/geometry.hpp — what a layer's activations look like as a point cloud, beside the mutual
// information. Geiger's review of the information-plane literature argues that the "compression" the
// binning and KDE estimators report is geometric: saturated units and shrinking, clustering clouds
// lower H(binned T) whatever the information. These four numbers let a run show that directly.
#pragma once
#include <string>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

struct LayerGeometry {
    // Fraction of the N x D activations at the ends of the non-linearity: |t| > 0.9 for tanh; t < 0.05 or
    // t > 0.95 for sigmoid and softmax; t <= 0 (an inactive unit) for relu. NaN for linear or unknown layers.
    double saturation = 0.0;
    // Mean Euclidean distance between two different rows (over at most `geometry_max_rows` evenly spaced rows).
    double mean_distance = 0.0;
    // Between-class over within-class scatter, sum_c n_c |mu_c - mu|^2 / sum_i |t_i - mu_(y_i)|^2
    // (the traces of Fisher's S_B and S_W). NaN without labels; +inf when every class is a single point.
    double class_separation = 0.0;
    // Roy & Vetterli's effective rank of the centred cloud: exp of the entropy of its normalised singular
    // values, between 1 (a line) and min(N, D) (a round cloud). 0 for a single point.
    double effective_rank = 0.0;
};

// The rows used for the mean distance: beyond this, evenly spaced rows (deterministic, no sampling noise
// between epochs; a 10,000-row probe would need 50 million distances).
inline constexpr std::size_t geometry_max_rows = 2000;

// The geometry of the activations T (N, D) of a layer with non-linearity `activation` ("tanh", "sigmoid",
// "relu", "softmax", "linear" or empty), with class labels when given (else class_separation is NaN).
LayerGeometry layer_geometry(const nn::Matrix& t, const std::vector<int>* labels, const std::string& activation);

// The CSV column names of LayerGeometry's fields, in declaration order, and their values in that order.
std::vector<std::string> geometry_column_names();
std::vector<double> geometry_values(const LayerGeometry& geometry);

}  // namespace estimators
