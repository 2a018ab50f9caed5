// tests/test_conv.cpp — conv2d: forward against a direct seven-loop convolution in double (strides,
// paddings, several channels, filters and images), a hand-computed case, gradients by central
// differences w.r.t. input, filters and bias, and every shape error.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "nn/ops.hpp"

using Catch::Matchers::WithinAbs;

namespace {

// y[n, o, oy, ox] = b[o] + sum_{c, i, j} w[o, c, i, j] x[n, c, oy s + i - p, ox s + j - p], zero outside.
std::vector<double> direct_conv2d(const nn::Tensor& x, const nn::Tensor& w, const nn::Tensor& b,
                                  std::size_t stride, std::size_t padding) {
    const std::size_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
    const std::size_t O = w.shape()[0], kh = w.shape()[2], kw = w.shape()[3];
    const std::size_t out_h = (H + 2 * padding - kh) / stride + 1, out_w = (W + 2 * padding - kw) / stride + 1;
    std::vector<double> y;
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t o = 0; o < O; ++o)
            for (std::size_t oy = 0; oy < out_h; ++oy)
                for (std::size_t ox = 0; ox < out_w; ++ox) {
                    double total = b[o];
                    for (std::size_t c = 0; c < C; ++c)
                        for (std::size_t i = 0; i < kh; ++i)
                            for (std::size_t j = 0; j < kw; ++j) {
                                // the input pixel, in coordinates shifted by the padding
                                const std::size_t iy = oy * stride + i, ix = ox * stride + j;
                                if (iy < padding || ix < padding || iy - padding >= H || ix - padding >= W)
                                    continue;
                                total += double(w[((o * C + c) * kh + i) * kw + j]) *
                                         double(x[((n * C + c) * H + iy - padding) * W + ix - padding]);
                            }
                    y.push_back(total);
                }
    return y;
}

struct ConvCase {
    nn::Shape x, w;
    std::size_t stride, padding;
};

}  // namespace

