// apps/bench_command.cpp — `infoplane bench`: the workloads that ../shared/bench/torch_train.py and
// torch_szt_ip.py time in PyTorch, with the same shapes, batch sizes, optimizers and epoch counts, so
// that the two can be run side by side on one machine (docs/performance.md).
#include <boost/program_options.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iterator>
#include <vector>
#include <iostream>

#include "apps/commands.hpp"
#include "apps/model.hpp"
#include "apps/options.hpp"
#include "apps/trainer.hpp"
#include "apps/training_loop.hpp"
#include "apps/validation.hpp"
#include "estimators/estimator.hpp"
#include "estimators/renyi.hpp"
#include "nn/linalg.hpp"

namespace po = boost::program_options;

namespace apps {

namespace {

struct Workload {
    std::string name;
    std::function<std::string()> run;  // returns the line's value with its unit
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Times `epochs` epochs of `config` on (x, y) after one warm-up epoch, as torch_train.py does, and
// reports the best of `blocks` such blocks (less noise from other processes than a single block; the
// arithmetic is the same every time).
std::string time_training(const TrainConfig& config, const nn::Tensor& x, const std::vector<int>& y,
                          std::size_t classes, long epochs, int blocks) {
    nn::Rng rng(0);
    std::vector<std::size_t> rows(y.size());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    Network net = build_network(config, x.size() / x.shape()[0], classes, rng);
    nn::Sequential& model = net.model;
    auto opt = make_optimizer(config, model.parameters());
    EpochBuffers buffers;  // kept across epochs, as infoplane train keeps them
    train_epoch(model, *opt, x, y, rows, config.batch_size, config.loss, rng, 0, buffers);
    double best = 1e300;
    for (int block = 0; block < blocks; ++block) {
        const auto start = std::chrono::steady_clock::now();
        for (long e = 0; e < epochs; ++e)
            train_epoch(model, *opt, x, y, rows, config.batch_size, config.loss, rng, e, buffers);
        best = std::min(best, seconds_since(start) / double(epochs));
    }
    return std::to_string(best * 1e3) + " ms/epoch";
}

// torch_train.py's optimizer for every row but batch32-adam: SGD lr 0.01, momentum 0.9.
TrainConfig sgd_config(std::size_t batch_size) {
    TrainConfig config;
    config.optimizer = "sgd";
    config.lr = 0.01;
    config.momentum = 0.9;
    config.batch_size = batch_size;
    return config;
}

// torch_train.py's SZT rows: 3482 random 12-bit rows with random labels, 12-10-7-5-4-3-2 tanh.
std::string time_szt_training(TrainConfig config, long epochs) {
    nn::Rng rng(0);
    const std::size_t N = 3482;
    nn::Tensor x({N, 12});
    std::vector<int> y(N);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(rng.uniform_int(2));
    for (int& label : y) label = int(rng.uniform_int(2));
    return time_training(config, x, y, 2, epochs, 3);
}

// torch_train.py's MNIST-sized rows: 10,000 uniform random 784-pixel rows (images of 1x28x28 for
// LeNet-5), random labels of 10 classes.
std::string time_mnist_training(const TrainConfig& config, long epochs) {
    nn::Rng rng(0);
    const std::size_t N = 10000;
    nn::Tensor x = config.model == "lenet5" ? nn::Tensor({N, 1, 28, 28}) : nn::Tensor({N, 784});
    std::vector<int> y(N);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(rng.uniform());
    for (int& label : y) label = int(rng.uniform_int(10));
    return time_training(config, x, y, 10, epochs, 1);
}

TrainConfig mnist_mlp_config() {  // 784-1024-20-20-20-10 ReLU, batch 128
    TrainConfig config = sgd_config(128);
    config.layers = {1024, 20, 20, 20};
    config.activation = "relu";
    return config;
}

TrainConfig autoencoder_config() {  // 784-1000-500-250-2-250-500-1000-784 sigmoid, batch 100, MSE
    TrainConfig config = sgd_config(100);
    config.model = "autoencoder";
    config.layers = {1000, 500, 250};
    config.bottleneck = 2;
    config.activation = "sigmoid";
    config.loss = "mse";
    return config;
}

TrainConfig lenet5_config() {  // LeNet-5, ReLU, batch 128
    TrainConfig config = sgd_config(128);
    config.model = "lenet5";
    config.activation = "relu";
    return config;
}

// numpy_estimators.py's estimator rows on six layers of tanh(N(0, 1)) activations, 4096 rows of widths
// 10, 7, 5, 4, 3, 2, random binary labels: binning (I(X;T) and I(T;Y) by 30 bins on [-1, 1], the mean of
// five calls) and kde_upper (the upper bound without labels at noise variance 0.1, the mean of two). One
// warm-up call per layer first, as the script's timeit.
std::string time_szt_estimator(const std::string& spec, bool with_labels, int repeats) {
    nn::Rng rng(0);
    const std::size_t N = 4096;
    std::vector<int> y(N);
    for (int& label : y) label = int(rng.uniform_int(2));
    std::vector<nn::Matrix> layers;
    for (std::size_t width : {10, 7, 5, 4, 3, 2}) {
        nn::Matrix t(N, width);
        for (double& v : t.data) v = std::tanh(rng.normal());
        layers.push_back(std::move(t));
    }
    const auto estimator = estimators::make_estimator(spec);
    auto all_layers = [&] {
        for (const nn::Matrix& t : layers) estimator->estimate({.t = &t, .y = with_labels ? &y : nullptr});
    };
    all_layers();
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) all_layers();
    return std::to_string(seconds_since(start) / repeats * 1e3) + " ms/epoch";
}

// GFLOP/s of the GEMMs one mnist-mlp training step makes (forward X W, weight gradient X^T dY, input
// gradient dY W^T of every layer but the first, with its layouts and shapes at batch 128), against
// sgemm on square 1024 matrices (../shared/bench/gemm_peak.c's peak), both through nn::gemm.
std::string time_mlp_gemms() {
    auto gflops = [](std::size_t M, std::size_t N, std::size_t K, nn::Transpose ta, nn::Transpose tb, int reps) {
        std::vector<float> a(M * K, 0.5f), b(K * N, 0.25f), c(M * N, 0.0f);
        const std::size_t lda = ta == nn::Transpose::No ? K : M, ldb = tb == nn::Transpose::No ? N : K;
        nn::gemm(ta, tb, M, N, K, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, c.data(), N);
        const auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < reps; ++r) nn::gemm(ta, tb, M, N, K, 1.0f, a.data(), lda, b.data(), ldb, 1.0f, c.data(), N);
        return 2.0 * double(M) * double(N) * double(K) * reps / seconds_since(start) / 1e9;
    };
    const double peak = gflops(1024, 1024, 1024, nn::Transpose::No, nn::Transpose::No, 5);
    const std::size_t B = 128, widths[] = {784, 1024, 20, 20, 20, 10};
    double flop = 0.0, seconds = 0.0;
    for (std::size_t l = 0; l + 1 < std::size(widths); ++l) {
        const std::size_t in = widths[l], out = widths[l + 1];
        const int reps = 50;
        auto add = [&](std::size_t M, std::size_t N, std::size_t K, nn::Transpose ta, nn::Transpose tb) {
            const double f = 2.0 * double(M) * double(N) * double(K);
            flop += f * reps;
            seconds += f * reps / (gflops(M, N, K, ta, tb, reps) * 1e9);
        };
        add(B, out, in, nn::Transpose::No, nn::Transpose::No);   // Y = X W
        add(in, out, B, nn::Transpose::Yes, nn::Transpose::No);  // dW = X^T dY
        if (l > 0) add(B, in, out, nn::Transpose::No, nn::Transpose::Yes);  // dX = dY W^T
    }
    const double step = flop / seconds / 1e9;
    return std::to_string(step) + " GFLOP/s, " + std::to_string(100.0 * step / peak) + " % of sgemm's " +
           std::to_string(peak) + " GFLOP/s on 1024^3";
}

// numpy_estimators.py's matrix Renyi rows: H_1.01 of N rows of uniform [0, 1) numbers in d = 784
// dimensions at sigma = sqrt(d) N^(-1/(4+d)), one entropy per call (distances, Gram matrix, eigenvalues).
// One warm-up call, then the mean of three calls (N <= 1024) or one call, as the script's timeit.
std::string time_renyi_entropy(std::size_t N) {
    nn::Rng rng(0);
    const std::size_t d = 784;
    nn::Matrix x(N, d);
    for (double& v : x.data) v = rng.uniform();
    const double sigma = std::sqrt(double(d)) * std::pow(double(N), -1.0 / (4.0 + double(d)));
    estimators::renyi_entropy_bits(x, sigma, 1.01);
    const int repeats = N <= 1024 ? 3 : 1;
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) estimators::renyi_entropy_bits(x, sigma, 1.01);
    return std::to_string(seconds_since(start) / repeats * 1e3) + " ms/call";
}

