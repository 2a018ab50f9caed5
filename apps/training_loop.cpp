// apps/training_loop.cpp — batches, loss, backward, step.
#include "apps/training_loop.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "apps/csv.hpp"
#include "apps/trainer.hpp"
#include "nn/ops.hpp"

namespace apps {

std::unique_ptr<nn::Optimizer> make_optimizer(const TrainConfig& c, std::vector<nn::Var> parameters) {
    if (c.optimizer == "sgd")
        return std::make_unique<nn::Sgd>(std::move(parameters),
                                         nn::SgdOptions{.lr = float(c.lr), .momentum = float(c.momentum),
                                                        .nesterov = c.nesterov, .weight_decay = float(c.weight_decay),
                                                        .decoupled_weight_decay = c.decoupled_weight_decay});
    return std::make_unique<nn::Adam>(std::move(parameters),
                                      nn::AdamOptions{.lr = float(c.lr), .weight_decay = float(c.weight_decay),
                                                      .decoupled_weight_decay = c.decoupled_weight_decay});
}

LossAndScores loss_of(nn::Sequential& model, const nn::Var& x, const std::vector<int>& y, const std::string& loss) {
    if (loss == "mse") {  // an autoencoder: reproduce the input
        nn::Var reconstruction = model.forward(x);
        return {nn::mse(reconstruction, x.value()), reconstruction};
    }
    if (loss == "clipped_cross_entropy") {  // IDNNs: on the softmax output, clipped at 1e-50
        nn::Var p = model.forward(x);
        return {nn::clipped_cross_entropy(p, y), p};
    }
    nn::Var logits = model.forward(x, model.size() - 1);  // all but the final softmax
    return {nn::softmax_cross_entropy(logits, y), logits};
}

std::size_t correct_predictions(const nn::Tensor& scores, const std::vector<int>& y) {
    std::size_t correct = 0;
    const std::size_t K = scores.cols();
    for (std::size_t n = 0; n < y.size(); ++n) {
        const float* row = scores.data() + n * K;
        std::size_t best = 0;  // the first highest score, as std::max_element; a select, not a branch a
        for (std::size_t k = 1; k < K; ++k) best = row[best] < row[k] ? k : best;  // coin toss would mispredict
        correct += best == std::size_t(y[n]);
    }
    return correct;
}

Evaluation evaluate(nn::Sequential& model, const nn::Tensor& x, const std::vector<int>& y, const std::string& loss,
                    std::size_t chunk) {
    const std::size_t N = y.size();
    double loss_sum = 0.0;
    std::size_t correct = 0;
    std::vector<std::size_t> rows;
    std::vector<int> labels;
    for (std::size_t begin = 0; begin < N; begin += chunk) {
        const std::size_t end = std::min(N, begin + chunk);
        rows.clear();
        labels.assign(y.begin() + std::ptrdiff_t(begin), y.begin() + std::ptrdiff_t(end));
        for (std::size_t i = begin; i < end; ++i) rows.push_back(i);
        const LossAndScores part = loss_of(model, nn::Var(x.gather_rows(rows)), labels, loss);
        loss_sum += double(part.loss.value()[0]) * double(end - begin);  // each chunk's loss is a mean
        if (loss != "mse") correct += correct_predictions(part.scores.value(), labels);
    }
    Evaluation result{.loss = N == 0 ? 0.0 : loss_sum / double(N)};
    if (loss != "mse" && N > 0) result.accuracy = double(correct) / double(N);
    return result;
}

EpochResult train_epoch(nn::Sequential& model, nn::Optimizer& optimizer, const nn::Tensor& x, const std::vector<int>& y,
                        const std::vector<std::size_t>& rows, std::size_t batch_size, const std::string& loss,
                        nn::Rng& rng, long epoch, EpochBuffers& buffers) {
    // rng.permutation(n), drawn into the kept buffer: the same order without a new vector. One batch of
    // every row has no order to draw (the mean loss is the same in any order); it is gathered once.
    std::vector<std::size_t>& order = buffers.order;
    order.resize(rows.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    const bool full_batch = batch_size >= rows.size();
    if (!full_batch) rng.shuffle(order);
    double loss_sum = 0.0;
    std::size_t correct = 0;
    std::vector<std::size_t>& batch_rows = buffers.batch_rows;
    std::vector<int>& batch_y = buffers.batch_y;
    for (std::size_t begin = 0; begin < order.size(); begin += batch_size) {
        const std::size_t end = std::min(order.size(), begin + batch_size);
        // A full batch is `rows` in order: gathered once, kept while x, y and rows stay the same.
        const bool gathered = full_batch && buffers.gathered_from == &x && buffers.gathered_labels == &y &&
                              buffers.gathered_rows == rows;
        if (!gathered) {
            batch_rows.clear();
            batch_y.clear();
            for (std::size_t i = begin; i < end; ++i) {
                batch_rows.push_back(rows[order[i]]);
                batch_y.push_back(y[batch_rows.back()]);
            }
            buffers.batch_x = nn::Var(x.gather_rows(batch_rows));
            buffers.gathered_from = full_batch ? &x : nullptr;
            buffers.gathered_labels = full_batch ? &y : nullptr;
            if (full_batch) buffers.gathered_rows = rows;
        }
        optimizer.zero_grad();
        const LossAndScores batch = loss_of(model, buffers.batch_x, batch_y, loss);
        const double value = batch.loss.value()[0];
        if (!std::isfinite(value))
            throw TrainingError("training diverged: the loss is " + (std::isnan(value) ? "nan" : format_number(value)) + " at epoch " +
                                std::to_string(epoch) + " (try a smaller lr)");
        nn::backward(batch.loss);
        optimizer.step();
        loss_sum += value * double(batch_y.size());
        if (loss != "mse") correct += correct_predictions(batch.scores.value(), batch_y);
    }
    EpochResult result{.mean_loss = loss_sum / double(order.size())};
    if (loss != "mse") result.accuracy = double(correct) / double(order.size());
    return result;
}

EpochResult train_epoch(nn::Sequential& model, nn::Optimizer& optimizer, const nn::Tensor& x, const std::vector<int>& y,
                        const std::vector<std::size_t>& rows, std::size_t batch_size, const std::string& loss,
                        nn::Rng& rng, long epoch) {
    EpochBuffers buffers;
    return train_epoch(model, optimizer, x, y, rows, batch_size, loss, rng, epoch, buffers);
}

}  // namespace apps
