// apps/trainer.hpp — one training run from configuration to run directory:
// Dataset -> network trained by our engine -> activations of every layer on the probe sets at the
// sampled epochs -> estimators -> information_plane.csv (and metrics.csv, run.ini, the SVG plot).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>

#include "apps/checkpoint.hpp"
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
// The run writes out_dir/checkpoint.bin at every sampled epoch (after its rows are flushed) and at
// every multiple of kCheckpointEvery epochs, and removes it once the SVG is written (or when the run
// diverges: a resume would only repeat that). Runs whose estimators keep state across epochs (renyi
// rule=alignment) write none: a resume trains them again from epoch 0.
// With `resume_from` (read from out_dir/checkpoint.bin), out_dir is that existing run: its CSVs are cut
// to the recorded lengths and training continues at the checkpoint's epoch; `force` is not used.
inline constexpr long kCheckpointEvery = 100;
TrainSummary run_training(const TrainConfig& config, const std::string& out_dir, bool force,
                          const RunProvenance& provenance, const Checkpoint* resume_from = nullptr);

struct ResumeSummary {
    bool already_finished = false;  // the run had finished: nothing was changed
    bool started_over = false;      // no checkpoint yet: trained from epoch 0 into the same directory
    long from_epoch = 0;            // the epoch training continued from
    TrainSummary summary;
};

// `train --resume DIR` (config read from DIR/run.ini): continues DIR from its checkpoint so that its
// files end byte-identical to an uninterrupted run's. The original command line stays in every file;
// the resume is recorded as a line of DIR/resume.log. Without a checkpoint the run starts over in DIR
// (same bytes, as the seed fixes everything); a finished run (SVG written, no checkpoint) is left alone.
// Throws std::runtime_error naming the file for a corrupt checkpoint or a run directory that is not one.
ResumeSummary resume_training(const TrainConfig& config, const std::string& run_dir, const std::string& command_line);

}  // namespace apps
