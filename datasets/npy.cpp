// datasets/npy.cpp — .npy reading (the declared size is checked against the file size before anything is
// allocated) and writing (numpy's exact bytes, through a temporary file and a rename).
#include "datasets/npy.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "datasets/npy_header.hpp"
#include "nn/check.hpp"

namespace datasets {

// Values are copied between the file and memory as they are; '>' data is byte-swapped on reading.
static_assert(std::endian::native == std::endian::little, "the .npy code assumes a little-endian host");
static_assert(sizeof(int) == 4 && sizeof(float) == 4 && sizeof(double) == 8);

namespace {

// An array as read: shape, dtype, and the values in C order converted to double.
struct NpyArray {
    std::vector<std::size_t> shape;
    NpyDtype dtype;
    std::vector<double> values;
};

std::runtime_error file_error(const std::string& path, const std::string& what) {
    return std::runtime_error(path + ": " + what);
}

std::string number_text(double v) {
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
}

// `count` items of type T at `bytes`, each byte-swapped first when `swap`, as doubles.
template <class T>
void convert(const char* bytes, std::size_t count, bool swap, double* out) {
    for (std::size_t i = 0; i < count; ++i) {
        char item[sizeof(T)];
        std::memcpy(item, bytes + i * sizeof(T), sizeof(T));
        if (swap) std::reverse(item, item + sizeof(T));
        T value;
        std::memcpy(&value, item, sizeof(T));
        out[i] = double(value);
    }
}

template <class Signed, class Unsigned>
void convert_integer(const NpyDtype& dtype, const char* bytes, std::size_t count, double* out) {
    if (dtype.kind == 'i')
        convert<Signed>(bytes, count, dtype.big_endian, out);
    else
        convert<Unsigned>(bytes, count, dtype.big_endian, out);
}

void convert_items(const NpyDtype& dtype, const char* bytes, std::size_t count, double* out) {
    if (dtype.kind == 'b') {
        for (std::size_t i = 0; i < count; ++i) out[i] = bytes[i] != 0 ? 1.0 : 0.0;
    } else if (dtype.kind == 'f') {
        if (dtype.item_size == 4)
            convert<float>(bytes, count, dtype.big_endian, out);
        else
            convert<double>(bytes, count, dtype.big_endian, out);
    } else if (dtype.item_size == 1) {
        convert_integer<std::int8_t, std::uint8_t>(dtype, bytes, count, out);
    } else if (dtype.item_size == 2) {
        convert_integer<std::int16_t, std::uint16_t>(dtype, bytes, count, out);
    } else if (dtype.item_size == 4) {
        convert_integer<std::int32_t, std::uint32_t>(dtype, bytes, count, out);
    } else {
        convert_integer<std::int64_t, std::uint64_t>(dtype, bytes, count, out);
    }
}

// Bytes taken by the data of `shape`, or nothing when that does not fit in 64 bits.
std::optional<std::uintmax_t> data_bytes(const std::vector<std::size_t>& shape, std::size_t item_size) {
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
    std::uintmax_t bytes = item_size;
    for (std::size_t d : shape) {
        if (bytes > UINTMAX_MAX / d) return std::nullopt;
        bytes *= d;
    }
    return bytes;
}

// The preamble (magic, version, header length), the header, then the data, which must fill the rest of
// the file exactly.
NpyArray read_npy(const std::string& path) {
    std::error_code ec;
    const std::uintmax_t file_size = std::filesystem::file_size(path, ec);
    if (ec) throw file_error(path, "cannot read: " + ec.message());
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path, std::string("cannot open: ") + std::strerror(errno));

