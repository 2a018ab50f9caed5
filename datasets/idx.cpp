// datasets/idx.cpp — IDX reading (raw or gzip, told by the content; the declared size is checked before
// anything is allocated; zlib errors and cut-short streams are reported) and IDX writing through a temporary
// file and a rename.
#include "datasets/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "nn/check.hpp"

namespace datasets {

namespace {

constexpr std::size_t kChunkBytes = std::size_t(1) << 20;  // read and write 1 MiB at a time

std::runtime_error file_error(const std::string& path, const std::string& what) {
    return std::runtime_error(path + ": " + what);
}

std::string dims_text(const std::vector<std::size_t>& dims) {
    std::string text = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
    return text + ")";
}

std::string hex_byte(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", value & 0xffu);
    return text;
}

std::string errno_text(int error) { return error != 0 ? std::strerror(error) : "out of memory"; }

// The bytes of a file as they are, or inflated when it starts with gzip's magic 1f 8b. zlib's inflate is
// driven directly rather than through gzread, because gzread stops silently at the end of a file cut
// short after a complete deflate block (a missing CRC trailer, for one) instead of reporting it.
// Several gzip members one after another (`cat a.gz b.gz`) read as one stream, as gzip -d does.
class ByteSource {
public:
    explicit ByteSource(const std::string& path) : path_(path), in_(std::size_t(1) << 16) {
        if (std::filesystem::is_directory(path)) throw file_error(path, "is a directory, not an IDX file");
        file_.open(path, std::ios::binary);
        if (!file_) throw file_error(path, std::string("cannot open: ") + std::strerror(errno));
        unsigned char magic[2] = {};
        file_.read(reinterpret_cast<char*>(magic), 2);
        gzip_ = file_.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file_.clear();
        file_.seekg(0);
        if (gzip_ && inflateInit2(&stream_, 15 + 16) != Z_OK)  // 15 + 16: a 32 KiB window, gzip wrapper
            throw file_error(path, "cannot start zlib's inflate");
    }
    ~ByteSource() {
        if (gzip_) inflateEnd(&stream_);
    }
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;

    // Up to n bytes into out; fewer only at the end of the (uncompressed) data.
    std::size_t read(unsigned char* out, std::size_t n) {
        if (!gzip_) {
            file_.read(reinterpret_cast<char*>(out), std::streamsize(n));
            if (file_.bad()) throw file_error(path_, std::string("read error: ") + std::strerror(errno));
            return std::size_t(file_.gcount());
        }
        stream_.next_out = out;
        stream_.avail_out = static_cast<uInt>(n);
        while (stream_.avail_out > 0) {
            if (member_ended_) {  // the end of the data, or another gzip member
                if (stream_.avail_in == 0 && !refill()) break;
                if (inflateReset(&stream_) != Z_OK) throw file_error(path_, "cannot restart zlib's inflate");
                member_ended_ = false;
            }
            if (stream_.avail_in == 0 && !refill())
                throw file_error(path_, "truncated gzip data (the file ends inside the compressed stream)");
            const int status = inflate(&stream_, Z_NO_FLUSH);
            const std::string zlib = std::string(" (zlib: ") + (stream_.msg != nullptr ? stream_.msg : "") + ")";
            if (status == Z_STREAM_END)
                member_ended_ = true;
            else if (status == Z_DATA_ERROR)
                throw file_error(path_, "corrupt gzip data" + zlib);
            else if (status == Z_MEM_ERROR)
                throw file_error(path_, "out of memory while decompressing");
            else if (status != Z_OK)
                throw file_error(path_, "zlib error " + std::to_string(status) + zlib);
        }
        return n - stream_.avail_out;
    }

private:
    // More compressed input; false at the end of the file.
    bool refill() {
        file_.read(reinterpret_cast<char*>(in_.data()), std::streamsize(in_.size()));
        if (file_.bad()) throw file_error(path_, std::string("read error: ") + std::strerror(errno));
        stream_.next_in = in_.data();
        stream_.avail_in = static_cast<uInt>(file_.gcount());
        return stream_.avail_in > 0;
    }

