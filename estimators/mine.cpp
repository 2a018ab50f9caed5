// estimators/mine.cpp — the MINE statistics network, its training on the moving-average-corrected
// Donsker–Varadhan loss, and the bound on all rows.
#include "estimators/mine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "nn/check.hpp"
#include "nn/layers.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"

namespace estimators {

namespace {

constexpr std::size_t eval_chunk = 4096;  // rows per forward pass when evaluating the bound

// ln(e^u + e^v) without overflow; v may be -inf.
double log_add_exp(double u, double v) {
    const double high = std::max(u, v), low = std::min(u, v);
    return high + std::log1p(std::exp(low - high));
}

// ln sum_i e^{t_i}, accumulated one value at a time.
class LogSumExp {
public:
    void add(double t) {
        if (t > max_) {
            sum_ = sum_ * std::exp(max_ - t) + 1.0;
            max_ = t;
        } else {
            sum_ += std::exp(t - max_);
        }
    }
    double value() const { return max_ + std::log(sum_); }

private:
    double max_ = -std::numeric_limits<double>::infinity();
    double sum_ = 0.0;
};

// Row `row` of `input` becomes [a(ra, :), b(rb, :)] (mine-pytorch's ConcatLayer).
void put_pair(nn::Tensor& input, std::size_t row, const nn::Matrix& a, std::size_t ra, const nn::Matrix& b,
              std::size_t rb) {
    float* out = input.data() + row * (a.cols + b.cols);
    for (std::size_t c = 0; c < a.cols; ++c) out[c] = float(a.at(ra, c));
    for (std::size_t c = 0; c < b.cols; ++c) out[a.cols + c] = float(b.at(rb, c));
}

nn::Sequential statistics_network(std::size_t in, std::size_t hidden, nn::Rng& rng) {
    nn::Sequential net;
    net.add<nn::Linear>(in, hidden, nn::Init::HeNormal, rng);
    net.add<nn::Activation>(nn::ActivationKind::ReLU);
    net.add<nn::Linear>(hidden, hidden, nn::Init::HeNormal, rng);
    net.add<nn::Activation>(nn::ActivationKind::ReLU);
    net.add<nn::Linear>(hidden, std::size_t(1), nn::Init::HeNormal, rng);
    return net;
}

// E_joint[T] - ln E_marginal[e^T] over all rows, the marginal pairing row i of a with row perm(i) of b.
double dv_bound_nats(nn::Sequential& net, const nn::Matrix& a, const nn::Matrix& b, nn::Rng& rng) {
    nn::NoGradGuard no_grad;
    const std::size_t n = a.rows;
    const std::vector<std::size_t> perm = rng.permutation(n);
    double joint_sum = 0.0;
    LogSumExp marginal;
    for (std::size_t begin = 0; begin < n; begin += eval_chunk) {
        const std::size_t rows = std::min(eval_chunk, n - begin);
        nn::Tensor input({2 * rows, a.cols + b.cols});
        for (std::size_t i = 0; i < rows; ++i) {
            put_pair(input, i, a, begin + i, b, begin + i);
            put_pair(input, rows + i, a, begin + i, b, perm[begin + i]);
        }
        const nn::Tensor t = net.forward(nn::Var(std::move(input))).value();
        for (std::size_t i = 0; i < rows; ++i) {
            joint_sum += double(t[i]);
            marginal.add(double(t[rows + i]));
        }
    }
    return joint_sum / double(n) - (marginal.value() - std::log(double(n)));
}

void check_finite(const nn::Matrix& m, const char* what) {
    for (double v : m.data) NN_CHECK(std::isfinite(v), "mine: " << what << " holds a non-finite value " << v);
}

}  // namespace

double mine_bound_nats(const nn::Matrix& a, const nn::Matrix& b, const MineOptions& options, nn::Rng& rng) {
    NN_CHECK(a.rows == b.rows, "mine: " << a.rows << " rows against " << b.rows << " rows");
    NN_CHECK(a.rows > 0 && a.cols > 0 && b.cols > 0,
             "mine: empty variables (" << a.rows << " x " << a.cols << ", " << b.rows << " x " << b.cols << ")");
    const std::size_t n = a.rows, size = std::min(std::size_t(options.batch), n);
    nn::Sequential net = statistics_network(a.cols + b.cols, std::size_t(options.hidden), rng);
    nn::Adam adam(net.parameters(), nn::AdamOptions{.lr = float(options.lr)});

    // Mini-batches are consecutive slices of a shuffled row order, reshuffled when a slice would run out.
    std::vector<std::size_t> order = rng.permutation(n);
    std::size_t next = 0;
    double log_ema = 0.0;  // ln of the moving average of the batches' E_marginal[e^T]
    const double inv_size = 1.0 / double(size);
    for (long step = 0; step < options.iterations; ++step) {
        if (next + size > n) {
            rng.shuffle(order);
            next = 0;
        }
        const std::vector<std::size_t> perm = rng.permutation(size);  // mine-pytorch: z[randperm]
        nn::Tensor input({2 * size, a.cols + b.cols});
        for (std::size_t i = 0; i < size; ++i) {
            put_pair(input, i, a, order[next + i], b, order[next + i]);
            put_pair(input, size + i, a, order[next + i], b, order[next + perm[i]]);
        }
        next += size;
        const nn::Var t = net.forward(nn::Var(std::move(input)));

        LogSumExp marginal;
        for (std::size_t i = 0; i < size; ++i) marginal.add(double(t.value()[size + i]));
        const double log_mean = marginal.value() - std::log(double(size));
        // mine-pytorch's ema(): the first batch starts the average, later ones enter with weight alpha.
        log_ema = step == 0 ? log_mean
                            : log_add_exp(std::log(options.alpha) + log_mean, std::log1p(-options.alpha) + log_ema);

        // Loss -mean_joint T + ln mean_marginal e^T; its gradient with the batch's mean e^T in the
        // denominator replaced by the moving average (mine-pytorch's EMALoss.backward):
        //   dL/dT_joint,i = -1/B      dL/dT_marginal,i = e^{T_i} / (B * ema)
        nn::Tensor seed({2 * size, 1});
        for (std::size_t i = 0; i < size; ++i) {
            seed[i] = float(-inv_size);
            seed[size + i] = float(std::exp(double(t.value()[size + i]) - log_ema) * inv_size);
        }
        adam.zero_grad();
        nn::backward(t, seed);
        adam.step();
    }
    return dv_bound_nats(net, a, b, rng);
}

MineEstimator::MineEstimator(const MineOptions& options) : options_(options) {
    NN_CHECK(options_.iterations >= 1, "mine needs iterations >= 1, got " << options_.iterations);
    NN_CHECK(options_.batch >= 1, "mine needs batch >= 1, got " << options_.batch);
    NN_CHECK(options_.hidden >= 1, "mine needs hidden >= 1, got " << options_.hidden);
    NN_CHECK(std::isfinite(options_.lr) && options_.lr > 0.0, "mine needs lr > 0, got " << options_.lr);
    NN_CHECK(options_.alpha > 0.0 && options_.alpha <= 1.0, "mine needs 0 < alpha <= 1, got " << options_.alpha);
}

std::string MineEstimator::spec() const {
    return format_spec("mine", {{"iterations", format_number(options_.iterations)},
                                {"batch", format_number(options_.batch)},
                                {"lr", format_number(options_.lr)},
                                {"hidden", format_number(options_.hidden)},
                                {"alpha", format_number(options_.alpha)},
                                {"seed", format_number(options_.seed)}});
}

Estimate MineEstimator::estimate(const Observations& observations) {
    NN_CHECK(observations.t != nullptr, "mine: no activations given");
    NN_CHECK(observations.x != nullptr, "mine: I(X;T) needs the inputs x");
    NN_CHECK(observations.y == nullptr || observations.y_matrix == nullptr, "mine: both y and y_matrix given");
    const nn::Matrix& t = *observations.t;
    const nn::Matrix& x = *observations.x;
    NN_CHECK(t.rows > 0 && t.cols > 0, "mine: T is empty (" << t.rows << " x " << t.cols << ")");
    NN_CHECK(x.rows == t.rows, "mine: " << x.rows << " rows of x for " << t.rows << " rows of T");
    check_finite(t, "T");
    check_finite(x, "x");

    nn::Rng rng(options_.seed);
    Estimate estimate;
    estimate.i_xt_bits = mine_bound_nats(x, t, options_, rng) / std::numbers::ln2;
    if (observations.y != nullptr) {
        const std::vector<int>& y = *observations.y;
        NN_CHECK(y.size() == t.rows, "mine: " << y.size() << " labels for " << t.rows << " rows of T");
        for (int label : y) NN_CHECK(label >= 0, "mine: label " << label << " is negative");
        nn::Matrix one_hot(y.size(), std::size_t(*std::max_element(y.begin(), y.end()) + 1));
        for (std::size_t r = 0; r < y.size(); ++r) one_hot.at(r, std::size_t(y[r])) = 1.0;
        estimate.i_ty_bits = mine_bound_nats(t, one_hot, options_, rng) / std::numbers::ln2;
    } else if (observations.y_matrix != nullptr) {
        const nn::Matrix& y = *observations.y_matrix;
        NN_CHECK(y.rows == t.rows, "mine: " << y.rows << " rows of y_matrix for " << t.rows << " rows of T");
        check_finite(y, "y_matrix");
        estimate.i_ty_bits = mine_bound_nats(t, y, options_, rng) / std::numbers::ln2;
    }
    return estimate;
}

std::unique_ptr<Estimator> make_mine(Spec& spec) {
    MineOptions options;
    options.iterations = long(spec.integer("iterations", options.iterations, 1));
    options.batch = long(spec.integer("batch", options.batch, 1));
    options.lr = spec.real("lr", options.lr, Sign::positive);
    options.hidden = long(spec.integer("hidden", options.hidden, 1));
    options.alpha = spec.real("alpha", options.alpha, Sign::positive);
    options.seed = std::uint64_t(spec.integer("seed", 1, 0));
    spec.finish();
    return std::make_unique<MineEstimator>(options);
}

}  // namespace estimators
