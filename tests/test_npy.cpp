// tests/test_npy.cpp — .npy reading and writing: files that numpy 1.24 wrote (their bytes are embedded
// below, so the tests need no Python), our writer's bytes against numpy's, round trips, and every
// rejected file with its message.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "datasets/npy.hpp"
#include "nn/rng.hpp"
#include "temp_dir.hpp"

namespace {

// clang-format off
// Bytes written by numpy 1.24.2: `f = io.BytesIO(); <the line shown>; f.getvalue()`.
// np.save(f, np.array([[0.5, -1.25, 3], [1e-3, 0, 2.5e10]], dtype='<f4'))
const std::string kNumpyF4(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
    "                                                          \n"
    "\x00\x00\x00?" "\x00\x00\xa0\xbf" "\x00\x00@@" "o\x12\x83:" "\x00\x00\x00\x00" "\xb7" "C\xbaP"
    , 152);
// np.save(f, np.array([[0.1, -2.0], [1e300, 3.5]]))
const std::string kNumpyF8(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"
    "                                                          \n"
    "\x9a\x99\x99\x99\x99\x99\xb9?" "\x00\x00\x00\x00\x00\x00\x00\xc0" "\x9cu\x00\x88<\xe4" "7~"
    "\x00\x00\x00\x00\x00\x00\x0c@"
    , 160);
// np.save(f, np.array([3, -1, 0, 7, 1 << 40], dtype='<i8'))
const std::string kNumpyI8(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }"
    "                                                            \n"
    "\x03\x00\x00\x00\x00\x00\x00\x00" "\xff\xff\xff\xff\xff\xff\xff\xff"
    "\x00\x00\x00\x00\x00\x00\x00\x00" "\x07\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x01\x00\x00"
    , 168);
// np.save(f, np.array([[0, 1], [255, 7]], dtype='u1'))
const std::string kNumpyU1(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }"
    "                                                          \n"
    "\x00" "\x01" "\xff" "\x07"
    , 132);
// np.save(f, np.arange(12, dtype='<f4').reshape(2, 2, 3) / 4)
const std::string kNumpyF4Rank3(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 3), }"
    "                                                       \n"
    "\x00\x00\x00\x00" "\x00\x00\x80>" "\x00\x00\x00?" "\x00\x00@?" "\x00\x00\x80?" "\x00\x00\xa0?"
    "\x00\x00\xc0?" "\x00\x00\xe0?" "\x00\x00\x00@" "\x00\x00\x10@" "\x00\x00 @" "\x00\x00" "0@"
    , 176);
// np.lib.format.write_array(f, np.array([1.5, -2.5, 1e-300]), version=(2, 0))
const std::string kNumpyV2(
    "\x93NUMPY\x02\x00t\x00\x00\x00"
    "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
    "                                                          \n"
    "\x00\x00\x00\x00\x00\x00\xf8?" "\x00\x00\x00\x00\x00\x00\x04\xc0" "Y\xf3\xf8\xc2\x1fn\xa5\x01"
    , 152);
// np.save(f, np.array([0, 1, -5, 2147483647], dtype='<i4'))
const std::string kNumpyI4(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }"
    "                                                            \n"
    "\x00\x00\x00\x00" "\x01\x00\x00\x00" "\xfb\xff\xff\xff" "\xff\xff\xff\x7f"
    , 144);
// np.save(f, np.array([True, False, True]))
const std::string kNumpyB1(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }"
    "                                                            \n"
    "\x01" "\x00" "\x01"
    , 131);
// np.save(f, np.array([1, -2, 300], dtype='>i2'))
const std::string kNumpyBigI2(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }"
    "                                                            \n"
    "\x00\x01" "\xff\xfe" "\x01,"
    , 134);
// np.save(f, np.asfortranarray(np.array([[1., 2.], [3., 4.]])))
const std::string kNumpyFortran(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }"
    "                                                           \n"
    "\x00\x00\x00\x00\x00\x00\xf0?" "\x00\x00\x00\x00\x00\x00\x08@" "\x00\x00\x00\x00\x00\x00\x00@"
    "\x00\x00\x00\x00\x00\x00\x10@"
    , 160);
