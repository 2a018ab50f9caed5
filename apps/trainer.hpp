// apps/trainer.hpp — one training run from configuration to run directory:
// Dataset -> network trained by our engine -> activations of every layer on the probe sets at the
// sampled epochs -> estimators -> information_plane.csv (and metrics.csv, run.ini, the SVG plot).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>

#include "apps/run_directory.hpp"
#include "apps/train_config.hpp"

namespace apps {

// Training went wrong (the loss is not finite); the rows written so far are kept.
class TrainingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TrainSummary {
    long sampled_epochs = 0;
    double final_train_loss = 0.0;
    std::optional<double> final_train_accuracy;  // classifiers only
    double seconds = 0.0;
};

// Everything is checked (configuration, data, estimators) before the run directory is created, so
// bad input leaves no files behind. Throws TrainingError on divergence.
TrainSummary run_training(const TrainConfig& config, const std::string& out_dir, bool force,
                          const RunProvenance& provenance);

}  // namespace apps
