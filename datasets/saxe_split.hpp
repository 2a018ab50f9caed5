// datasets/saxe_split.hpp — the published SZT train/test mask used by Saxe et al. (2018), built in.
#pragma once
#include <cstddef>
#include <vector>

namespace datasets {

inline constexpr std::size_t kSaxeSplitRows = 4096;

// (4096) mask[i] is true iff SZT pattern i is a training row: 3277 training rows, 819 test rows.
std::vector<bool> saxe_train_mask();

}  // namespace datasets
