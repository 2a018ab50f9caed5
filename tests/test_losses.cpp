// tests/test_losses.cpp — softmax, log_softmax, the losses and the reductions of nn/ops.hpp: values by
// hand and against double-precision formulas, stability at huge logits, gradients, every error path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "nn/ops.hpp"

using Catch::Matchers::WithinAbs;

namespace {

void require_values(const nn::Tensor& t, const std::vector<double>& expected, double tolerance) {
    REQUIRE(t.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("element " << i);
        REQUIRE_THAT(double(t[i]), WithinAbs(expected[i], tolerance));
    }
}

double scalar(const nn::Var& v) {
    REQUIRE(v.shape() == nn::Shape({1, 1}));
    return double(v.value()[0]);
}

// Rows [1, 2, 3] and [0, 0, 0]: softmax of the first is e^(x - 3) / (1 + e^-1 + e^-2),
// log-sum-exp of the first is 3 + ln(1 + e^-1 + e^-2) = 3.4076059644443806, of the second ln 3.
const nn::Tensor logits23({2, 3}, {1, 2, 3, 0, 0, 0});
const std::vector<double> softmax23{0.09003057317038046, 0.24472847105479767, 0.6652409557748219,
                                    1.0 / 3, 1.0 / 3, 1.0 / 3};

}  // namespace

TEST_CASE("softmax and log_softmax by hand", "[nn][ops]") {
    require_values(nn::softmax(nn::Var(logits23)).value(), softmax23, 1e-7);
    const double lse = 3.4076059644443806, ln3 = std::log(3.0);
    require_values(nn::log_softmax(nn::Var(logits23)).value(),
                   {1 - lse, 2 - lse, 3 - lse, -ln3, -ln3, -ln3}, 1e-6);
}

TEST_CASE("softmax rows sum to 1, and both ops are stable for huge logits", "[nn][ops]") {
    nn::Rng rng(11);
    nn::Tensor x = random_tensor({5, 7}, rng);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] *= 30.0f;
    const nn::Tensor p = nn::softmax(nn::Var(x)).value();
    for (std::size_t n = 0; n < 5; ++n) {
        double total = 0.0;
        for (std::size_t k = 0; k < 7; ++k) total += p.at(n, k);
        REQUIRE_THAT(total, WithinAbs(1.0, 1e-6));
    }
    const nn::Var huge(nn::Tensor({2, 2}, {1000, 0, -1000, 1000}));
    require_values(nn::softmax(huge).value(), {1, 0, 0, 1}, 0.0);
    require_values(nn::log_softmax(huge).value(), {0, -1000, -2000, 0}, 0.0);
}

TEST_CASE("softmax and log_softmax gradients, and each multiplied by its own input", "[nn][ops][grad]") {
    nn::Rng rng(12);
    check_gradients([](const auto& in) { return nn::softmax(in[0]); }, {random_tensor({4, 5}, rng)});
    check_gradients([](const auto& in) { return nn::log_softmax(in[0]); }, {random_tensor({4, 5}, rng)});
    check_gradients([](const auto& in) { return nn::matmul(nn::softmax(in[0]), in[0]); },
                    {random_tensor({3, 3}, rng)});
    check_gradients([](const auto& in) { return nn::matmul(nn::log_softmax(in[0]), in[0]); },
                    {random_tensor({3, 3}, rng)});
}

TEST_CASE("softmax and log_softmax reject anything but a non-empty (N, K) matrix", "[nn][ops]") {
    for (const nn::Shape& shape : {nn::Shape{3}, nn::Shape{2, 3, 1}, nn::Shape{2, 0}}) {
        INFO("shape " << shape);
        REQUIRE_THROWS_AS(nn::softmax(nn::Var(nn::Tensor(shape))), std::invalid_argument);
        REQUIRE_THROWS_AS(nn::log_softmax(nn::Var(nn::Tensor(shape))), std::invalid_argument);
    }
}

TEST_CASE("softmax_cross_entropy by hand, by formula and as nll_loss(log_softmax)", "[nn][ops][grad]") {
    // Labels 2 and 1: (lse_1 - 3 + ln 3) / 2; the gradient is (p - onehot) / N.
    nn::Var x(logits23, true);
    const nn::Var loss = nn::softmax_cross_entropy(x, {2, 1});
    REQUIRE_THAT(scalar(loss), WithinAbs((3.4076059644443806 - 3 + std::log(3.0)) / 2, 1e-7));
    nn::backward(loss);
    std::vector<double> expected(softmax23);
    expected[2] -= 1.0;
    expected[4] -= 1.0;
    for (double& g : expected) g /= 2.0;
    require_values(x.grad(), expected, 1e-7);

    nn::Rng rng(13);
    const nn::Tensor logits = random_tensor({6, 4}, rng);
    const std::vector<int> labels{0, 3, 1, 1, 2, 0};
    double reference = 0.0;  // -1/N sum_n (x[n, y_n] - log sum_k exp x[n, k]), in double
    for (std::size_t n = 0; n < 6; ++n) {
        double total = 0.0;
        for (std::size_t k = 0; k < 4; ++k) total += std::exp(double(logits.at(n, k)));
        reference -= (double(logits.at(n, std::size_t(labels[n]))) - std::log(total)) / 6.0;
    }
    nn::Var fused(logits, true), split(logits, true);
    const nn::Var fused_loss = nn::softmax_cross_entropy(fused, labels);
    const nn::Var split_loss = nn::nll_loss(nn::log_softmax(split), labels);
    REQUIRE_THAT(scalar(fused_loss), WithinAbs(reference, 1e-6));
    REQUIRE_THAT(scalar(split_loss), WithinAbs(reference, 1e-6));
    nn::backward(fused_loss);
    nn::backward(split_loss);
    for (std::size_t i = 0; i < logits.size(); ++i)
        REQUIRE_THAT(double(fused.grad()[i]), WithinAbs(double(split.grad()[i]), 1e-7));
}

