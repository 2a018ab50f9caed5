// datasets/idx.hpp — reading and writing IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST),
// raw or gzip-compressed. Format: bytes 0 0, a dtype byte (0x08 = unsigned byte), the number of dimensions,
// then each dimension as a big-endian uint32, then the data in C order. http://yann.lecun.com/exdb/mnist/
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace datasets {

// An IDX array: its dimensions, outermost first, and dims[0] * dims[1] * ... bytes in C order.
struct IdxArray {
    std::vector<std::size_t> dims;
    std::vector<std::uint8_t> data;
};

// The largest data size read_idx accepts: 2 GiB (the MNIST training images take 47 MB).
inline constexpr std::uint64_t kIdxMaxDataBytes = std::uint64_t(1) << 31;

// Reads PATH, gzip-compressed or not (told by its content, not its name). Throws
// std::runtime_error("PATH: what is wrong") for: a missing or unreadable file, magic bytes other than 0 0, a
// dtype other than 0x08 (unsupported), 0 or more than 4 dimensions, a zero dimension, a declared size that
// overflows or exceeds kIdxMaxDataBytes (rejected before anything is allocated), a header or data cut short,
// bytes after the data, and gzip data that is corrupt or truncated.
IdxArray read_idx(const std::string& path);

// Writes PATH.tmp (gzip-compressed when PATH ends in ".gz") and renames it to PATH, so a failed write never
// leaves a partial PATH. The array must have 1 to 4 non-zero dimensions, each below 2^32, and exactly
// their product of bytes (std::invalid_argument otherwise).
void write_idx(const std::string& path, const IdxArray& array);

}  // namespace datasets