    std::string path_;
    std::ifstream file_;
    bool gzip_ = false;
    bool member_ended_ = false;
    z_stream stream_{};
    std::vector<unsigned char> in_;
};

// The IDX dtype bytes (the format defines 0x08, 0x09, 0x0b to 0x0e); only 0x08 is read here.
std::string unsupported_dtype(unsigned dtype) {
    const char* name = dtype == 0x09 ? "signed byte" : dtype == 0x0b ? "int16" : dtype == 0x0c ? "int32"
                     : dtype == 0x0d ? "float32" : dtype == 0x0e ? "float64" : "not an IDX type";
    return "unsupported IDX dtype " + hex_byte(dtype) + " (" + name + "); only 0x08 (unsigned byte) is supported";
}

// Magic, dtype and dims; checks the declared size before the caller allocates anything.
std::vector<std::size_t> read_header(ByteSource& in, const std::string& path) {
    unsigned char magic[4] = {};
    const std::size_t got = in.read(magic, 4);
    if (got == 0) throw file_error(path, "empty file, not an IDX file");
    if (got < 4) throw file_error(path, "truncated IDX header: " + std::to_string(got) + " of the 4 magic bytes");
    if (magic[0] != 0 || magic[1] != 0)
        throw file_error(path, "not an IDX file: bad magic, it starts with " + hex_byte(magic[0]) + " " +
                                   hex_byte(magic[1]) + " instead of 0x00 0x00");
    if (magic[2] != 0x08) throw file_error(path, unsupported_dtype(magic[2]));
    const std::size_t ndims = magic[3];
    if (ndims == 0 || ndims > 4)
        throw file_error(path, "the IDX header declares " + std::to_string(ndims) +
                                   " dimensions; 1 to 4 are supported");

    unsigned char raw[16] = {};
    const std::size_t found = in.read(raw, 4 * ndims);
    if (found < 4 * ndims)
        throw file_error(path, "truncated IDX header: " + std::to_string(ndims) + " dimensions need " +
                                   std::to_string(4 * ndims) + " bytes, found " + std::to_string(found));
    std::vector<std::size_t> dims(ndims);
    for (std::size_t i = 0; i < ndims; ++i)  // big-endian uint32
        dims[i] = std::size_t(raw[4 * i]) << 24 | std::size_t(raw[4 * i + 1]) << 16 |
                  std::size_t(raw[4 * i + 2]) << 8 | std::size_t(raw[4 * i + 3]);

    std::uint64_t bytes = 1;
    for (std::size_t i = 0; i < ndims; ++i) {
        if (dims[i] == 0)
            throw file_error(path, "dimension " + std::to_string(i) + " of " + dims_text(dims) + " is zero");
        if (bytes > UINT64_MAX / dims[i])
            throw file_error(path, "the declared size " + dims_text(dims) + " overflows 64 bits");
        bytes *= dims[i];
    }
    if (bytes > kIdxMaxDataBytes)
        throw file_error(path, "the declared size " + dims_text(dims) + " is " + std::to_string(bytes) +
                                   " bytes, more than the 2 GiB limit");
    return dims;
}

// Writes PATH.tmp with `write_all(temporary)` and renames it to PATH; removes PATH.tmp on any failure.
template <class WriteAll>
void write_atomically(const std::string& path, WriteAll write_all) {
    const std::string temporary = path + ".tmp";
    std::error_code ec;
    try {
        write_all(temporary);
    } catch (...) {
        std::filesystem::remove(temporary, ec);
        throw;
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        const std::string reason = ec.message();
        std::filesystem::remove(temporary, ec);
        throw file_error(path, "cannot rename " + temporary + " to it: " + reason);
    }
}

void write_gzip(const std::string& path, const std::string& temporary, const std::string& header,
                const std::vector<std::uint8_t>& data) {
    errno = 0;
    gzFile file = gzopen(temporary.c_str(), "wb");
    if (file == nullptr) throw file_error(path, "cannot create " + temporary + ": " + errno_text(errno));
    bool ok = gzwrite(file, header.data(), static_cast<unsigned>(header.size())) == int(header.size());
    for (std::size_t done = 0; ok && done < data.size();) {
        const std::size_t n = std::min(kChunkBytes, data.size() - done);
        ok = gzwrite(file, data.data() + done, static_cast<unsigned>(n)) == int(n);
        done += n;
    }
    const int status = gzclose_w(file);
    if (!ok || status != Z_OK) throw file_error(path, "cannot write " + temporary);
}

void write_raw(const std::string& path, const std::string& temporary, const std::string& header,
               const std::vector<std::uint8_t>& data) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw file_error(path, "cannot create " + temporary + ": " + std::strerror(errno));
    out.write(header.data(), std::streamsize(header.size()));
    out.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size()));
    out.close();
    if (!out) throw file_error(path, "cannot write " + temporary);
}

}  // namespace