// Two classes take their own path (one exp per row, exp(0) being exactly 1): the same probabilities, bit
// for bit, as the general path's float exp of every logit, ties and infinities included.
TEST_CASE("softmax_cross_entropy's two-class path: the bits of one exp per logit", "[nn][ops][grad]") {
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> logits = {0.3f, -1.2f, 2.0f, 2.0f, -0.5f, 0.25f, 7.0f, -9.0f, 0.0f, -0.0f, inf, 1.0f};
    const std::vector<int> labels = {0, 1, 1, 0, 1, 0};
    const std::size_t N = labels.size();
    const nn::Var x(nn::Tensor({N, 2}, logits), true);
    const nn::Var loss = nn::softmax_cross_entropy(x, labels);
    nn::backward(loss);
    for (std::size_t n = 0; n < N; ++n) {
        const float* row = logits.data() + 2 * n;
        const float max = std::max(row[0], row[1]);
        const double e0 = std::exp(row[0] - max), e1 = std::exp(row[1] - max);  // float exp, as the general path
        const double total = 0.0 + e0 + e1;
        const float scale = 1.0f / float(N);
        for (std::size_t k = 0; k < 2; ++k) {
            const float p = float((k == 0 ? e0 : e1) / total);
            float expected = scale * p;
            if (labels[n] == int(k)) expected -= scale;
            const float got = x.grad()[2 * n + k];
            INFO("row " << n << ", class " << k);
            REQUIRE((got == expected || (std::isnan(got) && std::isnan(expected))));
        }
    }
}

TEST_CASE("softmax_cross_entropy is stable for huge logits", "[nn][ops][grad]") {
    nn::Var x(nn::Tensor({2, 2}, {1000, 0, 1000, 0}), true);
    const nn::Var loss = nn::softmax_cross_entropy(x, {0, 1});  // row losses 0 and 1000
    REQUIRE(scalar(loss) == 500.0);
    nn::backward(loss);
    require_values(x.grad(), {0, 0, 0.5, -0.5}, 0.0);
}

TEST_CASE("softmax_cross_entropy of a long batch: the sum of the rows' logs does not overflow", "[nn][ops]") {
    // 3000 rows whose softmax totals are 2 and 10: a product of 2^3000 * 10^1000 if it were kept whole.
    const std::size_t N = 4000;
    std::vector<float> logits(N * 2, 0.0f);
    std::vector<int> labels(N, 1);
    for (std::size_t n = 3000; n < N; ++n) logits[n * 2] = std::log(9.0f);  // p = (0.9, 0.1): total 10
    const nn::Var loss = nn::softmax_cross_entropy(nn::Var(nn::Tensor({N, 2}, logits)), labels);
    const double expected = (3000.0 * std::log(2.0) + 1000.0 * std::log(10.0)) / double(N);
    REQUIRE_THAT(loss.value()[0], WithinAbs(expected, 1e-6));
}

TEST_CASE("nll_loss by hand", "[nn][ops][grad]") {
    nn::Var lp(nn::Tensor({2, 3}, {-0.5f, -1, -2, -3, -0.25f, -4}), true);
    const nn::Var loss = nn::nll_loss(lp, {0, 2});
    REQUIRE(scalar(loss) == 2.25);
    nn::backward(loss);
    require_values(lp.grad(), {-0.5, 0, 0, 0, 0, -0.5}, 0.0);
}

TEST_CASE("clipped_cross_entropy by hand, clipped below the clip", "[nn][ops][grad]") {
    const nn::Var p(nn::Tensor({2, 2}, {0.25f, 0.75f, 0.5f, 0.5f}));
    REQUIRE_THAT(scalar(nn::clipped_cross_entropy(p, {1, 0})),
                 WithinAbs(-(std::log(0.75) + std::log(0.5)) / 2, 1e-7));

    // Row 0's probability 1e-5 is below the clip 1e-3: it costs -ln(1e-3) and passes no gradient.
    nn::Var q(nn::Tensor({2, 2}, {1e-5f, 0.99999f, 0.5f, 0.5f}), true);
    const nn::Var loss = nn::clipped_cross_entropy(q, {0, 1}, 1e-3);
    REQUIRE_THAT(scalar(loss), WithinAbs((-std::log(1e-3) - std::log(0.5)) / 2, 1e-6));
    nn::backward(loss);
    require_values(q.grad(), {0, 0, 0, -1}, 0.0);  // -1 / (N p) = -1 / (2 * 0.5)

    // The default clip 1e-50 keeps a probability of exactly 0 finite: -ln(1e-50) = 115.129...
    nn::Var zero(nn::Tensor({1, 2}, {0.0f, 1.0f}), true);
    const nn::Var zero_loss = nn::clipped_cross_entropy(zero, {0});
    REQUIRE_THAT(scalar(zero_loss), WithinAbs(115.12925464970229, 1e-4));
    nn::backward(zero_loss);
    require_values(zero.grad(), {0, 0}, 0.0);
}

