// datasets/szt.hpp — the SZT data set of Shwartz-Ziv & Tishby (2017): all 4096 12-bit patterns and the
// binary label of their icosahedral rule, generated here (never downloaded).
#pragma once
#include "datasets/dataset.hpp"

namespace datasets {

// x (4096, 12) of 0/1 floats, row i = the bits of i, most significant first; y (4096) in {0, 1},
// 2118 ones; input_id[i] = i; num_classes 2; name "szt". Equal to var_u.mat of the IDNNs repository.
Dataset make_szt();

}  // namespace datasets
