// apps/train_config.hpp — everything that defines a training run, as read from the command line and
// an INI file (`--config`; a flag given on the command line overrides the file), and written back as
// the run's run.ini so that the run can be repeated bit for bit.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace apps {

struct TrainConfig {
    // data
    std::string dataset = "szt";         // szt | mnist | fashion-mnist
    std::string data_dir = "data";       // mnist, fashion-mnist: the IDX files (scripts/fetch-data.sh)
    std::string split = "idnns";         // szt: idnns | saxe | random; mnist: files | random
    double train_fraction = 0.8;
    std::vector<std::string> probe = {"all"};  // the sets whose activations are recorded: all | train | test
    std::size_t probe_samples = 0;       // record at most this many rows of each probe set (0: all)
    std::string inputs = "unit";         // unit ([0, 1] as loaded) | symmetric (2x - 1, ibsgd) | standardize
                                         // (per feature, training rows' statistics): datasets/input_scaling.hpp

    // network. mlp: hidden widths, their activation, then a softmax output over the classes.
    // lenet5: LeNet-5 on 1x28x28 images (apps/model.hpp), `activation` between its layers.
    // autoencoder: encoder widths, a linear code of `bottleneck` units, the mirrored decoder, and a
    // sigmoid output of the input's size, trained with loss = mse to reproduce its input.
    std::string model = "mlp";           // mlp | lenet5 | autoencoder
    std::vector<std::size_t> layers = {10, 7, 5, 4, 3};
    std::size_t bottleneck = 2;          // autoencoder: the code width K
    double noise_sigma = 0.0;            // Gaussian noise after every hidden layer, kept in recording (Goldfeld et al.)
    double dropout = 0.0;                // dropout after every hidden layer, in training only
    std::string activation = "tanh";     // tanh | sigmoid | relu | linear
    std::string init = "truncated_normal";
    std::string loss = "cross_entropy";  // cross_entropy (softmax on logits) | clipped_cross_entropy (IDNNs) | mse

    // training
    std::string optimizer = "adam";      // adam | sgd
    double lr = 4e-4;
    double momentum = 0.0;               // sgd
    bool nesterov = false;               // sgd
    double weight_decay = 0.0;
    bool decoupled_weight_decay = false; // AdamW / SGDW instead of L2 in the gradient
    std::size_t batch_size = 512;
    long epochs = 8000;
    std::uint64_t seed = 1;
    int threads = 1;                     // OpenBLAS threads

    // information plane
    std::string schedule = "log";        // log (IDNNs' log-spaced epochs) | every
    long snapshots = 274;                // log: how many distinct epochs
    long every = 100;                    // every: the step between sampled epochs
    std::vector<std::string> estimators = {"binning"};
    bool geometry = false;               // add the layer-geometry columns (estimators/geometry.hpp) to every row
};

// Parses `infoplane train` arguments (without the word "train"). Throws std::invalid_argument with the
// option or "PATH:LINE:" of the INI file for unknown keys, bad values, and inconsistent settings, and
// std::runtime_error "PATH: ..." when the --config file cannot be read or is not INI.
struct TrainInvocation {
    TrainConfig config;
    std::string config_path;  // --config, or empty
    std::string out_dir;      // --out
    bool force = false;       // --force: replace an existing run directory
    std::string resume_dir;   // --resume: continue this run; the configuration is its run.ini, out_dir is it
    bool help = false;
};
TrainInvocation parse_train_arguments(const std::vector<std::string>& arguments);
std::string train_usage();

// The configuration as INI text that parse_train_arguments reads back to the same TrainConfig.
std::string to_ini(const TrainConfig& config);

}  // namespace apps
