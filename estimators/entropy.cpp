// estimators/entropy.cpp — grouping of identical rows by open-addressing hashing (collisions resolved by
// comparing the rows exactly), and plug-in entropies from the group sizes.
#include "estimators/entropy.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>

#include "nn/check.hpp"

namespace estimators {

namespace {

// Folds one 64-bit word into a running row hash; the final avalanche (MurmurHash3's fmix64) spreads
// every input bit over the low bits that pick the table slot.
std::uint64_t combine(std::uint64_t h, std::uint64_t word) {
    h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 32);
}

std::uint64_t finish_hash(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

// Groups rows 0..rows-1 given a row hash and an exact row comparison. The table is at most half full, so
// a lookup probes O(1) slots on average; two rows share a group only if same_rows() says so.
template <typename Hash, typename Same>
Grouping group_by_hash(std::size_t rows, const Hash& hash_row, const Same& same_rows) {
    NN_CHECK(rows < std::size_t(INT_MAX), "group_rows: " << rows << " rows do not fit int ids");
    std::size_t capacity = 16;
    while (capacity < 2 * rows) capacity *= 2;
    const std::size_t mask = capacity - 1;
    std::vector<int> table(capacity, -1);     // group id held by each slot, -1 = empty
    std::vector<std::uint64_t> group_hash;    // (G)
    std::vector<std::size_t> first_row;       // (G) the row that opened each group

    Grouping out;
    out.ids.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::uint64_t h = hash_row(r);
        std::size_t slot = h & mask;
        int id = table[slot];
        while (id >= 0 && !(group_hash[id] == h && same_rows(first_row[id], r))) {
            slot = (slot + 1) & mask;
            id = table[slot];
        }
        if (id < 0) {
            id = static_cast<int>(out.sizes.size());
            table[slot] = id;
            group_hash.push_back(h);
            first_row.push_back(r);
            out.sizes.push_back(0);
        }
        out.ids[r] = id;
        ++out.sizes[id];
    }
    return out;
}

// One term c_g log2 c_g of sum_g c_g log2 c_g, the part of an entropy that depends on the group sizes.
double sum_c_log2_c(double c) { return c * std::log2(c); }

// H = -sum_g (c_g / n) log2(c_g / n) = log2 n - (1/n) sum_g c_g log2 c_g: exact for uniform groups.
// One group of all n rows leaves log2 n - (n log2 n) / n, which rounding can put at -2e-15: an
// entropy is never negative, so that is 0.
double entropy_from(double sum_c_log_c, double n) { return std::max(0.0, std::log2(n) - sum_c_log_c / n); }

}  // namespace

Grouping group_rows(const Codes& codes) {
    NN_CHECK(codes.data.size() == codes.rows * codes.cols,
             "group_rows: codes hold " << codes.data.size() << " values, not " << codes.rows << " x "
                                       << codes.cols);
    const std::size_t cols = codes.cols;
    const std::int64_t* data = codes.data.data();
    return group_by_hash(
        codes.rows,
        [&](std::size_t r) {
            std::uint64_t h = cols;
            for (std::size_t c = 0; c < cols; ++c) h = combine(h, std::uint64_t(data[r * cols + c]));
            return finish_hash(h);
        },
        [&](std::size_t a, std::size_t b) {
            for (std::size_t c = 0; c < cols; ++c)
                if (data[a * cols + c] != data[b * cols + c]) return false;
            return true;
        });
}

Grouping group_rows(const nn::Matrix& matrix) {
    NN_CHECK(matrix.data.size() == matrix.rows * matrix.cols,
             "group_rows: matrix holds " << matrix.data.size() << " values, not " << matrix.rows << " x "
                                         << matrix.cols);
    const std::size_t cols = matrix.cols;
    for (std::size_t r = 0; r < matrix.rows; ++r)
        for (std::size_t c = 0; c < cols; ++c)
            NN_CHECK(!std::isnan(matrix.at(r, c)), "group_rows: value at row " << r << ", column " << c
                                                                            << " is NaN");
    return group_by_hash(
        matrix.rows,
        [&](std::size_t r) {
            std::uint64_t h = cols;
            for (std::size_t c = 0; c < cols; ++c) {
                const double v = matrix.at(r, c);
                h = combine(h, std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v));  // -0.0 hashes as 0.0
            }
            return finish_hash(h);
        },
        [&](std::size_t a, std::size_t b) {
            for (std::size_t c = 0; c < cols; ++c)
                if (matrix.at(a, c) != matrix.at(b, c)) return false;
            return true;
        });
}

Grouping group_ids(const std::vector<int>& ids) {
    // Labels and input ids are usually small non-negative integers: then a direct table replaces hashing.
    const auto [min, max] = std::minmax_element(ids.begin(), ids.end());
    if (!ids.empty() && *min >= 0 && std::size_t(*max) <= 2 * ids.size()) {
        std::vector<int> group_of(std::size_t(*max) + 1, -1);
        Grouping out;
        out.ids.resize(ids.size());
        for (std::size_t r = 0; r < ids.size(); ++r) {
            int& id = group_of[ids[r]];
            if (id < 0) {
                id = static_cast<int>(out.sizes.size());
                out.sizes.push_back(0);
            }
            out.ids[r] = id;
            ++out.sizes[id];
        }
        return out;
    }
    return group_by_hash(
        ids.size(), [&](std::size_t r) { return finish_hash(std::uint64_t(std::int64_t(ids[r]))); },
        [&](std::size_t a, std::size_t b) { return ids[a] == ids[b]; });
}

double entropy_bits(const Grouping& t) {
    NN_CHECK(!t.ids.empty(), "entropy_bits: no samples");
    double sum = 0.0;
    for (const std::size_t size : t.sizes) sum += sum_c_log2_c(double(size));
    return entropy_from(sum, double(t.ids.size()));
}

double conditional_entropy_bits(const Grouping& t, const Grouping& given) {
    const std::size_t n = t.ids.size();
    NN_CHECK(n > 0, "conditional_entropy_bits: no samples");
    NN_CHECK(given.ids.size() == n, "conditional_entropy_bits: " << n << " rows of T but "
                                                                << given.ids.size() << " conditioning ids");
    // Rows bucketed by their group in `given` (a counting sort: O(N + G)), so that each bucket's T
    // sizes are counted once; never a pass over all N rows per distinct value (IDNNs issue #3).
    std::vector<std::size_t> start(given.count() + 1, 0);
    for (std::size_t g = 0; g < given.count(); ++g) start[g + 1] = start[g] + given.sizes[g];
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    std::vector<int> t_by_bucket(n);
    for (std::size_t r = 0; r < n; ++r) t_by_bucket[next[given.ids[r]]++] = t.ids[r];

    std::vector<std::size_t> counts(t.count(), 0);
    std::vector<int> seen;  // the T groups met in the current bucket, to reset counts cheaply
    double h_bits = 0.0;
    for (std::size_t g = 0; g < given.count(); ++g) {
        for (std::size_t i = start[g]; i < start[g + 1]; ++i)
            if (counts[t_by_bucket[i]]++ == 0) seen.push_back(t_by_bucket[i]);
        double sum = 0.0;
        for (const int id : seen) {
            sum += sum_c_log2_c(double(counts[id]));
            counts[id] = 0;
        }
        seen.clear();
        const double n_g = double(given.sizes[g]);
        h_bits += n_g / double(n) * entropy_from(sum, n_g);  // p(g) H(T | G=g)
    }
    return h_bits;
}

double mutual_information_bits(const Grouping& t, const Grouping& given) {
    return entropy_bits(t) - conditional_entropy_bits(t, given);
}

}  // namespace estimators
