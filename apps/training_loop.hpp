// apps/training_loop.hpp — one epoch of mini-batch training, shared by `train` and `bench`.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/train_config.hpp"
#include "nn/optimizer.hpp"
#include "nn/rng.hpp"
#include "nn/sequential.hpp"

namespace apps {

std::unique_ptr<nn::Optimizer> make_optimizer(const TrainConfig& config, std::vector<nn::Var> parameters);

// The loss of a batch and the scores it came from. Classifiers end in a softmax: for cross_entropy
// it is skipped and the fused softmax_cross_entropy is applied to the logits (the scores); for
// clipped_cross_entropy the scores are the probabilities. For mse (an autoencoder) the target is the
// input x itself, the scores are the reconstruction, and y is not used. x is a leaf without a gradient
// (a Var, so that a batch kept from step to step is not copied into a new one each step).
struct LossAndScores {
    nn::Var loss;
    nn::Var scores;
};
LossAndScores loss_of(nn::Sequential& model, const nn::Var& x, const std::vector<int>& y, const std::string& loss);

// How many rows' highest score is at their label.
std::size_t correct_predictions(const nn::Tensor& scores, const std::vector<int>& y);

// The mean loss (and, for classifiers, the accuracy) over all rows of (x, y), computed in chunks of
// `chunk` rows so that large image sets need no more memory than one chunk's activations. Call it in
// evaluation mode, without a graph (NoGradGuard).
struct Evaluation {
    double loss = 0.0;
    std::optional<double> accuracy = {};
};
Evaluation evaluate(nn::Sequential& model, const nn::Tensor& x, const std::vector<int>& y, const std::string& loss,
                    std::size_t chunk = 1024);

struct EpochResult {
    double mean_loss = 0.0;
    std::optional<double> accuracy = {};  // classifiers only
};

// What train_epoch needs besides the model: the epoch's order of rows and a batch's rows and labels.
// Kept by the caller from epoch to epoch, so that once the first epoch has sized them (and the buffer
// pool holds every tensor size a step uses) training allocates nothing.
struct EpochBuffers {
    std::vector<std::size_t> order;
    std::vector<std::size_t> batch_rows;
    std::vector<int> batch_y;
    nn::Var batch_x;
    // Full-batch training: batch_x and batch_y hold gathered_rows of *gathered_from and *gathered_labels,
    // reused while all three stay the same.
    const nn::Tensor* gathered_from = nullptr;
    const std::vector<int>* gathered_labels = nullptr;
    std::vector<std::size_t> gathered_rows;
};

// One pass over `rows` of (x, y) in an order drawn from rng, `batch_size` rows per optimizer step.
// Throws TrainingError naming `epoch` if a loss is not finite.
EpochResult train_epoch(nn::Sequential& model, nn::Optimizer& optimizer, const nn::Tensor& x, const std::vector<int>& y,
                        const std::vector<std::size_t>& rows, std::size_t batch_size, const std::string& loss,
                        nn::Rng& rng, long epoch, EpochBuffers& buffers);
// The same with buffers of its own, allocated anew on every call.
EpochResult train_epoch(nn::Sequential& model, nn::Optimizer& optimizer, const nn::Tensor& x, const std::vector<int>& y,
                        const std::vector<std::size_t>& rows, std::size_t batch_size, const std::string& loss,
                        nn::Rng& rng, long epoch);

}  // namespace apps
