// datasets/saxe_split.cpp — the one published SZT train/test split, embedded so that the executable needs
// no data files. Source: deep-bottleneck's copy of Saxe et al.'s split file
// (neuroinfo-os/deep-bottleneck, deep_bottleneck/datasets/IB_data_2017_12_21_16_51_3_275766.npz), packed as
// the 4096-bit training mask of /work/shared/data/szt/saxe_split_train_mask_hex.txt (see the README there).
#include "datasets/saxe_split.hpp"

#include <string_view>

namespace datasets {

namespace {

// Hex char j holds patterns 4j..4j+3, the first pattern in the high bit; a set bit is a training row.
constexpr std::string_view kTrainMaskHex =
    "effafefebe5bffe7bed7bb6fe746ffdbfbdffff3afffdff7ffbf75b6dddd3fff"
    "f7fe6bcbf7affbfdff5fefd7f9b7c7ffaeebe7fff47ffef7f46cf7f7ebbaffbf"
    "dffffdefc7d9dbfea37faa7d77efbffcfdf57fefffbfdbbf7fffc8ffefbf7fef"
    "9edb7aefffffdfbeb535ebf23bfffdf6ebf7bbdfefebf7f3df6f77fffff4f5ff"
    "f7bfcfffef1ffdebfdeefd7f5ffdffb3efab7659bcfffe7efffbffdffef1bf4a"
    "69efffbd7fdafff7dbfebbb5f64baafd5d7ebaeefbfb73fbffef7ca51b6fbbef"
    "68f6ebf7bffbdfffbffffeffedbe00f5fefbf7fb6fefc67e2fffff7bbbbf75e5"
    "fff7bf93bfbfbcf49dfa7ddfd79fdf6bfd5bdfeb9d3cebdb74fbfdf66fffdf98"
    "be7ff67c2dfbfff5fef7f7ffff42ff3fdbfcffeffed1ffe9fffff7f8eef9fffd"
    "e3dd7ff1bfeff7effb3bfdf9ffdf77beff7ffffefb7def7fe57f5ffb3fffffef"
    "fff1fffdf97fccfeeffdffa7b6eebdd5f9ffdf7eb7fefffd7fff7fffffbd97ff"
    "f7a3ff7efeffdfeaff5ffffd9dbb9fdfff7ff7f77f3fd3fdf63f7ebddff9ee5c"
    "853df7cfa7f6ff6ffffd3dfffdff7f5f7ffeee7efd2fdfdeffdf59fbfff651b8"
    "f5fdfdfffeb7fbbe7fbff6bfebabedefc7fffffbeaefff7efe1bf7fff5f7e7fa"
    "fbdfdf5fefdffd97fdf30ff9dfadb7fdafffa7bdddfffd2bd3dfffefffdff8ef"
    "3dfb7bfff9ffbfffafbeefbfbdffbdffbaedfc73f3ff3fffffddbdfdbfbd7ff4";

static_assert(kTrainMaskHex.size() * 4 == kSaxeSplitRows);

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

}  // namespace

std::vector<bool> saxe_train_mask() {
    std::vector<bool> mask(kSaxeSplitRows);
    for (std::size_t i = 0; i < kSaxeSplitRows; ++i)
        mask[i] = (hex_value(kTrainMaskHex[i / 4]) >> (3 - i % 4)) & 1;
    return mask;
}

}  // namespace datasets
