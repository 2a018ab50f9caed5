// tests/test_bad_input.cpp — the bad-input table: each row is a mistake a user can make (a broken IDX or
// .npy file, a wrong INI file, a bad estimator spec, a bad option) and what the real executable must do
// about it: exit 2, one line `infoplane: ...` on stderr naming the problem, nothing on stdout, no files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "datasets/idx.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace fs = std::filesystem;

namespace {

using cli::Args;

struct File {
    std::string name;   // relative to the working directory
    std::string bytes;  // the whole content
};

// One row of the table: a mistake and the fragment of the one-line message that must name it.
struct BadInput {
    std::string what;         // the mistake, in words
    std::vector<File> files;  // written into an empty working directory first
    Args arguments;           // infoplane ARGUMENTS...
    std::string message;      // must appear in the line "infoplane: ..." (for a file: its name and the fault)
};

// ---- IDX files, byte by byte: 0 0 dtype ndims, each dimension as a big-endian uint32, then the data.

std::string idx(std::uint8_t dtype, const std::vector<std::uint32_t>& dims, std::size_t data_bytes) {
    std::string bytes = {'\0', '\0', char(dtype), char(dims.size())};
    for (std::uint32_t d : dims)
        for (int shift : {24, 16, 8, 0}) bytes += char((d >> shift) & 0xff);
    return bytes + std::string(data_bytes, '\0');
}

// N images of 28x28 and N labels (all 0), whole and consistent.
std::string images(std::uint32_t n) { return idx(0x08, {n, 28, 28}, std::size_t(n) * 28 * 28); }
std::string labels(std::uint32_t n) { return idx(0x08, {n}, n); }

// A data directory "data" with the four MNIST files (2 training and 1 test image), `changed` in place of
// the file of the same name (or added), and `removed` left out.
std::vector<File> mnist_files(const std::vector<File>& changed, const std::string& removed = "") {
    std::vector<File> files = {{"data/train-images-idx3-ubyte", images(2)},
                               {"data/train-labels-idx1-ubyte", labels(2)},
                               {"data/t10k-images-idx3-ubyte", images(1)},
                               {"data/t10k-labels-idx1-ubyte", labels(1)}};
    std::erase_if(files, [&](const File& f) { return f.name == removed; });
    for (const File& c : changed) {
        const auto same = std::find_if(files.begin(), files.end(), [&](const File& f) { return f.name == c.name; });
        if (same != files.end()) *same = c;
        else files.push_back(c);
    }
    return files;
}

// The first half of the gzip bytes of N images of 28x28 (varied, so that they do not compress to nothing),
// as write_idx writes them: the file ends inside the compressed stream.
std::string half_gzip_images(std::uint32_t n) {
    datasets::IdxArray array{{n, 28, 28}, std::vector<std::uint8_t>(std::size_t(n) * 28 * 28)};
    for (std::size_t i = 0; i < array.data.size(); ++i) array.data[i] = std::uint8_t(i * i % 251);
    const cli::TempDir scratch;
    const std::string path = scratch.file("a.gz");
    datasets::write_idx(path, array);
    const std::string bytes = cli::read_file(path);
    return bytes.substr(0, bytes.size() / 2);
}

const Args kTrainMnist = {"train", "--dataset", "mnist", "--split", "files", "--data_dir", "data",
                          "--out", "run", "--epochs", "1", "--snapshots", "2"};

// ---- .npy files, byte by byte: magic, version 1.0, header length, the header dict padded to 64 bytes.

std::string npy(const std::string& dict, const std::string& data) {
    std::string header = dict;
    header += std::string((64 - (10 + header.size() + 1) % 64) % 64, ' ') + "\n";
    std::string bytes("\x93NUMPY\x01\x00", 8);
    bytes += char(header.size() & 0xff);
    bytes += char(header.size() >> 8);
    return bytes + header + data;
}

std::string f8(const std::vector<double>& values) {
    std::string bytes(values.size() * 8, '\0');
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

std::string f8_npy(const std::string& shape, const std::vector<double>& values) {
    return npy("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", f8(values));
}

const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
// A well-formed layer T (8, 1), the labels Y (8,) and the inputs X (8, 2) to go with it.
const File kT = {"T.npy", f8_npy("(8, 1)", {0, 1, 0, 1, 1, 0, 1, 0})};
const File kY = {"Y.npy", npy("{'descr': '<i8', 'fortran_order': False, 'shape': (8,), }", std::string(64, '\0'))};
const File kX = {"X.npy", f8_npy("(8, 2)", std::vector<double>(16, 0.5))};

// ---- train on the demo preset: only the option under test is wrong.

Args train_with(const Args& extra) {
    Args arguments = {"train", "--config", cli::demo_preset, "--out", "run"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
}

Args train_config(const std::string& ini) { return {"train", "--config", ini, "--out", "run"}; }

std::vector<BadInput> table() {
    const std::string image_path = "data/train-images-idx3-ubyte";
    const std::string label_path = "data/train-labels-idx1-ubyte";
    return {
        // IDX: train --dataset mnist reads the four files of --data_dir.
        {"IDX with bad magic", mnist_files({{image_path, "\x12\x34" + images(2).substr(2)}}), kTrainMnist,
         "train-images-idx3-ubyte: not an IDX file: bad magic"},
        {"IDX of float32 values", mnist_files({{image_path, idx(0x0d, {2, 28, 28}, 2 * 28 * 28 * 4)}}), kTrainMnist,
         "train-images-idx3-ubyte: unsupported IDX dtype 0x0d"},
        {"IDX images of the wrong dimensions", mnist_files({{image_path, idx(0x08, {2, 784}, 2 * 784)}}), kTrainMnist,
         "train-images-idx3-ubyte: images must be (N, 28, 28), not (2, 784)"},
        {"IDX labels of two dimensions", mnist_files({{label_path, idx(0x08, {2, 1}, 2)}}), kTrainMnist,
         "train-labels-idx1-ubyte: labels must be (N), not (2, 1)"},
        {"IDX data cut short", mnist_files({{image_path, images(2).substr(0, 16 + 1000)}}), kTrainMnist,
         "train-images-idx3-ubyte: data is truncated"},
        {"IDX header cut short", mnist_files({{image_path, images(2).substr(0, 10)}}), kTrainMnist,
         "train-images-idx3-ubyte: truncated IDX header"},
        {"IDX declaring 4 GB of images", mnist_files({{image_path, idx(0x08, {5'000'000, 28, 28}, 10)}}), kTrainMnist,
         "train-images-idx3-ubyte: the declared size (5000000, 28, 28) is 3920000000 bytes, more than the 2 GiB limit"},
        {"IDX with bytes after its data", mnist_files({{label_path, labels(2) + "xx"}}), kTrainMnist,
         "train-labels-idx1-ubyte: trailing bytes"},
        {"IDX images and labels of different counts", mnist_files({{label_path, labels(3)}}), kTrainMnist,
         "train-images-idx3-ubyte: 2 images, but data/train-labels-idx1-ubyte has 3 labels"},
        {"IDX label outside 0..9", mnist_files({{label_path, labels(2).substr(0, 9) + "\x0c"}}), kTrainMnist,
         "train-labels-idx1-ubyte: label 1 is 12, outside 0..9"},
        {"gzip IDX cut short",
         mnist_files({{image_path + ".gz", half_gzip_images(2)}}, image_path),
         kTrainMnist, "train-images-idx3-ubyte.gz: truncated gzip data"},
        {"an IDX file missing from the data directory", mnist_files({}, "data/t10k-labels-idx1-ubyte"), kTrainMnist,
         "data: neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz is there"},
        {"no data directory", {}, kTrainMnist, "data: no such directory"},

        // .npy: estimate reads T, X and Y.
        {".npy without the magic", {{"T.npy", "NUMPY" + f8(std::vector<double>(8, 0.0))}},
         {"estimate", "--t", "T.npy"}, "T.npy: "},
        {".npy header without a shape", {{"T.npy", npy("{'descr': '<f8', 'fortran_order': False, }", f8({0, 1}))}},
         {"estimate", "--t", "T.npy"}, "T.npy: "},
        {".npy header that is not a dict", {{"T.npy", npy("descr = <f8", f8({0, 1}))}}, {"estimate", "--t", "T.npy"},
         "T.npy: "},
        {".npy inputs of complex dtype", {kT, {"X.npy", npy("{'descr': '<c8', 'fortran_order': False, 'shape': (8,), }",
                                                             std::string(64, '\0'))}},
         {"estimate", "--t", "T.npy", "--x", "X.npy"}, "X.npy: unsupported dtype '<c8'"},
        {".npy in Fortran order", {{"T.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (4, 2), }",
                                                 f8(std::vector<double>(8, 0.0)))}},
         {"estimate", "--t", "T.npy"}, "T.npy: "},
        {".npy data cut short", {{"T.npy", f8_npy("(8, 2)", std::vector<double>(15, 0.0))}}, {"estimate", "--t", "T.npy"},
         "T.npy: "},
        {".npy declaring 10^12 rows", {{"T.npy", f8_npy("(1000000000000,)", {0.0})}}, {"estimate", "--t", "T.npy"},
         "T.npy: "},
        {"empty .npy file", {{"T.npy", ""}}, {"estimate", "--t", "T.npy"}, "T.npy: "},
        {".npy labels of two columns", {kT, {"Y.npy", f8_npy("(4, 2)", std::vector<double>(8, 0.0))}},
         {"estimate", "--t", "T.npy", "--y", "Y.npy"}, "Y.npy: "},
        {".npy labels that are not integers", {kT, {"Y.npy", f8_npy("(8,)", {0, 1, 0, 1, 0.5, 0, 1, 0})}},
         {"estimate", "--t", "T.npy", "--y", "Y.npy"}, "Y.npy: "},
        {".npy inputs with fewer rows than T", {kT, {"X.npy", f8_npy("(7, 2)", std::vector<double>(14, 0.5))}},
         {"estimate", "--t", "T.npy", "--x", "X.npy"}, "X.npy: 7 rows, but T.npy has 8"},
        {".npy activations holding NaN", {{"T.npy", f8_npy("(8, 1)", {0, 1, 0, kNan, 1, 0, 1, 0})}, kY},
         {"estimate", "--t", "T.npy", "--y", "Y.npy"}, "binning: activation at row 3, column 0 is nan (estimate --t T.npy"},
        {".npy inputs holding inf", {kT, {"X.npy", f8_npy("(8, 2)", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, kInf, 0, 0, 0, 0})}},
         {"estimate", "--t", "T.npy", "--x", "X.npy", "--estimator", "ksg"},
         "ksg: input x at row 5, column 1 is inf (estimate --t T.npy --x X.npy)"},

        // INI files given to train --config.
        {"INI line without '='", {{"bad.ini", "epochs = 20\nlr\n"}}, train_config("bad.ini"), "bad.ini:2: "},
        {"INI value of the wrong type", {{"bad.ini", "epochs = twenty\n"}}, train_config("bad.ini"), "bad.ini:1: "},
        {"INI value out of range", {{"bad.ini", "lr = nan\n"}}, train_config("bad.ini"),
         "lr must be a positive number"},
        {"INI key set twice", {{"bad.ini", "lr = 0.1\nepochs = 5\nlr = 0.2\n"}}, train_config("bad.ini"),
         "bad.ini:3: 'lr' is set twice (first on line 1)"},
        {"INI setting the output directory", {{"bad.ini", "out = elsewhere\n"}}, train_config("bad.ini"),
         "bad.ini:1: 'out' belongs on the command line"},
        {"INI file that is a directory", {{"conf/x", ""}}, train_config("conf"), "conf: "},

        // Estimator specs, on train and on estimate.
        {"spec with no edges", {}, train_with({"--estimator", "binning:edges=0"}), "binning:edges=0"},
        {"spec with a NaN parameter", {}, train_with({"--estimator", "kde:var=nan"}), "kde:var=nan"},
        {"spec with k = 0", {}, train_with({"--estimator", "ksg:k=0"}), "ksg:k=0"},
        {"spec with a key twice", {}, train_with({"--estimator", "binning:edges=30,edges=40"}), "edges"},
        {"spec key without a value", {}, train_with({"--estimator", "binning:edges"}), "binning:edges"},
        {"spec with an unknown solver", {kT}, {"estimate", "--t", "T.npy", "--estimator", "renyi:solver=magic"},
         "renyi:solver=magic"},
        {"unknown activation for estimate", {kT}, {"estimate", "--t", "T.npy", "--activation", "swish"}, "swish"},

        // Options: sizes, rates and combinations that cannot train.
        {"batch size 0", {}, train_with({"--batch_size", "0"}), "batch_size must be positive"},
        {"negative batch size", {}, train_with({"--batch_size", "-4"}), "batch_size must be positive"},
        {"0 epochs", {}, train_with({"--epochs", "0"}), "epochs must be positive"},
        {"-1 epochs", {}, train_with({"--epochs", "-1"}), "epochs must be positive"},
        {"epochs not an integer", {}, train_with({"--epochs", "1.5"}), "epochs"},
        {"epochs beyond any integer", {}, train_with({"--epochs", "99999999999999999999"}), "epochs"},
        {"a hidden layer of width 0", {}, train_with({"--layers", "10,0,5"}), "layers: '0' is not a positive width"},
        {"no hidden layers", {}, train_with({"--layers", ""}), "layers: give at least one hidden width"},
        {"NaN learning rate", {}, train_with({"--lr", "nan"}), "lr must be a positive number"},
        {"infinite learning rate", {}, train_with({"--lr", "inf"}), "lr must be a positive number"},
        {"negative learning rate", {}, train_with({"--lr", "-0.01"}), "lr must be a positive number"},
        {"momentum 1", {}, train_with({"--optimizer", "sgd", "--momentum", "1"}), "momentum must be in [0, 1)"},
        {"negative momentum", {}, train_with({"--optimizer", "sgd", "--momentum", "-0.5"}), "momentum must be in [0, 1)"},
        {"negative weight decay", {}, train_with({"--weight_decay", "-1e-4"}), "weight_decay must be >= 0"},
        {"dropout 1", {}, train_with({"--dropout", "1"}), "dropout must be in [0, 1)"},
        {"train fraction 1", {}, train_with({"--train_fraction", "1"}), "train_fraction must be in (0, 1)"},
        {"0 snapshots", {}, train_with({"--snapshots", "0"}), "snapshots must be positive"},
        {"negative threads", {}, train_with({"--threads", "-2"}), "threads must be >= 0"},
        {"negative seed", {}, train_with({"--seed", "-1"}), "seed must be >= 0"},
        {"an unknown probe set", {}, train_with({"--probe", "validation"}), "probe: unknown value 'validation'"},
        {"Nesterov with Adam", {}, train_with({"--nesterov"}), "nesterov needs optimizer = sgd"},
        {"LeNet-5 on the SZT patterns", {}, train_with({"--model", "lenet5"}), "model: lenet5 needs 28x28 images"},
        {"a classifier trained with mse", {}, train_with({"--loss", "mse"}), "loss: an autoencoder is trained with"},
        {"MNIST with the SZT split", {}, train_with({"--dataset", "mnist"}), "split: mnist uses files"},
        {"an option without its value", {}, {"train", "--config", cli::demo_preset, "--out"}, "'--out'"},
        {"a stray word on train", {}, train_with({"extra"}), "train: unexpected argument 'extra'"},
        {"a stray word on estimate", {kT}, {"estimate", "--t", "T.npy", "T.npy"}, "estimate: unexpected argument 'T.npy'"},
        {"a stray word on bench", {}, {"bench", "szt-fullbatch"}, "bench: unexpected argument 'szt-fullbatch'"},
        {"an unknown option of estimate", {kT}, {"estimate", "--t", "T.npy", "--frobnicate"}, "'--frobnicate'"},
        {"estimate without a value for --t", {}, {"estimate", "--t"}, "'--t'"},
    };
}

}  // namespace

TEST_CASE("bad input: every row of the table exits 2 with one line naming the problem and leaves no files",
          "[apps]") {
    const std::vector<BadInput> rows = table();
    REQUIRE(rows.size() >= 30);
    for (const BadInput& row : rows) {
        const cli::TempDir dir;
        for (const File& file : row.files) dir.write(file.name, file.bytes);
        const std::vector<std::string> before = cli::entries_of(dir.path);
        const cli::CliResult result = cli::run_infoplane(row.arguments, dir.path, 20);
        std::string shown = "infoplane";
        for (const std::string& a : row.arguments) shown += " " + a;
        INFO(row.what << "\n" << shown << "\nexit " << result.status << "\nstdout: " << result.out
                      << "\nstderr: " << result.err);
        CHECK(result.status == 2);
        CHECK(result.out.empty());
        CHECK_THAT(result.err, StartsWith("infoplane: ") && Contains(row.message) && EndsWith("\n"));
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK(cli::entries_of(dir.path) == before);
    }
}