// np.save(f, np.array([[2], [0], [1]], dtype='<i4'))
const std::string kNumpyI4Column(
    "\x93NUMPY\x01\x00v\x00"
    "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 1), }"
    "                                                          \n"
    "\x02\x00\x00\x00" "\x00\x00\x00\x00" "\x01\x00\x00\x00"
    , 140);
// The header numpy writes for np.zeros((1,) * 13 + (100,), dtype='<f4'): the dict plus its growth room
// end exactly on a 64-byte boundary, so numpy adds a whole line of 64 spaces before the '\n'.
const std::string kNumpyAlignedHeader =
    std::string("\x93NUMPY\x01\x00\xb6\x00", 10) +
    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100), }" +
    std::string(84, ' ') + "\n";
// clang-format on

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A .npy file around a hand-written header dict (readers do not need the 64-byte padding).
std::string npy_file(const std::string& dict, const std::string& data, int major = 1) {
    const std::string header = dict + "\n";
    const std::size_t n = header.size();
    std::string out = "\x93NUMPY";
    out += char(major);
    out += '\0';
    out += char(n & 0xff);
    out += char(n >> 8);
    if (major != 1) out += std::string(2, '\0');
    return out + header + data;
}

std::string dict(const std::string& descr, const std::string& shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
}

}  // namespace

TEST_CASE("read_npy_matrix: numpy's float32 and float64 files", "[datasets]") {
    TempDir dir;
    const nn::Matrix f4 = datasets::read_npy_matrix(dir.write("f4.npy", kNumpyF4));
    REQUIRE(f4.rows == 2);
    REQUIRE(f4.cols == 3);
    REQUIRE(f4.data == std::vector<double>{0.5, -1.25, 3.0, double(1e-3f), 0.0, double(2.5e10f)});

    const nn::Matrix f8 = datasets::read_npy_matrix(dir.write("f8.npy", kNumpyF8));
    REQUIRE(f8.rows == 2);
    REQUIRE(f8.cols == 2);
    REQUIRE(f8.data == std::vector<double>{0.1, -2.0, 1e300, 3.5});
}

TEST_CASE("read_npy_matrix: numpy's integer and bool files, 1-d as one column", "[datasets]") {
    TempDir dir;
    const nn::Matrix i8 = datasets::read_npy_matrix(dir.write("i8.npy", kNumpyI8));
    REQUIRE(i8.rows == 5);
    REQUIRE(i8.cols == 1);
    REQUIRE(i8.data == std::vector<double>{3, -1, 0, 7, 1099511627776.0});

    const nn::Matrix u1 = datasets::read_npy_matrix(dir.write("u1.npy", kNumpyU1));
    REQUIRE(u1.rows == 2);
    REQUIRE(u1.cols == 2);
    REQUIRE(u1.data == std::vector<double>{0, 1, 255, 7});

    REQUIRE(datasets::read_npy_matrix(dir.write("b1.npy", kNumpyB1)).data == std::vector<double>{1, 0, 1});
    REQUIRE(datasets::read_npy_matrix(dir.write("i4.npy", kNumpyI4)).data ==
            std::vector<double>{0, 1, -5, 2147483647});
    // '>i2' is byte-swapped: 00 01, ff fe, 01 2c.
    REQUIRE(datasets::read_npy_matrix(dir.write("big.npy", kNumpyBigI2)).data ==
            std::vector<double>{1, -2, 300});
}

TEST_CASE("read_npy_matrix: rank 3 flattens per row, version 2.0 and 3.0 headers", "[datasets]") {
    TempDir dir;
    const nn::Matrix rank3 = datasets::read_npy_matrix(dir.write("rank3.npy", kNumpyF4Rank3));
    REQUIRE(rank3.rows == 2);
    REQUIRE(rank3.cols == 6);
    for (std::size_t i = 0; i < 12; ++i) REQUIRE(rank3.data[i] == double(i) / 4);

    const nn::Matrix v2 = datasets::read_npy_matrix(dir.write("v2.npy", kNumpyV2));
    REQUIRE(v2.rows == 3);
    REQUIRE(v2.cols == 1);
    REQUIRE(v2.data == std::vector<double>{1.5, -2.5, 1e-300});

    std::string v3 = kNumpyV2;  // 3.0 differs from 2.0 only in allowing UTF-8 in the header
    v3[6] = 3;
    REQUIRE(datasets::read_npy_matrix(dir.write("v3.npy", v3)).data == v2.data);

    const nn::Matrix empty =
        datasets::read_npy_matrix(dir.write("empty.npy", npy_file(dict("<f8", "(0, 4)"), "")));
    REQUIRE(empty.rows == 0);
    REQUIRE(empty.cols == 4);
}