IdxArray read_idx(const std::string& path) {
    ByteSource in(path);
    IdxArray array;
    array.dims = read_header(in, path);
    std::size_t total = 1;
    for (std::size_t d : array.dims) total *= d;

    // Memory grows only as data arrives (64 MiB reserved at most), so a header that promises more than the
    // file holds cannot make the reader allocate it.
    array.data.reserve(std::min<std::size_t>(total, std::size_t(64) << 20));
    const std::string layout = dims_text(array.dims) + " needs " + std::to_string(total) + " bytes after the header";
    for (std::size_t done = 0; done < total;) {
        const std::size_t n = std::min(kChunkBytes, total - done);
        array.data.resize(done + n);
        const std::size_t got = in.read(array.data.data() + done, n);
        done += got;
        if (got < n) throw file_error(path, "data is truncated: " + layout + ", found " + std::to_string(done));
    }
    std::size_t extra = 0;
    std::vector<unsigned char> scratch(std::size_t(1) << 16);
    for (std::size_t got; (got = in.read(scratch.data(), scratch.size())) > 0;) extra += got;
    if (extra > 0)
        throw file_error(path, "trailing bytes: " + layout + ", found " + std::to_string(total + extra) + " (" +
                                   std::to_string(extra) + " extra)");
    return array;
}

void write_idx(const std::string& path, const IdxArray& array) {
    NN_CHECK(!array.dims.empty() && array.dims.size() <= 4,
             "write_idx: " << path << ": an IDX array has 1 to 4 dimensions, not " << array.dims.size());
    std::uint64_t bytes = 1;  // saturates at the limit, so that it cannot wrap around
    for (std::size_t d : array.dims) {
        NN_CHECK(d > 0 && d <= UINT32_MAX, "write_idx: " << path << ": dimensions " << dims_text(array.dims)
                                                         << " must each lie in 1 .. 2^32-1");
        bytes = bytes > kIdxMaxDataBytes / d ? kIdxMaxDataBytes + 1 : bytes * d;
    }
    NN_CHECK(bytes <= kIdxMaxDataBytes,
             "write_idx: " << path << ": dimensions " << dims_text(array.dims) << " exceed the 2 GiB limit");
    NN_CHECK(bytes == array.data.size(),
             "write_idx: " << path << ": dimensions " << dims_text(array.dims) << " do not match "
                           << array.data.size() << " bytes of data");

    std::string header = {0, 0, 0x08, static_cast<char>(array.dims.size())};
    for (std::size_t d : array.dims)  // big-endian uint32
        for (int shift = 24; shift >= 0; shift -= 8) header += static_cast<char>((d >> shift) & 0xff);
    const bool gzip = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    write_atomically(path, [&](const std::string& temporary) {
        if (gzip)
            write_gzip(path, temporary, header, array.data);
        else
            write_raw(path, temporary, header, array.data);
    });
}

}  // namespace datasets