TEST_CASE("conv2d of a 2x2 image with a 2x2 filter, padding 1, stride 1 and 2, by hand", "[nn][conv]") {
    const nn::Var x(nn::Tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
    const nn::Var w(nn::Tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
    const nn::Var b(nn::Tensor({1, 1}, {1}));
    // y[oy, ox] = sum_ij w[i, j] x[oy + i - 1, ox + j - 1] + 1, e.g. the centre 1 + 4 + 9 + 16 + 1
    const nn::Var y = nn::conv2d(x, w, b, 1, 1);
    REQUIRE(y.shape() == nn::Shape({1, 1, 3, 3}));
    REQUIRE(std::vector<float>(y.value().values().begin(), y.value().values().end()) ==
            std::vector<float>{5, 12, 7, 15, 31, 15, 7, 12, 5});
    const nn::Var strided = nn::conv2d(x, w, b, 2, 1);  // the corners of the above
    REQUIRE(strided.shape() == nn::Shape({1, 1, 2, 2}));
    REQUIRE(std::vector<float>(strided.value().values().begin(), strided.value().values().end()) ==
            std::vector<float>{5, 7, 7, 5});
}

TEST_CASE("conv2d equals the direct convolution for strides 1 and 2 and paddings 0 to 2", "[nn][conv]") {
    const std::vector<ConvCase> cases = {
        {{2, 1, 5, 5}, {1, 1, 3, 3}, 1, 0},
        {{2, 3, 6, 7}, {4, 3, 3, 3}, 1, 1},
        {{3, 2, 7, 6}, {3, 2, 3, 3}, 2, 1},
        {{2, 2, 8, 8}, {3, 2, 5, 5}, 1, 2},
        {{1, 3, 9, 9}, {2, 3, 4, 4}, 2, 2},
        {{2, 2, 5, 4}, {3, 2, 2, 2}, 2, 0},
        {{2, 2, 6, 5}, {2, 2, 3, 2}, 1, 1},   // a non-square filter
        {{1, 1, 1, 1}, {2, 1, 3, 3}, 1, 2},   // taps that see nothing but padding
        {{4, 1, 28, 28}, {6, 1, 5, 5}, 1, 2},  // LeNet-5's first layer
    };
    nn::Rng rng(41);
    for (const ConvCase& c : cases) {
        const nn::Tensor x = random_tensor(c.x, rng), w = random_tensor(c.w, rng);
        const nn::Tensor b = random_tensor({1, c.w[0]}, rng);
        const nn::Var y = nn::conv2d(nn::Var(x), nn::Var(w), nn::Var(b), c.stride, c.padding);
        const std::vector<double> expected = direct_conv2d(x, w, b, c.stride, c.padding);
        INFO("x " << c.x << ", w " << c.w << ", stride " << c.stride << ", padding " << c.padding);
        REQUIRE(y.shape() == nn::Shape({c.x[0], c.w[0], (c.x[2] + 2 * c.padding - c.w[2]) / c.stride + 1,
                                        (c.x[3] + 2 * c.padding - c.w[3]) / c.stride + 1}));
        REQUIRE(y.value().size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            INFO("element " << i);
            REQUIRE_THAT(double(y.value()[i]), WithinAbs(expected[i], 1e-4));
        }
    }
}

TEST_CASE("conv2d gradients w.r.t. input, filters and bias", "[nn][conv][grad]") {
    // conv2d is linear in each input, so a large step has no truncation error and little rounding.
    const float h = 0.25f;
    const std::vector<ConvCase> cases = {
        {{2, 2, 4, 5}, {3, 2, 3, 3}, 1, 1},
        {{1, 2, 5, 5}, {2, 2, 3, 2}, 2, 1},
        {{2, 1, 6, 6}, {2, 1, 2, 2}, 2, 0},
        {{1, 1, 3, 3}, {2, 1, 3, 3}, 1, 2},
    };
    nn::Rng rng(42);
    for (const ConvCase& c : cases) {
        INFO("x " << c.x << ", w " << c.w << ", stride " << c.stride << ", padding " << c.padding);
        check_gradients([&](const auto& in) { return nn::conv2d(in[0], in[1], in[2], c.stride, c.padding); },
                        {random_tensor(c.x, rng), random_tensor(c.w, rng), random_tensor({1, c.w[0]}, rng)}, 7, h);
    }
    // a bias of shape (O); the input used twice, as the images and as the filters (quadratic in it:
    // central differences are still exact)
    check_gradients([](const auto& in) { return nn::conv2d(in[0], in[1], in[2], 1, 1); },
                    {random_tensor({2, 2, 4, 4}, rng), random_tensor({3, 2, 3, 3}, rng), random_tensor({3}, rng)},
                    7, h);
    check_gradients([](const auto& in) { return nn::conv2d(in[0], in[0], in[1], 2, 1); },
                    {random_tensor({2, 1, 3, 3}, rng), random_tensor({2}, rng)}, 7, h);
}

TEST_CASE("conv2d builds no graph for constant inputs and leaves a constant input's gradient alone",
          "[nn][conv][grad]") {
    nn::Rng rng(43);
    const nn::Var x(random_tensor({2, 1, 4, 4}, rng));  // data: no gradient
    const nn::Var w(random_tensor({2, 1, 3, 3}, rng), /*requires_grad=*/true);
    const nn::Var b(random_tensor({1, 2}, rng), /*requires_grad=*/true);
    REQUIRE_FALSE(nn::conv2d(x, nn::Var(w.value()), nn::Var(b.value())).requires_grad());
    const nn::Var y = nn::conv2d(x, w, b);
    REQUIRE(y.requires_grad());
    nn::backward(nn::sum(y));
    REQUIRE(x.grad().size() == 0);
    // d sum(y) / d b[o] = the number of output pixels of all images: 2 x 2 x 2
    REQUIRE(b.grad()[0] == 8.0f);
    REQUIRE(b.grad()[1] == 8.0f);
}

TEST_CASE("conv2d rejects mismatched shapes, a zero stride and filters larger than the padded input",
          "[nn][conv]") {
    const nn::Var x(nn::Tensor({2, 3, 5, 5})), w(nn::Tensor({4, 3, 3, 3})), b(nn::Tensor({1, 4}));
    REQUIRE_NOTHROW(nn::conv2d(x, w, b));
    REQUIRE_THROWS_AS(nn::conv2d(nn::Var(nn::Tensor({3, 5, 5})), w, b), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::conv2d(x, nn::Var(nn::Tensor({4, 2, 3, 3})), b), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::conv2d(x, nn::Var(nn::Tensor({4, 3, 3})), b), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::conv2d(x, w, nn::Var(nn::Tensor({1, 3}))), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::conv2d(x, w, nn::Var(nn::Tensor({4, 1}))), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::conv2d(x, w, b, 0, 0), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::conv2d(x, nn::Var(nn::Tensor({4, 3, 6, 3})), b), std::invalid_argument);
    REQUIRE_NOTHROW(nn::conv2d(x, nn::Var(nn::Tensor({4, 3, 6, 3})), b, 1, 1));
    REQUIRE_THROWS_AS(nn::conv2d(x, nn::Var(nn::Tensor({4, 3, 3, 0})), b), std::invalid_argument);
    REQUIRE_THROWS_WITH(nn::conv2d(x, nn::Var(nn::Tensor({4, 2, 3, 3})), b),
                        Catch::Matchers::Contains("conv2d") && Catch::Matchers::Contains("(4, 2, 3, 3)"));
}