TEST_CASE("write_npy: the same bytes as numpy.save", "[datasets]") {
    TempDir dir;
    datasets::write_npy(dir.file("f4.npy"), nn::Tensor({2, 3}, {0.5f, -1.25f, 3.0f, 1e-3f, 0.0f, 2.5e10f}));
    REQUIRE(read_bytes(dir.file("f4.npy")) == kNumpyF4);

    nn::Tensor rank3({2, 2, 3});
    for (std::size_t i = 0; i < 12; ++i) rank3[i] = float(i) / 4;
    datasets::write_npy(dir.file("rank3.npy"), rank3);
    REQUIRE(read_bytes(dir.file("rank3.npy")) == kNumpyF4Rank3);

    nn::Matrix m(2, 2);
    m.data = {0.1, -2.0, 1e300, 3.5};
    datasets::write_npy(dir.file("f8.npy"), m);
    REQUIRE(read_bytes(dir.file("f8.npy")) == kNumpyF8);

    datasets::write_npy(dir.file("i4.npy"), std::vector<int>{0, 1, -5, 2147483647});
    REQUIRE(read_bytes(dir.file("i4.npy")) == kNumpyI4);

    datasets::write_npy(dir.file("aligned.npy"), nn::Tensor({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100}));
    REQUIRE(read_bytes(dir.file("aligned.npy")) == kNumpyAlignedHeader + std::string(400, '\0'));

    // Written through a temporary name that is gone afterwards.
    REQUIRE(dir.entries() ==
            std::vector<std::string>{"aligned.npy", "f4.npy", "f8.npy", "i4.npy", "rank3.npy"});
}

TEST_CASE("write_npy then read: round trips of every writer", "[datasets]") {
    TempDir dir;
    nn::Rng rng(3);
    nn::Tensor t({3, 2, 2});
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = float(rng.normal());
    datasets::write_npy(dir.file("t.npy"), t);
    const nn::Matrix t_back = datasets::read_npy_matrix(dir.file("t.npy"));
    REQUIRE(t_back.rows == 3);
    REQUIRE(t_back.cols == 4);
    for (std::size_t i = 0; i < t.size(); ++i) REQUIRE(t_back.data[i] == double(t[i]));

    nn::Matrix m(4, 3);
    for (double& v : m.data) v = rng.normal();
    datasets::write_npy(dir.file("m.npy"), m);
    const nn::Matrix m_back = datasets::read_npy_matrix(dir.file("m.npy"));
    REQUIRE(m_back.rows == 4);
    REQUIRE(m_back.cols == 3);
    REQUIRE(m_back.data == m.data);

    const std::vector<int> labels = {0, 3, 1, 2147483647, 0};
    datasets::write_npy(dir.file("y.npy"), labels);
    REQUIRE(datasets::read_npy_labels(dir.file("y.npy")) == labels);
    datasets::write_npy(dir.file("y.npy"), std::vector<int>{});  // overwrites
    REQUIRE(datasets::read_npy_labels(dir.file("y.npy")).empty());
    datasets::write_npy(dir.file("y64.npy"), std::vector<std::int64_t>{9, 0, 4});  // '<i8', numpy's default
    REQUIRE(datasets::read_npy_labels(dir.file("y64.npy")) == std::vector<int>{9, 0, 4});

    // Larger than the reader's 1 MiB chunk, so the data arrives in several reads.
    nn::Tensor big({70000, 5});
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = float(i % 977) - 0.5f;
    datasets::write_npy(dir.file("big.npy"), big);
    const nn::Matrix big_back = datasets::read_npy_matrix(dir.file("big.npy"));
    REQUIRE(big_back.rows == 70000);
    REQUIRE(big_back.cols == 5);
    bool same = true;
    for (std::size_t i = 0; i < big.size(); ++i) same = same && big_back.data[i] == double(big[i]);
    REQUIRE(same);
}