// The large-N path: one renyi estimate (default solver=auto, so stochastic Lanczos quadrature at this N)
// of H_1.01(T) and I(T;Y) for N = 10,000 uniform rows in d = 784 at est-renyi-N's sigma, with ten
// balanced labels: distances, Gram matrix, Lanczos for H(T), the exact per-class blocks of H(T,Y).
std::string time_renyi_lanczos(std::size_t N) {
    nn::Rng rng(0);
    const std::size_t d = 784;
    nn::Matrix x(N, d);
    for (double& v : x.data) v = rng.uniform();
    std::vector<int> y(N);
    for (std::size_t i = 0; i < N; ++i) y[i] = int(i % 10);
    const double sigma = std::sqrt(double(d)) * std::pow(double(N), -1.0 / (4.0 + double(d)));
    auto estimator = estimators::make_estimator("renyi:alpha=1.01,rule=fixed,sigma=" + estimators::format_number(sigma));
    const auto start = std::chrono::steady_clock::now();
    estimator->estimate({.t = &x, .y = &y});
    return std::to_string(seconds_since(start)) + " s/call";
}

// One k-NN estimate of I(X;T) for N correlated Gaussian pairs in d = 10 + 10 (rho = 0.5): ksg:k=3,variant=1
// (the joint max-norm k nearest neighbours in 20 dimensions, two marginal counts) or kl:k=5 (Euclidean
// k nearest neighbours in 10, 10 and 20 dimensions), on --threads threads (NeighbourSearch follows it).
std::string time_knn_estimator(const std::string& spec, std::size_t N) {
    nn::Rng rng(0);
    nn::Matrix x, t;
    correlated_gaussians(10, 0.5, N, rng, x, t);
    auto estimator = estimators::make_estimator(spec);
    const auto start = std::chrono::steady_clock::now();
    estimator->estimate({.t = &t, .x = &x});
    return std::to_string(seconds_since(start)) + " s/call";
}

