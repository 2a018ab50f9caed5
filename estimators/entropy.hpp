// estimators/entropy.hpp — plug-in entropies of discrete variables, in bits: identical rows (bin
// patterns, inputs, labels) are grouped into dense ids by hashing, then H(T), H(T|Y) and I(X;T) follow
// from the group sizes. Everything is O(N D) expected time: no loop over samples per distinct value.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "nn/matrix.hpp"

namespace estimators {

// (N, D) integer codes, row-major: one discrete pattern per sample (e.g. the bin index of each unit).
struct Codes {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<std::int64_t> data;  // data[r * cols + c]
};

// Which rows are identical: ids[r] in [0, count()), equal ids <=> equal rows, numbered in order of
// first appearance; sizes[g] = the number of rows in group g.
struct Grouping {
    std::vector<int> ids;            // (N)
    std::vector<std::size_t> sizes;  // (G)
    std::size_t count() const { return sizes.size(); }
};

Grouping group_rows(const Codes& codes);
// Rows of doubles compared exactly (0.0 and -0.0 are equal); NaN is rejected, naming row and column.
// This turns the inputs X into input ids.
Grouping group_rows(const nn::Matrix& matrix);
// Any integer labels or ids (need not be dense or start at 0).
Grouping group_ids(const std::vector<int>& ids);

// H(T) = -sum_t p(t) log2 p(t), p(t) = sizes[t] / N.
double entropy_bits(const Grouping& t);
// H(T|G) = sum_g p(g) H(T | G=g); t and given describe the same N rows.
double conditional_entropy_bits(const Grouping& t, const Grouping& given);
// I(T;G) = H(T) - H(T|G), e.g. I(X;T) with G the input ids, I(T;Y) with G the labels.
double mutual_information_bits(const Grouping& t, const Grouping& given);

}  // namespace estimators