TEST_CASE("write_npy: bad arguments and failed writes leave no file", "[datasets]") {
    TempDir dir;
    const std::string missing_dir = dir.file("no/such/dir/x.npy");
    REQUIRE_THROWS_AS(datasets::write_npy(missing_dir, std::vector<int>{1}), std::runtime_error);
    REQUIRE_THROWS_WITH(datasets::write_npy(missing_dir, std::vector<int>{1}),
                        Catch::Matchers::Contains(missing_dir + ": cannot create"));

    // A non-empty directory where the file should go: the rename fails and the temporary file is removed.
    std::filesystem::create_directories(dir.file("taken.npy/inside"));
    REQUIRE_THROWS_WITH(datasets::write_npy(dir.file("taken.npy"), std::vector<int>{1}),
                        Catch::Matchers::Contains("cannot rename"));
    REQUIRE(dir.entries() == std::vector<std::string>{"taken.npy"});

    REQUIRE_THROWS_AS(datasets::write_npy(dir.file("scalar.npy"), nn::Tensor(nn::Shape{}, 1.0f)),
                      std::invalid_argument);
    nn::Matrix inconsistent(2, 2);
    inconsistent.data.pop_back();
    REQUIRE_THROWS_AS(datasets::write_npy(dir.file("bad.npy"), inconsistent), std::invalid_argument);
    REQUIRE(dir.entries() == std::vector<std::string>{"taken.npy"});
}

TEST_CASE("read_npy_labels: integer, bool and integer-valued float files, bad labels", "[datasets]") {
    TempDir dir;
    REQUIRE(datasets::read_npy_labels(dir.write("column.npy", kNumpyI4Column)) == std::vector<int>{2, 0, 1});
    REQUIRE(datasets::read_npy_labels(dir.write("b1.npy", kNumpyB1)) == std::vector<int>{1, 0, 1});
    nn::Matrix float_labels(3, 1);
    float_labels.data = {0.0, 2.0, 1.0};
    datasets::write_npy(dir.file("float.npy"), float_labels);
    REQUIRE(datasets::read_npy_labels(dir.file("float.npy")) == std::vector<int>{0, 2, 1});

    using Catch::Matchers::Contains;
    const std::string v2 = dir.write("v2.npy", kNumpyV2);
    REQUIRE_THROWS_WITH(datasets::read_npy_labels(v2), Contains(v2 + ": label 0 is 1.5, not an integer"));
    const std::string i8 = dir.write("i8.npy", kNumpyI8);
    REQUIRE_THROWS_WITH(datasets::read_npy_labels(i8), Contains(i8 + ": label 1 is -1; labels must be >= 0"));
    // int64 [0, 2^40]: byte 13 of the data is 2^40's 0x01.
    const std::string large_data = std::string(13, '\0') + "\x01" + std::string(2, '\0');
    const std::string large = dir.write("large.npy", npy_file(dict("<i8", "(2,)"), large_data));
    REQUIRE_THROWS_WITH(datasets::read_npy_labels(large),
                        Contains(large + ": label 1 is 1099511627776, larger than the largest int"));
    nn::Matrix with_nan(2, 1);
    with_nan.data = {0.0, std::numeric_limits<double>::quiet_NaN()};
    datasets::write_npy(dir.file("nan.npy"), with_nan);
    REQUIRE_THROWS_WITH(datasets::read_npy_labels(dir.file("nan.npy")),
                        Contains("label 1 is nan, not an integer"));
    const std::string square = dir.write("u1.npy", kNumpyU1);
    REQUIRE_THROWS_WITH(datasets::read_npy_labels(square),
                        Contains(square + ": labels must have shape (N) or (N, 1), not (2, 2)"));
}