// The whole IDNNs run of the szt_tanh preset (8000 epochs, 274 binning snapshots of 6 layers on all
// 4096 patterns), written to a temporary run directory that is removed afterwards.
std::string time_end_to_end(const std::string& preset) {
    if (!std::filesystem::exists(preset))
        throw std::invalid_argument("bench: preset " + preset + " not found (run from the source tree or pass --preset)");
    const TrainInvocation invocation = parse_train_arguments({"--config", preset, "--out", "unused"});
    const std::string out = (std::filesystem::temp_directory_path() / "infoplane-bench-end-to-end").string();
    const auto start = std::chrono::steady_clock::now();
    run_training(invocation.config, out, /*force=*/true, {.command_line = "infoplane bench", .seed = invocation.config.seed});
    const double seconds = seconds_since(start);
    std::filesystem::remove_all(out);
    return std::to_string(seconds) + " s";
}

}  // namespace

int bench_command(const Arguments& arguments) {
    std::string only, preset = "experiments/szt_tanh.ini";
    int threads = 1;
    bool help = false;
    po::options_description options("usage: infoplane bench [--workload NAME] [--threads N] [--preset FILE]");
    options.add_options()
        ("help,h", po::bool_switch(&help), "print this help")
        ("workload", po::value(&only), "run only this workload")
        ("threads", po::value(&threads)->default_value(threads), "threads of OpenBLAS and of the k-NN search (torch_train.py's default is 1)")
        ("preset", po::value(&preset)->default_value(preset), "the configuration szt-ip-end-to-end runs");
    po::variables_map vm;
    try {
        po::store(parse_options(arguments, options, "bench"), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw std::invalid_argument(std::string("bench: ") + error.what());
    }
    const std::vector<Workload> workloads = {
        {"szt-batch256-sgd", [] { return time_szt_training(sgd_config(256), 50); }},
        {"szt-fullbatch", [] { return time_szt_training(sgd_config(3482), 200); }},
        {"szt-batch32-adam", [] {
             TrainConfig adam;
             adam.lr = 1e-3;
             adam.batch_size = 32;
             return time_szt_training(adam, 20);
         }},
        {"mnist-mlp", [] { return time_mnist_training(mnist_mlp_config(), 3); }},
        {"autoencoder", [] { return time_mnist_training(autoencoder_config(), 2); }},
        {"lenet5", [] { return time_mnist_training(lenet5_config(), 2); }},
        {"gemm-mnist-mlp", [] { return time_mlp_gemms(); }},
        {"est-binning", [] { return time_szt_estimator("binning:edges=30,lo=-1,hi=1", true, 5); }},
        {"est-kde", [] { return time_szt_estimator("kde:bound=upper,var=0.1", false, 2); }},
        {"est-renyi-512", [] { return time_renyi_entropy(512); }},
        {"est-renyi-1024", [] { return time_renyi_entropy(1024); }},
        {"est-renyi-2048", [] { return time_renyi_entropy(2048); }},
        {"est-renyi-4096", [] { return time_renyi_entropy(4096); }},
        {"est-renyi-10000", [] { return time_renyi_lanczos(10000); }},
        {"est-ksg-10000", [] { return time_knn_estimator("ksg:k=3,variant=1", 10000); }},
        {"est-kl-10000", [] { return time_knn_estimator("kl:k=5", 10000); }},
        {"szt-ip-end-to-end", [&] { return time_end_to_end(preset); }},
    };
    if (help) {
        std::cout << options << "\nworkloads:";
        for (const Workload& w : workloads) std::cout << " " << w.name;
        std::cout << "\n";
        return 0;
    }
    bool found = only.empty();
    for (const Workload& w : workloads) found = found || w.name == only;
    if (!found) throw std::invalid_argument("bench: unknown workload '" + only + "'");
    nn::set_blas_threads(threads);
    for (const Workload& w : workloads) {
        if (!only.empty() && w.name != only) continue;
        std::cout << w.name << ": " << w.run() << std::endl;
    }
    return 0;
}

}  // namespace apps
