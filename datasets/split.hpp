// datasets/split.hpp — train/test splits of a Dataset: IDNNs' first rows, Saxe et al.'s published mask,
// and a seeded stratified random split. Every Split lists row indices in increasing order.
#pragma once
#include <string>

#include "datasets/dataset.hpp"
#include "nn/rng.hpp"

namespace datasets {

// train = rows 0 .. n_train-1, test = the rest, n_train = rint(train_fraction * N) (round half to even, as
// np.rint in IDNNs; 0.8 of 4096 gives 3277). IDNNs does not shuffle by default (peers.md section 1).
Split split_idnns(const Dataset& data, double train_fraction = 0.8);

// The published SZT mask (3277 train / 819 test, deep-bottleneck's copy of Saxe et al.'s split).
// Only for a 4096-row dataset in SZT pattern order.
Split split_saxe(const Dataset& data);

// Stratified by label: for each class in increasing label order, its rows shuffled with rng, and the first
// rint(train_fraction * class_size) of them train. The same seed gives the same split.
Split split_random(const Dataset& data, double train_fraction, nn::Rng& rng);

// kind "idnns", "saxe" or "random". train_fraction must lie in (0, 1); "saxe" is fixed at 3277 of 4096
// rows, so it accepts only a fraction that rounds to that (0.8). rng is drawn from by "random" only.
// Throws std::invalid_argument for an unknown kind (listing the known ones) or a bad fraction.
Split make_split(const std::string& kind, const Dataset& data, double train_fraction, nn::Rng& rng);

}  // namespace datasets
