// nn/ops_loss.cpp — losses and reductions. Each returns a (1, 1) Var and accumulates in double.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "nn/check.hpp"
#include "nn/ops.hpp"

namespace nn {

namespace {

void check_labels(const char* op, const Var& x, const std::vector<int>& labels) {
    NN_CHECK(x.shape().rank() == 2 && x.shape()[0] == labels.size() && x.shape()[0] > 0,
             op << ": " << labels.size() << " labels for an input of shape " << x.shape());
    const int K = int(x.shape()[1]);
    for (std::size_t n = 0; n < labels.size(); ++n)
        NN_CHECK(labels[n] >= 0 && labels[n] < K,
                 op << ": label " << labels[n] << " of row " << n << " is not in 0.." << K - 1);
}

Tensor scalar(double value) { return Tensor({1, 1}, float(value)); }

// A closure's own copy of the labels (the caller's vector may be gone when backward runs), in pool
// memory so that the copy allocates nothing step after step.
using Labels = std::vector<int, PoolAllocator<int>>;
Labels copy_of(const std::vector<int>& labels) { return Labels(labels.begin(), labels.end()); }

// sum_n log(t_n) for factors t_n >= 1, as the log of their product: one log call for a whole batch
// instead of one a row, which on a narrow softmax costs more than the rest of the row. The product's
// binary exponent is moved out before it can overflow; its relative rounding stays below N 2^-53.
class LogOfProduct {
public:
    void multiply(double factor) {
        mantissa_ *= factor;
        if (mantissa_ > 0x1p512) {
            int exponent = 0;
            mantissa_ = std::frexp(mantissa_, &exponent);
            exponent_ += exponent;
        }
    }
    double value() const { return std::log(mantissa_) + double(exponent_) * std::numbers::ln2; }

private:
    double mantissa_ = 1.0;
    long exponent_ = 0;
};

}  // namespace

// loss = -1/N sum_n log p[n, y_n],  p = softmax(logits)     dlogits += dloss * (p - onehot(y)) / N
// Fused because the two backward passes simplify to p - onehot, which is exact and stable.
Var softmax_cross_entropy(const Var& logits, const std::vector<int>& labels) {
    check_labels("softmax_cross_entropy", logits, labels);
    const std::size_t N = logits.shape()[0], K = logits.shape()[1];
    Tensor p = Tensor::uninitialized(logits.shape());
    double picked = 0.0;      // sum_n (x[n, y_n] - max_n)
    LogOfProduct log_totals;  // sum_n log(sum_k exp(x[n, k] - max_n))
    for (std::size_t n = 0; n < N; ++n) {
        const float* x = logits.value().data() + n * K;
        float* pn = p.data() + n * K;
        const float max = *std::max_element(x, x + K);  // guards exp() against overflow
        double total = 0.0;
        if (K == 2 && std::isfinite(max)) {
            // Two classes (SZT), the same arithmetic with both values kept in registers: a float stored
            // and loaded back as a double would tie each row's divisions to the row before (the
            // conversion from memory writes only part of its register). exp(max - max) is exactly 1,
            // so only the other class calls exp(), picked without a branch on the data.
            const bool second_wins = x[0] < x[1];  // max_element's choice: the first of equals
            const double other = std::exp((second_wins ? x[0] : x[1]) - max);
            const double e0 = second_wins ? other : 1.0, e1 = second_wins ? 1.0 : other;
            total += e0;
            total += e1;
            pn[0] = float(e0 / total);
            pn[1] = float(e1 / total);
        } else {
            for (std::size_t k = 0; k < K; ++k) {
                pn[k] = std::exp(x[k] - max);  // float exp: p is stored in float anyway
                total += pn[k];
            }
            for (std::size_t k = 0; k < K; ++k) pn[k] = float(pn[k] / total);
        }
        picked += double(x[labels[n]] - max);
        log_totals.multiply(total);
    }
    const double loss = log_totals.value() - picked;

    return make_result("softmax_cross_entropy", scalar(loss / double(N)), {logits},
                       [p = std::move(p), labels = copy_of(labels), N, K](Node& self) {
        Node& input = *self.parents[0];
        const float scale = self.grad[0] / float(N);
        const float* pd = p.data();
        float* dx = input.grad.data();
        if (take_first_share(input))  // scale p, then scale onehot
            for (std::size_t i = 0; i < N * K; ++i) dx[i] = scale * pd[i];
        else
            for (std::size_t i = 0; i < N * K; ++i) dx[i] += scale * pd[i];
        for (std::size_t n = 0; n < N; ++n) dx[n * K + std::size_t(labels[n])] -= scale;
    });
}

// loss = -1/N sum_n lp[n, y_n]          dlp[n, y_n] += -dloss / N
Var nll_loss(const Var& log_probabilities, const std::vector<int>& labels) {
    check_labels("nll_loss", log_probabilities, labels);
    const std::size_t N = log_probabilities.shape()[0], K = log_probabilities.shape()[1];
    double loss = 0.0;
    for (std::size_t n = 0; n < N; ++n) loss -= log_probabilities.value()[n * K + labels[n]];

    return make_result("nll_loss", scalar(loss / double(N)), {log_probabilities},
                       [labels = copy_of(labels), N, K](Node& self) {
        float* dx = zeroed_share(*self.parents[0]);
        for (std::size_t n = 0; n < N; ++n) dx[n * K + labels[n]] -= self.grad[0] / float(N);
    });
}

// loss = -1/N sum_n log(max(p[n, y_n], clip))        dp[n, y_n] += -dloss / (N p)  where p > clip
// IDNNs: reduce_mean(-reduce_sum(onehot * log(clip_by_value(softmax, 1e-50, 1)))). Here the clip is
// applied in double; in IDNNs' float32 the 1e-50 rounds to 0, so a p of 0 gave an infinite loss there.
Var clipped_cross_entropy(const Var& probabilities, const std::vector<int>& labels, double clip) {
    check_labels("clipped_cross_entropy", probabilities, labels);
    NN_CHECK(clip > 0.0 && clip < 1.0, "clipped_cross_entropy: clip must be in (0, 1), got " << clip);
    const std::size_t N = probabilities.shape()[0], K = probabilities.shape()[1];
    double loss = 0.0;
    const double log_clip = std::log(clip);
    for (std::size_t n = 0; n < N; ++n) {
        const float p = probabilities.value()[n * K + labels[n]];
        loss -= double(p) > clip ? double(std::log(p)) : log_clip;  // log of a float in float: as exact as p
    }

    return make_result("clipped_cross_entropy", scalar(loss / double(N)), {probabilities},
                       [labels = copy_of(labels), clip, N, K](Node& self) {
        Node& input = *self.parents[0];
        float* dx = zeroed_share(input);
        for (std::size_t n = 0; n < N; ++n) {
            const double pn = input.value[n * K + labels[n]];
            if (pn > clip) dx[n * K + labels[n]] -= float(double(self.grad[0]) / (double(N) * pn));
        }
    });
}

// loss = 1/M sum_i (x_i - t_i)^2 over all M elements       dx_i += dloss * 2 (x_i - t_i) / M
Var mse(const Var& prediction, const Tensor& target) {
    NN_CHECK(prediction.shape() == target.shape() && prediction.value().size() > 0,
             "mse: prediction " << prediction.shape() << " and target " << target.shape() << " differ");
    const std::size_t M = target.size();
    double loss = 0.0;
    for (std::size_t i = 0; i < M; ++i) {
        const double diff = double(prediction.value()[i]) - double(target[i]);
        loss += diff * diff;
    }

    return make_result("mse", scalar(loss / double(M)), {prediction}, [target, M](Node& self) {
        Node& input = *self.parents[0];
        const float scale = 2.0f * self.grad[0] / float(M);
        const float* x = input.value.data();
        float* dx = input.grad.data();
        if (take_first_share(input))
            for (std::size_t i = 0; i < M; ++i) dx[i] = scale * (x[i] - target[i]);
        else
            for (std::size_t i = 0; i < M; ++i) dx[i] += scale * (x[i] - target[i]);
    });
}

// s = sum_i x_i            dx_i += ds
Var sum(const Var& x) {
    double total = 0.0;
    for (float v : x.value().values()) total += v;
    return make_result("sum", scalar(total), {x}, [](Node& self) {
        Node& input = *self.parents[0];
        float* dx = zeroed_share(input);
        for (std::size_t i = 0; i < input.grad.size(); ++i) dx[i] += self.grad[0];
    });
}

// m = 1/M sum_i x_i        dx_i += dm / M
Var mean(const Var& x) {
    NN_CHECK(x.value().size() > 0, "mean: empty input " << x.shape());
    const std::size_t M = x.value().size();
    double total = 0.0;
    for (float v : x.value().values()) total += v;
    return make_result("mean", scalar(total / double(M)), {x}, [M](Node& self) {
        Node& input = *self.parents[0];
        float* dx = zeroed_share(input);
        for (std::size_t i = 0; i < input.grad.size(); ++i) dx[i] += self.grad[0] / float(M);
    });
}

}  // namespace nn