TEST_CASE("read_npy_matrix: every malformed file names its path and its problem", "[datasets]") {
    TempDir dir;
    std::filesystem::create_directory(dir.file("a_directory.npy"));
    std::string version_4 = kNumpyF4, version_1_1 = kNumpyF4;
    version_4[6] = 4;
    version_1_1[7] = 1;
    const std::string f4_data(24, '\0');

    struct Case {
        std::string name, bytes, message;
    };
    const std::vector<Case> cases = {
        {"text.npy", "hello, world\n", "not a .npy file"},
        {"empty.npy", "", "not a .npy file"},
        {"short.npy", "\x93NUM", "not a .npy file"},
        {"v4.npy", version_4, "unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)"},
        {"v1_1.npy", version_1_1, "unsupported .npy format version 1.1"},
        {"no_length.npy", std::string("\x93NUMPY\x01\x00\x76", 9), "truncated .npy header"},
        {"cut_header.npy", kNumpyF4.substr(0, 50), "truncated .npy header: it declares 118 bytes"},
        {"unclosed.npy", npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", f4_data),
         "malformed .npy header: expected a quoted string"},
        {"not_dict.npy", npy_file("[1, 2]", f4_data), "malformed .npy header: expected '{'"},
        {"negative.npy", npy_file(dict("<f4", "(2, -3)"), f4_data),
         "malformed .npy header: expected a non-negative integer"},
        {"junk.npy", npy_file(dict("<f4", "(2, 3)") + " junk", f4_data),
         "malformed .npy header: unexpected text after the closing '}'"},
        {"twice.npy",
         npy_file("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", f4_data),
         "malformed .npy header: the key 'descr' appears twice"},
        {"no_order.npy", npy_file("{'descr': '<f4', 'shape': (2, 3), }", f4_data),
         "malformed .npy header: no 'fortran_order' key"},
        {"extra.npy",
         npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 'y'}", f4_data),
         "malformed .npy header: unexpected key 'x'"},
        {"order.npy", npy_file("{'descr': '<f4', 'fortran_order': 'no', 'shape': (2, 3), }", f4_data),
         "malformed .npy header: 'fortran_order' is not True or False"},
        {"shape.npy", npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': '6', }", f4_data),
         "malformed .npy header: 'shape' is not a tuple of integers"},
        {"c8.npy", npy_file(dict("<c8", "(3,)"), f4_data), "unsupported dtype '<c8' (supported: f4, f8, i1"},
        {"f2.npy", npy_file(dict("<f2", "(12,)"), f4_data), "unsupported dtype '<f2'"},
        {"unicode.npy", npy_file(dict("<U3", "(2,)"), f4_data), "unsupported dtype '<U3'"},
        {"object.npy", npy_file(dict("|O", "(3,)"), f4_data), "unsupported dtype '|O'"},
        {"no_order_f8.npy", npy_file(dict("|f8", "(3,)"), f4_data), "unsupported dtype '|f8'"},
        {"structured.npy",
         npy_file("{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (3,), }",
                  f4_data),
         "unsupported dtype [('a', '<f4'), ('b', '<i4')] (structured arrays are not supported"},
        {"fortran.npy", kNumpyFortran, "Fortran order is not supported; save with np.ascontiguousarray"},
        {"scalar.npy", npy_file(dict("<f8", "()"), std::string(8, '\0')),
         "a 0-d array (shape ()) has no rows"},
        {"truncated.npy", kNumpyF4.substr(0, kNumpyF4.size() - 4),
         "data is truncated: shape (2, 3) of '<f4' needs 24 bytes, found 20"},
        {"trailing.npy", kNumpyF4 + "xy",
         "trailing garbage: shape (2, 3) of '<f4' needs 24 bytes, found 26 (2 extra)"},
        {"huge.npy", npy_file(dict("<f8", "(4000000000,)"), ""),
         "data is truncated: shape (4000000000,) of '<f8' needs 32000000000 bytes, found 0"},
        {"overflow.npy", npy_file(dict("<f8", "(4294967296, 4294967296)"), f4_data),
         "data is truncated: shape (4294967296, 4294967296) of '<f8' needs more than 2^64 bytes, found 24"},
        {"v2_truncated.npy", kNumpyV2.substr(0, kNumpyV2.size() - 1),
         "data is truncated: shape (3,) of '<f8' needs 24 bytes, found 23"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string path = dir.write(c.name, c.bytes);
        REQUIRE_THROWS_AS(datasets::read_npy_matrix(path), std::runtime_error);
        REQUIRE_THROWS_WITH(datasets::read_npy_matrix(path),
                            Catch::Matchers::Contains(path + ": " + c.message));
    }

    const std::string missing = dir.file("missing.npy");
    REQUIRE_THROWS_WITH(datasets::read_npy_matrix(missing),
                        Catch::Matchers::Contains(missing + ": cannot read: No such file or directory"));
    const std::string directory = dir.file("a_directory.npy");
    REQUIRE_THROWS_WITH(datasets::read_npy_matrix(directory),
                        Catch::Matchers::Contains(directory + ": cannot read"));
}