    unsigned char preamble[12] = {};
    in.read(reinterpret_cast<char*>(preamble), std::streamsize(std::min<std::uintmax_t>(file_size, 8)));
    if (file_size < 8 || std::memcmp(preamble, "\x93NUMPY", 6) != 0)
        throw file_error(path, "not a .npy file (it does not start with \\x93NUMPY)");
    const int major = preamble[6], minor = preamble[7];
    if (major < 1 || major > 3 || minor != 0)
        throw file_error(path, "unsupported .npy format version " + std::to_string(major) + "." +
                                   std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
    // Version 1.0 stores the header length in 2 bytes, 2.0 and 3.0 (UTF-8 header) in 4, little endian.
    const std::size_t length_size = major == 1 ? 2 : 4;
    const std::size_t prefix = 8 + length_size;
    if (file_size < prefix)
        throw file_error(path,
                         "truncated .npy header: the file has only " + std::to_string(file_size) + " bytes");
    in.read(reinterpret_cast<char*>(preamble + 8), std::streamsize(length_size));
    std::uintmax_t header_size = 0;
    for (std::size_t i = 0; i < length_size; ++i) header_size |= std::uintmax_t(preamble[8 + i]) << (8 * i);
    if (header_size > file_size - prefix)
        throw file_error(path, "truncated .npy header: it declares " + std::to_string(header_size) +
                                   " bytes, the file has " + std::to_string(file_size - prefix) +
                                   " after the preamble");
    std::string text(header_size, '\0');
    in.read(text.data(), std::streamsize(header_size));
    if (!in) throw file_error(path, "read error in the .npy header");

    const NpyHeader header = parse_npy_header(text, path);
    NpyArray array{header.shape, parse_npy_dtype(header.descr, path), {}};
    if (header.fortran_order)
        throw file_error(path, "Fortran order is not supported; save with np.ascontiguousarray");
    if (array.shape.empty())
        throw file_error(path, "a 0-d array (shape ()) has no rows; save at least a 1-d array");

    const std::uintmax_t found = file_size - prefix - header_size;
    const std::string layout = "shape " + shape_repr(array.shape) + " of '" + array.dtype.descr + "' needs ";
    const std::optional<std::uintmax_t> needed = data_bytes(array.shape, array.dtype.item_size);
    if (!needed)
        throw file_error(
            path, "data is truncated: " + layout + "more than 2^64 bytes, found " + std::to_string(found));
    if (*needed > found)
        throw file_error(path, "data is truncated: " + layout + std::to_string(*needed) + " bytes, found " +
                                   std::to_string(found));
    if (*needed < found)
        throw file_error(path, "trailing garbage: " + layout + std::to_string(*needed) + " bytes, found " +
                                   std::to_string(found) + " (" + std::to_string(found - *needed) +
                                   " extra)");

    // Only now, with the size known to be in the file, allocate; read and convert 1 MiB at a time.
    const std::size_t count = std::size_t(*needed / array.dtype.item_size);
    array.values.resize(count);
    const std::size_t chunk = std::max<std::size_t>(1, (std::size_t(1) << 20) / array.dtype.item_size);
    std::vector<char> buffer(std::min(chunk, count) * array.dtype.item_size);
    for (std::size_t done = 0; done < count;) {
        const std::size_t n = std::min(chunk, count - done);
        in.read(buffer.data(), std::streamsize(n * array.dtype.item_size));
        if (!in) throw file_error(path, "read error in the .npy data");
        convert_items(array.dtype, buffer.data(), n, array.values.data() + done);
        done += n;
    }
    return array;
}

void write_file(const std::string& path, const std::string& preamble, const void* data, std::size_t bytes) {
    const std::string temporary = path + ".tmp";
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw file_error(path, "cannot create " + temporary + ": " + std::strerror(errno));
    out.write(preamble.data(), std::streamsize(preamble.size()));
    out.write(static_cast<const char*>(data), std::streamsize(bytes));
    out.close();
    std::error_code ec;
    if (!out) {
        std::filesystem::remove(temporary, ec);
        throw file_error(path, "cannot write " + temporary);
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        const std::string reason = ec.message();
        std::filesystem::remove(temporary, ec);
        throw file_error(path, "cannot rename " + temporary + " to it: " + reason);
    }
}

}  // namespace

nn::Matrix read_npy_matrix(const std::string& path) {
    NpyArray array = read_npy(path);
    nn::Matrix m;
    m.rows = array.shape[0];
    m.cols = 1;  // (N) -> (N, 1); (N, a, b, ...) -> (N, a*b*...)
    for (std::size_t i = 1; i < array.shape.size(); ++i) m.cols *= array.shape[i];
    m.data = std::move(array.values);
    return m;
}

std::vector<int> read_npy_labels(const std::string& path) {
    const NpyArray array = read_npy(path);
    const auto& shape = array.shape;
    if (!(shape.size() == 1 || (shape.size() == 2 && shape[1] == 1)))
        throw file_error(path, "labels must have shape (N) or (N, 1), not " + shape_repr(shape));
    std::vector<int> labels(array.values.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double v = array.values[i];
        const std::string which = "label " + std::to_string(i) + " is " + number_text(v);
        if (!(v == std::floor(v))) throw file_error(path, which + ", not an integer");
        if (v < 0) throw file_error(path, which + "; labels must be >= 0");
        if (v > INT_MAX)
            throw file_error(path, which + ", larger than the largest int (" + std::to_string(INT_MAX) + ")");
        labels[i] = int(v);
    }
    return labels;
}

void write_npy(const std::string& path, const nn::Tensor& t) {
    NN_CHECK(t.shape().rank() >= 1 && t.size() == t.shape().numel(),
             "write_npy: " << path << ": cannot save a tensor of shape " << t.shape() << " with " << t.size()
                           << " values");
    const std::span<const std::size_t> dims = t.shape().dims();
    write_file(path, npy_preamble_v1("<f4", {dims.begin(), dims.end()}), t.data(), t.size() * sizeof(float));
}

void write_npy(const std::string& path, const nn::Matrix& m) {
    NN_CHECK(m.data.size() == m.rows * m.cols, "write_npy: " << path << ": a (" << m.rows << ", " << m.cols
                                                             << ") matrix holds " << m.data.size()
                                                             << " values");
    write_file(path, npy_preamble_v1("<f8", {m.rows, m.cols}), m.data.data(), m.data.size() * sizeof(double));
}

void write_npy(const std::string& path, const std::vector<int>& v) {
    write_file(path, npy_preamble_v1("<i4", {v.size()}), v.data(), v.size() * sizeof(int));
}

void write_npy(const std::string& path, const std::vector<std::int64_t>& v) {
    write_file(path, npy_preamble_v1("<i8", {v.size()}), v.data(), v.size() * sizeof(std::int64_t));
}

}  // namespace datasets
