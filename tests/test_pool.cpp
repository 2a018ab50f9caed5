// tests/test_pool.cpp — max_pool2d and avg_pool2d: forward and backward by hand (ties in max pooling
// go to the first maximum), against direct loops on several planes, gradients by central differences,
// and every shape error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "gradcheck.hpp"
#include "nn/ops.hpp"

using Catch::Matchers::WithinAbs;

namespace {

std::vector<float> values(const nn::Tensor& t) { return {t.values().begin(), t.values().end()}; }

// 1 x 1 x 4 x 4 (made on demand: a global Tensor would outlive the buffer pool at exit)
nn::Tensor image() {
    return nn::Tensor({1, 1, 4, 4}, {1, 5, 2, 0,
                                     3, -1, 4, 8,
                                     0, 2, 9, 7,
                                     6, 1, 3, 3});
}

// Distinct values 0.1 apart in a random order: the maximum of a window stays put under a +-0.01 step.
nn::Tensor distinct_tensor(const nn::Shape& shape, nn::Rng& rng) {
    nn::Tensor t(shape);
    const std::vector<std::size_t> order = rng.permutation(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = 0.1f * float(order[i]) - 1.0f;
    return t;
}

// The max or the mean of each window, by direct loops over (N, C, H, W).
std::vector<double> direct_pool(const nn::Tensor& x, std::size_t k, std::size_t stride, bool max) {
    const std::size_t planes = x.shape()[0] * x.shape()[1], H = x.shape()[2], W = x.shape()[3];
    std::vector<double> y;
    for (std::size_t p = 0; p < planes; ++p)
        for (std::size_t oy = 0; oy + k <= H; oy += stride)
            for (std::size_t ox = 0; ox + k <= W; ox += stride) {
                double best = x[p * H * W + oy * W + ox], total = 0.0;
                for (std::size_t i = 0; i < k; ++i)
                    for (std::size_t j = 0; j < k; ++j) {
                        const double v = x[p * H * W + (oy + i) * W + ox + j];
                        best = std::max(best, v);
                        total += v;
                    }
                y.push_back(max ? best : total / double(k * k));
            }
    return y;
}

}  // namespace

TEST_CASE("max_pool2d by hand: 2x2 windows with stride 2 and overlapping with stride 1", "[nn][pool]") {
    const nn::Var y = nn::max_pool2d(nn::Var(image()), 2, 2);
    REQUIRE(y.shape() == nn::Shape({1, 1, 2, 2}));
    REQUIRE(values(y.value()) == std::vector<float>{5, 8, 6, 9});

    const nn::Var x(image(), /*requires_grad=*/true);
    const nn::Var overlapping = nn::max_pool2d(x, 2, 1);
    REQUIRE(overlapping.shape() == nn::Shape({1, 1, 3, 3}));
    REQUIRE(values(overlapping.value()) == std::vector<float>{5, 5, 8, 3, 9, 9, 6, 9, 9});
    // each input receives dy once for every window whose maximum it is: the 9 for four windows
    nn::backward(overlapping, nn::Tensor({1, 1, 3, 3}, 1.0f));
    REQUIRE(values(x.grad()) == std::vector<float>{0, 2, 0, 0, 1, 0, 0, 1, 0, 0, 4, 0, 1, 0, 0, 0});
}

TEST_CASE("max_pool2d sends the gradient of a tie to the first maximum", "[nn][pool][grad]") {
    const nn::Var x(nn::Tensor({1, 1, 2, 4}, {3, 3, 1, 1,
                                              3, 3, 1, 1}), /*requires_grad=*/true);
    const nn::Var y = nn::max_pool2d(x, 2, 2);
    REQUIRE(values(y.value()) == std::vector<float>{3, 1});
    nn::backward(y, nn::Tensor({1, 1, 1, 2}, {1, 2}));
    REQUIRE(values(x.grad()) == std::vector<float>{1, 0, 2, 0, 0, 0, 0, 0});
}

TEST_CASE("avg_pool2d by hand: the forward means and the backward shares", "[nn][pool]") {
    const nn::Var y = nn::avg_pool2d(nn::Var(image()), 2, 2);
    REQUIRE(values(y.value()) == std::vector<float>{2, 3.5f, 2.25f, 5.5f});

    // 2x2 windows with stride 1 over a 3x3 image: an input gets 1/4 of dy per window that covers it
    const nn::Var x(nn::Tensor({1, 1, 3, 3}), /*requires_grad=*/true);
    nn::backward(nn::avg_pool2d(x, 2, 1), nn::Tensor({1, 1, 2, 2}, 1.0f));
    REQUIRE(values(x.grad()) == std::vector<float>{0.25f, 0.5f, 0.25f, 0.5f, 1, 0.5f, 0.25f, 0.5f, 0.25f});
}

TEST_CASE("pooling equals direct loops over several images and channels", "[nn][pool]") {
    nn::Rng rng(51);
    const nn::Tensor x = random_tensor({2, 3, 7, 6}, rng);
    const std::vector<std::pair<std::size_t, std::size_t>> windows = {{2, 2}, {3, 2}, {3, 1}, {2, 3}};
    for (const auto& [k, stride] : windows) {
        INFO("k " << k << ", stride " << stride);
        const nn::Shape shape({2, 3, (7 - k) / stride + 1, (6 - k) / stride + 1});
        const nn::Var max = nn::max_pool2d(nn::Var(x), k, stride);
        const nn::Var avg = nn::avg_pool2d(nn::Var(x), k, stride);
        REQUIRE(max.shape() == shape);
        REQUIRE(avg.shape() == shape);
        const std::vector<double> expected_max = direct_pool(x, k, stride, true);
        const std::vector<double> expected_avg = direct_pool(x, k, stride, false);
        REQUIRE(expected_max.size() == shape.numel());
        for (std::size_t i = 0; i < expected_max.size(); ++i) {
            REQUIRE(double(max.value()[i]) == expected_max[i]);
            REQUIRE_THAT(double(avg.value()[i]), WithinAbs(expected_avg[i], 1e-6));
        }
    }
}

TEST_CASE("max_pool2d and avg_pool2d gradients", "[nn][pool][grad]") {
    nn::Rng rng(52);
    for (const auto& [k, stride] : std::vector<std::pair<std::size_t, std::size_t>>{{2, 2}, {3, 2}, {2, 1}}) {
        INFO("k " << k << ", stride " << stride);
        check_gradients([k = k, stride = stride](const auto& in) { return nn::max_pool2d(in[0], k, stride); },
                        {distinct_tensor({2, 2, 5, 6}, rng)});
        // linear: a large step is exact
        check_gradients([k = k, stride = stride](const auto& in) { return nn::avg_pool2d(in[0], k, stride); },
                        {random_tensor({2, 2, 5, 6}, rng)}, 7, 0.25f);
    }
}

TEST_CASE("pooling rejects other ranks, empty windows or strides and windows larger than the image",
          "[nn][pool]") {
    const nn::Var x(nn::Tensor({2, 3, 4, 5}));
    for (auto pool : {&nn::max_pool2d, &nn::avg_pool2d}) {
        REQUIRE_NOTHROW(pool(x, 4, 1));
        REQUIRE_THROWS_AS(pool(nn::Var(nn::Tensor({3, 4, 5})), 2, 2), std::invalid_argument);
        REQUIRE_THROWS_AS(pool(nn::Var(nn::Tensor({1, 2, 3, 4, 5})), 2, 2), std::invalid_argument);
        REQUIRE_THROWS_AS(pool(x, 0, 1), std::invalid_argument);
        REQUIRE_THROWS_AS(pool(x, 2, 0), std::invalid_argument);
        REQUIRE_THROWS_AS(pool(x, 5, 1), std::invalid_argument);
    }
    REQUIRE_THROWS_WITH(nn::max_pool2d(nn::Var(nn::Tensor({3, 4, 5})), 2, 2),
                        Catch::Matchers::Contains("max_pool2d") && Catch::Matchers::Contains("(3, 4, 5)"));
}
