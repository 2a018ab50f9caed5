// datasets/export.hpp — a Dataset as CSV text, one row per pattern (`infoplane dataset szt --csv FILE`).
#pragma once
#include <ostream>

#include "datasets/dataset.hpp"

namespace datasets {

// Header `b0,...,b{D-1},label` when every input value is 0 or 1 (SZT), `x0,...,x{D-1},label` otherwise;
// then one line per row: its D inputs (flattened, C*H*W for images) and its label. Numbers are the
// shortest text that reads back to the same float (std::to_chars), so 0/1 inputs print as 0 and 1.
// Writes only; the caller opens and checks the stream.
void write_dataset_csv(const Dataset& data, std::ostream& out);

}  // namespace datasets
