// apps/schedule.hpp — at which epochs a run records its layers. Epoch e means "at the start of
// epoch e": epoch 0 is the initialisation, epoch E (for E training epochs) the trained network.
#pragma once
#include <vector>

namespace apps {

// IDNNs' log-spaced epochs: unique(int(2 ** linspace(0, log2 E, n))) - 1 (numpy's logspace, base 2),
// with n the largest point count that gives `snapshots` distinct epochs. For E = 8000 and
// snapshots = 274 that is n = 400, exactly IDNNs' set (0 ... 7999). Sorted, within [0, E - 1].
// Throws std::invalid_argument when no point count gives exactly `snapshots` epochs.
std::vector<long> log_spaced_epochs(long epochs, long snapshots);

// 0, every, 2 * every, ... up to E, and E itself (the trained network) always.
std::vector<long> every_k_epochs(long epochs, long every);

}  // namespace apps
