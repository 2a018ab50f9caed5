// apps/trainer.cpp — the training loop and the recording of the information plane.
#include "apps/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "apps/csv.hpp"
#include "apps/model.hpp"
#include "apps/plot_run.hpp"
#include "apps/progress.hpp"
#include "apps/training_loop.hpp"
#include "apps/schedule.hpp"
#include "datasets/input_scaling.hpp"
#include "datasets/mnist.hpp"
#include "datasets/split.hpp"
#include "datasets/szt.hpp"
#include "estimators/estimator.hpp"
#include "estimators/noisy.hpp"
#include "estimators/spec.hpp"
#include "estimators/geometry.hpp"
#include "infoplane/version.hpp"
#include "nn/linalg.hpp"
#include "nn/matrix.hpp"
#include "nn/ops.hpp"
#include "nn/optimizer.hpp"

namespace apps {

namespace {

// Training that ends an epoch on non-finite weights shows first in the recorded activations (the
// loss of that epoch's last batch was still finite): name the layer and the epoch.
void check_finite_activations(const nn::Matrix& t, const std::string& layer, long epoch) {
    const auto bad = std::find_if(t.data.begin(), t.data.end(), [](double v) { return !std::isfinite(v); });
    if (bad != t.data.end())
        throw TrainingError("training diverged: the activations of " + layer + " are " +
                            (std::isnan(*bad) ? std::string("nan") : format_number(*bad)) + " at epoch " +
                            std::to_string(epoch) + " (try a smaller lr)");
}

// A set of rows whose activations are recorded ("all", "train" or "test"), with one estimator
// instance per layer and spec (an estimator may keep state across the epochs of its layer).
struct ProbeSet {
    std::string name;
    nn::Tensor x;                     // (N, D) inputs
    nn::Matrix x_matrix;              // the same in double, for estimators that use X
    std::vector<int> y;               // (N)
    std::vector<int> x_ids;           // (N) equal ids <=> equal inputs
    bool inputs_distinct = true;      // then I(X;T) = H(T) and the ids need not be passed
    std::vector<std::vector<std::unique_ptr<estimators::Estimator>>> estimators;  // [layer][spec]
};

std::vector<std::size_t> probe_rows(const std::string& name, const datasets::Split& split, std::size_t n) {
    if (name == "train") return split.train;
    if (name == "test") return split.test;
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    return all;
}

// At most `samples` of the rows (0: all): a seeded random subset, kept in increasing row order, so that
// kernel estimators (N x N Gram matrices) stay affordable on image sets.
std::vector<std::size_t> subsample(std::vector<std::size_t> rows, std::size_t samples, nn::Rng& rng) {
    if (samples == 0 || samples >= rows.size()) return rows;
    const std::vector<std::size_t> order = rng.permutation(rows.size());
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < samples; ++i) kept.push_back(rows[order[i]]);
    std::sort(kept.begin(), kept.end());
    return kept;
}

// The run's data, its train/test split, and a line saying where the data came from (for run.ini).
struct RunData {
    datasets::Dataset data;
    datasets::Split split;
    std::string source;
};

RunData load_data(const TrainConfig& config, nn::Rng& rng) {
    if (config.dataset == "szt") {
        datasets::Dataset data = datasets::make_szt();
        datasets::Split split = datasets::make_split(config.split, data, config.train_fraction, rng);
        return {std::move(data), std::move(split), "szt (generated, data/szt/README.md's rule)"};
    }
    datasets::MnistData mnist = datasets::load_mnist(config.data_dir, config.dataset);
    if (config.split == "random") mnist.split = datasets::split_random(mnist.data, config.train_fraction, rng);
    return {std::move(mnist.data), std::move(mnist.split), std::move(mnist.source)};
}

// Dense networks take rows: images (N, C, H, W) become (N, C H W). LeNet-5 keeps the image shape.
void flatten_for_dense(datasets::Dataset& data, const TrainConfig& config) {
    if (config.model != "lenet5" && data.x.shape().rank() > 2) data.x.reshape({data.x.shape()[0], data.x.size() / data.x.shape()[0]});
}

std::vector<int> labels_of(const std::vector<int>& y, const std::vector<std::size_t>& rows) {
    std::vector<int> out(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out[i] = y[rows[i]];
    return out;
}

}  // namespace

TrainSummary run_training(const TrainConfig& input_config, const std::string& out_dir, bool force,
                          const RunProvenance& provenance, const Checkpoint* resume_from) {
    const auto start = std::chrono::steady_clock::now();
    TrainConfig config = input_config;
    nn::set_blas_threads(config.threads);
    nn::Rng rng(config.seed);

    RunData loaded = load_data(config, rng);
    // Every later reader of the inputs (training, metrics, the recorded X) sees them scaled; standardize
    // takes its statistics from the training rows only.
    datasets::scale_inputs(config.inputs, loaded.data.x, loaded.split.train);
    flatten_for_dense(loaded.data, config);
    const datasets::Dataset& data = loaded.data;
    const datasets::Split& split = loaded.split;
    Network net = build_network(config, data.x.size() / data.size(), std::size_t(data.num_classes), rng);
    nn::Sequential& model = net.model;
    std::unique_ptr<nn::Optimizer> optimizer = make_optimizer(config, model.parameters());
    const std::vector<long> schedule = config.schedule == "log" ? log_spaced_epochs(config.epochs, config.snapshots)
                                                                : every_k_epochs(config.epochs, config.every);
    const std::set<long> sampled(schedule.begin(), schedule.end());
    const std::vector<std::string> layer_names = model.probe_names();

    // noisy: the network's noise_sigma fills or checks the spec's sigma, and since the estimator adds the
    // noise itself it reads each layer without the network's noise, from a noise-free copy of the network
    // given the trained weights at every recording (docs/estimators.md, "Noisy layers").
    std::vector<bool> reads_clean;
    for (std::string& spec : config.estimators) {
        spec = estimators::noisy_spec_for_network(spec, config.noise_sigma);
        reads_clean.push_back(config.noise_sigma > 0.0 && estimators::Spec(spec).name() == "noisy");
    }
    std::optional<Network> clean;
    if (std::find(reads_clean.begin(), reads_clean.end(), true) != reads_clean.end()) {
        TrainConfig clean_config = config;
        clean_config.noise_sigma = 0.0;
        nn::Rng unused(0);  // the copy's initial weights are overwritten before every use
        clean.emplace(build_network(clean_config, data.x.size() / data.size(), std::size_t(data.num_classes), unused));
    }

    // The estimators, and the extra CSV columns they fill (in order of first appearance).
    std::vector<std::string> diagnostics;
    std::vector<ProbeSet> probes;
    for (const std::string& name : config.probe) {
        ProbeSet probe;
        probe.name = name;
        const std::vector<std::size_t> rows = subsample(probe_rows(name, split, data.size()), config.probe_samples, rng);
        probe.x = data.x.gather_rows(rows);
        probe.x_matrix = nn::to_matrix(probe.x);
        probe.y = labels_of(data.y, rows);
        probe.x_ids = labels_of(data.input_id, rows);
        probe.inputs_distinct = std::set<int>(probe.x_ids.begin(), probe.x_ids.end()).size() == rows.size();
        probe.estimators.resize(layer_names.size());
        for (auto& per_layer : probe.estimators)
            for (const std::string& spec : config.estimators) {
                per_layer.push_back(estimators::make_estimator(spec));
                for (const std::string& column : per_layer.back()->diagnostic_names())
                    if (std::find(diagnostics.begin(), diagnostics.end(), column) == diagnostics.end())
                        diagnostics.push_back(column);
            }
        probes.push_back(std::move(probe));
    }
    config.estimators.clear();  // run.ini records the resolved specs, every parameter spelled out
    for (const auto& estimator : probes.front().estimators.front()) config.estimators.push_back(estimator->spec());

    // Everything checked: now the files (a resumed run keeps its run.ini and continues its CSVs).
    RunDirectory run = resume_from ? RunDirectory::existing(out_dir) : RunDirectory(out_dir, force);
    const std::string second_variable =
        net.reconstructs ? "# i_ty_bits holds I(T;X'), X' the autoencoder's output on the same rows\n" : "";
    if (!resume_from)
        write_file_atomically(run.file("run.ini"), provenance_comments(provenance) + "# data: " + loaded.source + "\n" +
                                                       "# blas: OpenBLAS " + nn::blas_core() + " kernels, " +
                                                       std::to_string(nn::blas_threads()) + " thread(s)\n" +
                                                       second_variable + to_ini(config));
    const std::vector<std::string> metrics_header = {"epoch", "split", "loss", "accuracy"};
    CsvAppender metrics = resume_from ? CsvAppender(run.file("metrics.csv"), metrics_header.size(), resume_from->metrics_bytes)
                                      : CsvAppender(run.file("metrics.csv"), provenance, metrics_header);
    std::vector<std::string> plane_header = {"epoch", "layer", "layer_name", "estimator", "split", "i_xt_bits", "i_ty_bits"};
    if (config.geometry) {
        const auto names = estimators::geometry_column_names();
        plane_header.insert(plane_header.end(), names.begin(), names.end());
    }
    plane_header.insert(plane_header.end(), diagnostics.begin(), diagnostics.end());
    CsvAppender plane = resume_from ? CsvAppender(run.file("information_plane.csv"), plane_header.size(), resume_from->plane_bytes)
                                    : CsvAppender(run.file("information_plane.csv"), provenance, plane_header);

    const std::vector<int> train_y = labels_of(data.y, split.train);  // for the metrics
    const nn::Tensor train_x = data.x.gather_rows(split.train);
    const nn::Tensor test_x = data.x.gather_rows(split.test);
    const std::vector<int> test_y = labels_of(data.y, split.test);

    auto record = [&](long epoch) {
        {
            nn::NoGradGuard no_grad;
            model.set_training(false);  // no dropout while measuring; back on below
            const struct { const char* name; const nn::Tensor& x; const std::vector<int>& y; } sets[] = {
                {"train", train_x, train_y}, {"test", test_x, test_y}};
            for (const auto& set : sets) {
                if (set.y.empty()) continue;
                const Evaluation eval = evaluate(model, set.x, set.y, config.loss);
                metrics.row({std::to_string(epoch), set.name, format_number(eval.loss),
                             eval.accuracy ? format_number(*eval.accuracy) : std::string()});
            }
            model.set_training(true);
        }
        if (clean) {
            const std::vector<nn::Var> trained = model.parameters();
            std::vector<nn::Var> copies = clean->model.parameters();
            for (std::size_t k = 0; k < trained.size(); ++k) copies[k].value() = trained[k].value();
        }
        for (ProbeSet& probe : probes) {
            const std::vector<nn::LayerOutput> layers = model.probe(probe.x);
            const std::vector<nn::LayerOutput> clean_layers = clean ? clean->model.probe(probe.x) : std::vector<nn::LayerOutput>();
            // An autoencoder's second variable is its output X' (the last probe point), not the labels.
            const nn::Matrix output = net.reconstructs ? nn::to_matrix(layers.back().value) : nn::Matrix();
            for (std::size_t l = 0; l < layers.size(); ++l) {
                const nn::Matrix t = nn::to_matrix(layers[l].value);
                check_finite_activations(t, layers[l].name, epoch);
                const nn::Matrix clean_t = clean ? nn::to_matrix(clean_layers[l].value) : nn::Matrix();
                const estimators::Observations observations{
                    .t = &t,
                    .x = &probe.x_matrix,
                    .x_ids = probe.inputs_distinct ? nullptr : &probe.x_ids,
                    .y = net.reconstructs ? nullptr : &probe.y,
                    .y_matrix = net.reconstructs ? &output : nullptr,
                    .activation = net.activations[l]};
                // The geometry is the layer's, not an estimator's: computed once, repeated on its rows.
                std::vector<std::string> geometry;
                if (config.geometry)
                    for (double value : estimators::geometry_values(estimators::layer_geometry(
                             t, probe.y.empty() ? nullptr : &probe.y, net.activations[l])))
                        geometry.push_back(format_number(value));
                for (std::size_t e = 0; e < probe.estimators[l].size(); ++e) {
                    const auto& estimator = probe.estimators[l][e];
                    estimators::Observations seen = observations;
                    if (reads_clean[e]) seen.t = &clean_t;
                    const estimators::Estimate estimate = estimator->estimate(seen);
                    std::vector<std::string> row = {std::to_string(epoch), std::to_string(l + 1), layers[l].name,
                                                    estimator->spec(), probe.name, format_number(estimate.i_xt_bits),
                                                    estimate.i_ty_bits ? format_number(*estimate.i_ty_bits) : ""};
                    row.insert(row.end(), geometry.begin(), geometry.end());
                    row.resize(plane_header.size());
                    const auto names = estimator->diagnostic_names();
                    for (std::size_t d = 0; d < names.size(); ++d) {
                        const auto column = std::find(plane_header.begin(), plane_header.end(), names[d]);
                        row[std::size_t(column - plane_header.begin())] = format_number(estimate.diagnostics.at(d));
                    }
                    plane.row(row);
                }
            }
        }
        metrics.flush();
        plane.flush();
    };

    // A checkpoint follows the flushed rows, so the CSV lengths it records end in complete lines. An
    // estimator that carries state from epoch to epoch (renyi's smoothed width under rule=alignment)
    // keeps it to itself: such runs take no checkpoints and a resume starts them over.
    const bool checkpoints = std::none_of(config.estimators.begin(), config.estimators.end(), [](const std::string& spec) {
        return spec.find("rule=alignment") != std::string::npos;
    });
    const std::string checkpoint_path = run.file("checkpoint.bin");
    auto checkpoint = [&](long epoch) {
        Checkpoint state = capture_checkpoint(epoch, model, *optimizer, rng);
        state.metrics_bytes = metrics.bytes();
        state.plane_bytes = plane.bytes();
        write_checkpoint(checkpoint_path, state);
    };

    TrainSummary summary;
    long first_epoch = 0;
    if (resume_from) {  // the rows of the checkpoint's epoch are written; its training is not done yet
        if (resume_from->epoch >= config.epochs)
            throw std::runtime_error(checkpoint_path + ": checkpoint at epoch " + std::to_string(resume_from->epoch) +
                                     ", not within the run's " + std::to_string(config.epochs) + " epochs");
        restore_checkpoint(*resume_from, checkpoint_path, model, *optimizer, rng);
        first_epoch = resume_from->epoch;
        summary.sampled_epochs = long(std::count_if(schedule.begin(), schedule.end(), [&](long e) { return e <= first_epoch; }));
    }
    Progress progress(config.epochs);
    EpochBuffers buffers;  // kept across epochs: training allocates nothing once they are sized
    for (long epoch = first_epoch; epoch <= config.epochs; ++epoch) {
        const bool continuing = resume_from && epoch == first_epoch;
        if (sampled.count(epoch) && !continuing) {
            if (summary.sampled_epochs == 0) {
                // The first estimates are where an estimator meets data it cannot take (an autoencoder's
                // output for a label-only estimator, a layer whose activation a binning mode needs):
                // that is bad input, so no files stay behind.
                try {
                    record(epoch);
                } catch (const std::invalid_argument&) {
                    std::error_code ignored;
                    std::filesystem::remove_all(run.path(), ignored);
                    throw;
                }
            } else {
                try {
                    record(epoch);
                } catch (const TrainingError& error) {
                    std::error_code ignored;
                    std::filesystem::remove(checkpoint_path, ignored);  // resuming would diverge again
                    throw TrainingError(std::string(error.what()) + "; the rows written so far are in " + out_dir);
                }
            }
            ++summary.sampled_epochs;
        }
        if (epoch == config.epochs) break;
        if (checkpoints && !continuing && (sampled.count(epoch) || epoch % kCheckpointEvery == 0)) checkpoint(epoch);

        EpochResult result;
        try {
            result = train_epoch(model, *optimizer, data.x, data.y, split.train, config.batch_size, config.loss, rng, epoch,
                                 buffers);
        } catch (const TrainingError& error) {
            // Resuming would replay the same steps into the same divergence: nothing to continue.
            std::error_code ignored;
            std::filesystem::remove(checkpoint_path, ignored);
            throw TrainingError(std::string(error.what()) + "; the rows written so far are in " + out_dir);
        }
        summary.final_train_accuracy = result.accuracy;
        summary.final_train_loss = result.mean_loss;
        progress.update(epoch + 1, result.mean_loss, result.accuracy);
    }
    plot_run(run.path());
    std::error_code ignored;
    std::filesystem::remove(checkpoint_path, ignored);  // finished: the directory holds the results only
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace apps