TEST_CASE("loss gradients, and each loss added to the mean of its own input", "[nn][ops][grad]") {
    nn::Rng rng(14);
    const std::vector<int> labels{0, 2, 1, 1};
    const nn::Tensor target = random_tensor({4, 3}, rng);
    check_gradients([&](const auto& in) { return nn::softmax_cross_entropy(in[0], labels); },
                    {random_tensor({4, 3}, rng)});
    check_gradients([&](const auto& in) { return nn::nll_loss(in[0], labels); }, {random_tensor({4, 3}, rng)});
    // -log p is smooth for p away from 0
    check_gradients([&](const auto& in) { return nn::clipped_cross_entropy(in[0], labels); },
                    {uniform_tensor({4, 3}, 0.3, 0.9, rng)});
    check_gradients([&](const auto& in) { return nn::mse(in[0], target); }, {random_tensor({4, 3}, rng)});
    check_gradients([](const auto& in) { return nn::sum(in[0]); }, {random_tensor({4, 3}, rng)});
    check_gradients([](const auto& in) { return nn::mean(in[0]); }, {random_tensor({4, 3}, rng)});

    check_gradients([&](const auto& in) { return nn::add_row(nn::softmax_cross_entropy(in[0], labels), nn::mean(in[0])); },
                    {random_tensor({4, 3}, rng)});
    check_gradients([&](const auto& in) { return nn::add_row(nn::nll_loss(in[0], labels), nn::mean(in[0])); },
                    {random_tensor({4, 3}, rng)});
    check_gradients([&](const auto& in) { return nn::add_row(nn::clipped_cross_entropy(in[0], labels), nn::mean(in[0])); },
                    {uniform_tensor({4, 3}, 0.3, 0.9, rng)});
    check_gradients([&](const auto& in) { return nn::add_row(nn::mse(in[0], target), nn::sum(in[0])); },
                    {random_tensor({4, 3}, rng)});
}

TEST_CASE("mse, sum and mean by hand", "[nn][ops][grad]") {
    nn::Var x(nn::Tensor({2, 2}, {1, 2, 3, 4}), true);
    const nn::Var loss = nn::mse(x, nn::Tensor({2, 2}, {0, 2, 5, 1}));  // (1 + 0 + 4 + 9) / 4
    REQUIRE(scalar(loss) == 3.5);
    nn::backward(loss);
    require_values(x.grad(), {0.5, 0, -1, 1.5}, 0.0);  // 2 (x - t) / 4

    const nn::Var v(nn::Tensor({2, 3}, {1, 2, 3, 4, 5, 6}));
    REQUIRE(scalar(nn::sum(v)) == 21.0);
    REQUIRE(scalar(nn::mean(v)) == 3.5);
    REQUIRE(scalar(nn::sum(nn::Var(nn::Tensor({0, 3})))) == 0.0);
}

TEST_CASE("losses reject bad labels, shapes and clips", "[nn][ops]") {
    const nn::Var x(logits23);
    const auto all_label_losses = [&](const std::vector<int>& labels) {
        INFO("labels of size " << labels.size());
        REQUIRE_THROWS_AS(nn::softmax_cross_entropy(x, labels), std::invalid_argument);
        REQUIRE_THROWS_AS(nn::nll_loss(x, labels), std::invalid_argument);
        REQUIRE_THROWS_AS(nn::clipped_cross_entropy(x, labels), std::invalid_argument);
    };
    all_label_losses({0, 3});   // label K
    all_label_losses({-1, 0});  // negative label
    all_label_losses({0});      // one label for two rows
    all_label_losses({0, 1, 2});
    const nn::Var empty(nn::Tensor({0, 3}));
    REQUIRE_THROWS_AS(nn::softmax_cross_entropy(empty, {}), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::nll_loss(nn::Var(nn::Tensor({3})), {0, 0, 0}), std::invalid_argument);

    for (double clip : {0.0, 1.0, -0.5, 2.0, std::numeric_limits<double>::quiet_NaN()}) {
        INFO("clip " << clip);
        REQUIRE_THROWS_AS(nn::clipped_cross_entropy(x, {0, 1}, clip), std::invalid_argument);
    }

    REQUIRE_THROWS_AS(nn::mse(x, nn::Tensor({3, 2})), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::mse(empty, nn::Tensor({0, 3})), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::mean(empty), std::invalid_argument);
}
