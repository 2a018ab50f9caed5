// apps/bench_command.cpp — `infoplane bench`: the workloads that ../shared/bench/torch_train.py and
// torch_szt_ip.py time in PyTorch, with the same shapes, batch sizes, optimizers and epoch counts, so
// that the two can be run side by side on one machine (docs/performance.md).
#include <boost/program_options.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>

#include "apps/commands.hpp"
#include "apps/model.hpp"
#include "apps/trainer.hpp"
#include "apps/training_loop.hpp"
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

// torch_train.py's SZT rows: 3482 random 12-bit rows with random labels, 12-10-7-5-4-3-2 tanh.
// One warm-up epoch, then `epochs` timed; the best of three such blocks is reported (less noise from
// other processes than a single block; the arithmetic is the same every time).
std::string time_szt_training(std::size_t batch_size, long epochs, const std::string& optimizer, double lr,
                              double momentum) {
    nn::Rng rng(0);
    const std::size_t N = 3482;
    nn::Tensor x({N, 12});
    std::vector<int> y(N);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(rng.uniform_int(2));
    for (int& label : y) label = int(rng.uniform_int(2));
    std::vector<std::size_t> rows(N);
    for (std::size_t i = 0; i < N; ++i) rows[i] = i;

    TrainConfig config;
    config.optimizer = optimizer;
    config.lr = lr;
    config.momentum = momentum;
    Network net = build_network(config, 12, 2, rng);
    nn::Sequential& model = net.model;
    auto opt = make_optimizer(config, model.parameters());
    train_epoch(model, *opt, x, y, rows, batch_size, config.loss, rng, 0);
    double best = 1e300;
    for (int block = 0; block < 3; ++block) {
        const auto start = std::chrono::steady_clock::now();
        for (long e = 0; e < epochs; ++e) train_epoch(model, *opt, x, y, rows, batch_size, config.loss, rng, e);
        best = std::min(best, seconds_since(start) / double(epochs));
    }
    return std::to_string(best * 1e3) + " ms/epoch";
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
        ("threads", po::value(&threads)->default_value(threads), "OpenBLAS threads (torch_train.py's default is 1)")
        ("preset", po::value(&preset)->default_value(preset), "the configuration szt-ip-end-to-end runs");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(arguments).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw std::invalid_argument(std::string("bench: ") + error.what());
    }
    const std::vector<Workload> workloads = {
        {"szt-batch256-sgd", [] { return time_szt_training(256, 50, "sgd", 0.01, 0.9); }},
        {"szt-fullbatch", [] { return time_szt_training(3482, 200, "sgd", 0.01, 0.9); }},
        {"szt-batch32-adam", [] { return time_szt_training(32, 20, "adam", 1e-3, 0.0); }},
        {"est-binning", [] { return time_szt_estimator("binning:edges=30,lo=-1,hi=1", true, 5); }},
        {"est-kde", [] { return time_szt_estimator("kde:bound=upper,var=0.1", false, 2); }},
        {"est-renyi-512", [] { return time_renyi_entropy(512); }},
        {"est-renyi-1024", [] { return time_renyi_entropy(1024); }},
        {"est-renyi-2048", [] { return time_renyi_entropy(2048); }},
        {"est-renyi-4096", [] { return time_renyi_entropy(4096); }},
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
