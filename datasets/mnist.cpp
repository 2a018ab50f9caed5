// datasets/mnist.cpp — MNIST-format image and label files checked against each other and turned into a
// Dataset; the four files of a data directory found under their standard names.
#include "datasets/mnist.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "datasets/idx.hpp"
#include "nn/check.hpp"

namespace datasets {

namespace {

constexpr std::size_t kSide = 28;
constexpr int kClasses = 10;

// An images file and its labels file, read and checked against each other.
struct ImagesAndLabels {
    IdxArray images;  // (N, 28, 28)
    IdxArray labels;  // (N), each 0..9
};

std::string dims_text(const std::vector<std::size_t>& dims) {
    std::string text = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
    return text + ")";
}

ImagesAndLabels read_checked(const std::string& images_path, const std::string& labels_path) {
    ImagesAndLabels pair{read_idx(images_path), read_idx(labels_path)};
    const auto& image_dims = pair.images.dims;
    if (image_dims.size() != 3 || image_dims[1] != kSide || image_dims[2] != kSide)
        throw std::runtime_error(images_path + ": images must be (N, 28, 28), not " + dims_text(image_dims));
    if (pair.labels.dims.size() != 1)
        throw std::runtime_error(labels_path + ": labels must be (N), not " + dims_text(pair.labels.dims));
    if (image_dims[0] != pair.labels.dims[0])
        throw std::runtime_error(images_path + ": " + std::to_string(image_dims[0]) + " images, but " +
                                 labels_path + " has " + std::to_string(pair.labels.dims[0]) + " labels");
    for (std::size_t i = 0; i < pair.labels.data.size(); ++i)
        if (pair.labels.data[i] >= kClasses)
            throw std::runtime_error(labels_path + ": label " + std::to_string(i) + " is " +
                                     std::to_string(pair.labels.data[i]) + ", outside 0..9");
    return pair;
}

// The pairs one after another: x (N, 1, 28, 28) = byte / 255, y, input_id[i] = i.
Dataset make_dataset(const std::vector<ImagesAndLabels>& pairs, const std::string& name) {
    std::size_t n = 0;
    for (const auto& pair : pairs) n += pair.labels.data.size();
    Dataset data;
    data.name = name;
    data.num_classes = kClasses;
    data.x = nn::Tensor::uninitialized(nn::Shape{n, 1, kSide, kSide});
    data.y.reserve(n);
    float* x = data.x.data();
    for (const auto& pair : pairs) {
        // float(byte) / 255 rounds once, as torchvision's ToTensor (byte tensor .float().div(255)).
        for (std::uint8_t byte : pair.images.data) *x++ = float(byte) / 255.0f;
        data.y.insert(data.y.end(), pair.labels.data.begin(), pair.labels.data.end());
    }
    data.input_id.resize(n);
    for (std::size_t i = 0; i < n; ++i) data.input_id[i] = int(i);
    return data;
}

}  // namespace

Dataset read_mnist_files(const std::string& images_path, const std::string& labels_path, const std::string& name) {
    NN_CHECK(!name.empty(), "read_mnist_files: the data set needs a name");
    return make_dataset({read_checked(images_path, labels_path)}, name);
}

std::string find_idx_file(const std::string& data_dir, const std::string& stem) {
    const std::filesystem::path raw = std::filesystem::path(data_dir) / stem;
    if (std::filesystem::exists(raw)) return raw.string();
    const std::filesystem::path gz = std::filesystem::path(data_dir) / (stem + ".gz");
    if (std::filesystem::exists(gz)) return gz.string();
    throw std::runtime_error(data_dir + ": neither " + stem + " nor " + stem + ".gz is there (scripts/fetch-data.sh "
                             "fetches MNIST and Fashion-MNIST into data/)");
}

std::string mnist_source(const std::string& data_dir, const std::string& name) {
    const std::filesystem::path path = std::filesystem::path(data_dir) / kMnistSourceFile;
    if (!std::filesystem::exists(path)) return name + " (IDX files in " + data_dir + ")";
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty())
        throw std::runtime_error(path.string() + ": cannot read its first line, which names the data's source");
    return line;
}

MnistData load_mnist(const std::string& data_dir, const std::string& name) {
    NN_CHECK(!name.empty(), "load_mnist: the data set needs a name");
    if (!std::filesystem::is_directory(data_dir))
        throw std::runtime_error(data_dir + ": no such directory (scripts/fetch-data.sh fetches MNIST and "
                                            "Fashion-MNIST into data/)");
    std::vector<std::string> paths;  // all four found before any is read
    for (const char* stem : {kMnistTrainImages, kMnistTrainLabels, kMnistTestImages, kMnistTestLabels})
        paths.push_back(find_idx_file(data_dir, stem));
    std::vector<ImagesAndLabels> pairs;
    pairs.push_back(read_checked(paths[0], paths[1]));
    pairs.push_back(read_checked(paths[2], paths[3]));
    MnistData result{make_dataset(pairs, name), {}, mnist_source(data_dir, name)};
    const std::size_t n_train = pairs[0].labels.data.size();
    for (std::size_t i = 0; i < result.data.size(); ++i)
        (i < n_train ? result.split.train : result.split.test).push_back(i);
    return result;
}

}  // namespace datasets
