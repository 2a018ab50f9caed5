// tests/test_ops.cpp — the linear-algebra and element-wise ops of nn/ops.hpp, and fast_tanh: forward
// values by hand, gradients by central differences, an input used twice, every shape error.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "nn/fast_math.hpp"
#include "nn/ops.hpp"

using Catch::Matchers::WithinAbs;

namespace {

void require_values(const nn::Tensor& t, const nn::Shape& shape, const std::vector<double>& expected,
                    double tolerance) {
    REQUIRE(t.shape() == shape);
    REQUIRE(t.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("element " << i);
        REQUIRE_THAT(double(t[i]), WithinAbs(expected[i], tolerance));
    }
}

const nn::Tensor a23({2, 3}, {1, 2, 3, 4, 5, 6});
const nn::Tensor b32({3, 2}, {7, 8, 9, 10, 11, 12});

}  // namespace

TEST_CASE("matmul multiplies a 2x3 by a 3x2 matrix", "[nn][ops]") {
    const nn::Var c = nn::matmul(nn::Var(a23), nn::Var(b32));
    require_values(c.value(), {2, 2}, {58, 64, 139, 154}, 0.0);
}

TEST_CASE("matmul gradients", "[nn][ops][grad]") {
    nn::Rng rng(2);
    check_gradients([](const auto& in) { return nn::matmul(in[0], in[1]); },
                    {random_tensor({5, 3}, rng), random_tensor({3, 4}, rng)});
}

TEST_CASE("an input used twice gets both contributions: matmul(x, tanh(x))", "[nn][ops][grad]") {
    nn::Rng rng(3);
    check_gradients([](const auto& in) { return nn::matmul(in[0], nn::tanh(in[0])); },
                    {random_tensor({3, 3}, rng)});
}

TEST_CASE("matmul rejects mismatched shapes", "[nn][ops]") {
    REQUIRE_THROWS_AS(nn::matmul(nn::Var(a23), nn::Var(a23)), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::matmul(nn::Var(nn::Tensor({2, 3, 1})), nn::Var(b32)), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::matmul(nn::Var(a23), nn::Var(nn::Tensor({3}))), std::invalid_argument);
}

TEST_CASE("add_row adds the row to every row", "[nn][ops]") {
    const nn::Var y = nn::add_row(nn::Var(a23), nn::Var(nn::Tensor({1, 3}, {10, 20, 30})));
    require_values(y.value(), {2, 3}, {11, 22, 33, 14, 25, 36}, 0.0);
}

TEST_CASE("add_row gradients, and a row added to itself", "[nn][ops][grad]") {
    nn::Rng rng(4);
    check_gradients([](const auto& in) { return nn::add_row(in[0], in[1]); },
                    {random_tensor({4, 3}, rng), random_tensor({1, 3}, rng)});
    check_gradients([](const auto& in) { return nn::add_row(in[0], in[0]); }, {random_tensor({1, 3}, rng)});
}

TEST_CASE("add_row rejects a row of the wrong shape", "[nn][ops]") {
    REQUIRE_THROWS_AS(nn::add_row(nn::Var(a23), nn::Var(nn::Tensor({1, 2}))), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::add_row(nn::Var(a23), nn::Var(nn::Tensor({2, 3}))), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::add_row(nn::Var(nn::Tensor({3})), nn::Var(nn::Tensor({1, 3}))), std::invalid_argument);
}

TEST_CASE("linear computes x W + b", "[nn][ops]") {
    const nn::Var y = nn::linear(nn::Var(a23), nn::Var(b32), nn::Var(nn::Tensor({1, 2}, {0.5f, -1.0f})));
    require_values(y.value(), {2, 2}, {58.5, 63, 139.5, 153}, 0.0);
}

TEST_CASE("linear gradients w.r.t. input, weight and bias, and with the weight made of the input",
          "[nn][ops][grad]") {
    nn::Rng rng(5);
    check_gradients([](const auto& in) { return nn::linear(in[0], in[1], in[2]); },
                    {random_tensor({5, 3}, rng), random_tensor({3, 4}, rng), random_tensor({1, 4}, rng)});
    check_gradients([](const auto& in) { return nn::linear(in[0], nn::tanh(in[0]), in[1]); },
                    {random_tensor({3, 3}, rng), random_tensor({1, 3}, rng)});
}

TEST_CASE("linear equals add_row(matmul) exactly, in value and in gradient", "[nn][ops][grad]") {
    nn::Rng rng(6);
    const nn::Tensor x = random_tensor({6, 5}, rng), w = random_tensor({5, 4}, rng), b = random_tensor({1, 4}, rng);
    const nn::Tensor seed = random_tensor({6, 4}, rng);
    std::vector<nn::Var> fused{nn::Var(x, true), nn::Var(w, true), nn::Var(b, true)};
    std::vector<nn::Var> split{nn::Var(x, true), nn::Var(w, true), nn::Var(b, true)};
    const nn::Var y_fused = nn::linear(fused[0], fused[1], fused[2]);
    const nn::Var y_split = nn::add_row(nn::matmul(split[0], split[1]), split[2]);
    REQUIRE(y_fused.value().values() == y_split.value().values());
    nn::backward(y_fused, seed);
    nn::backward(y_split, seed);
    for (std::size_t k = 0; k < 3; ++k) REQUIRE(fused[k].grad().values() == split[k].grad().values());
}

TEST_CASE("linear rejects mismatched shapes", "[nn][ops]") {
    const nn::Var x(a23), w(b32), b(nn::Tensor({1, 2}));
    REQUIRE_THROWS_AS(nn::linear(x, w, nn::Var(nn::Tensor({1, 3}))), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::linear(x, nn::Var(nn::Tensor({2, 2})), b), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::linear(nn::Var(nn::Tensor({2, 3, 1})), w, b), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::linear(x, w, nn::Var(nn::Tensor({2}))), std::invalid_argument);
}

TEST_CASE("tanh, sigmoid and relu by hand, on any shape", "[nn][ops]") {
    const nn::Tensor x({2, 1, 1, 2}, {0.0f, 2.0f, -2.0f, std::log(3.0f)});
    // tanh(2) = 0.9640275800758169; sigmoid(ln 3) = 3/4; the fast tanh is within 4e-7 (below)
    require_values(nn::tanh(nn::Var(x)).value(), x.shape(),
                   {0.0, 0.9640275800758169, -0.9640275800758169, 0.8}, 4e-7);
    require_values(nn::sigmoid(nn::Var(x)).value(), x.shape(),
                   {0.5, 0.8807970779778823, 0.11920292202211755, 0.75}, 4e-7);
    const nn::Tensor r({2, 3}, {-1.0f, 0.0f, 2.5f, -0.0f, 1e-30f, -1e30f});
    require_values(nn::relu(nn::Var(r)).value(), r.shape(), {0, 0, 2.5, 0, double(1e-30f), 0}, 0.0);
}

TEST_CASE("element-wise gradients, and each activation multiplied by its own input", "[nn][ops][grad]") {
    nn::Rng rng(8);
    check_gradients([](const auto& in) { return nn::tanh(in[0]); }, {random_tensor({3, 4}, rng)});
    check_gradients([](const auto& in) { return nn::sigmoid(in[0]); }, {random_tensor({3, 4}, rng)});
    check_gradients([](const auto& in) { return nn::matmul(nn::sigmoid(in[0]), in[0]); },
                    {random_tensor({3, 3}, rng)});
    // ReLU's kink at 0: inputs stay 0.05 > h away from it
    check_gradients([](const auto& in) { return nn::relu(in[0]); }, {away_from_zero_tensor({3, 4}, 0.05, rng)});
    check_gradients([](const auto& in) { return nn::matmul(nn::relu(in[0]), in[0]); },
                    {away_from_zero_tensor({3, 3}, 0.05, rng)});
}

TEST_CASE("relu passes no gradient at 0 (the subgradient PyTorch uses)", "[nn][ops][grad]") {
    nn::Var x(nn::Tensor({1, 3}, {0.0f, 1.0f, -1.0f}), true);
    nn::backward(nn::relu(x), nn::Tensor({1, 3}, 1.0f));
    require_values(x.grad(), {1, 3}, {0, 1, 0}, 0.0);
}

TEST_CASE("fast_tanh is within 4e-7 of tanh, odd, bounded by 1 and saturated beyond 9", "[nn][ops]") {
    // Measured over this grid: 3.95e-7 near |x| = 5.77 (6.6 float ulp); 2.6e-7 of it is the rational
    // approximation itself, evaluated in double.
    double max_error = 0.0;
    const int steps = 2000000;
    for (int i = 0; i <= steps; ++i) {
        const float x = float(-10.0 + 20.0 * double(i) / double(steps));
        const float y = nn::fast_tanh(x);
        max_error = std::max(max_error, std::abs(double(y) - std::tanh(double(x))));
        REQUIRE(std::abs(y) <= 1.0f);
        REQUIRE(nn::fast_tanh(-x) == -y);
        if (std::abs(x) >= 9.0f) REQUIRE(std::abs(y) == 1.0f);
    }
    INFO("max |fast_tanh - tanh| = " << max_error);
    REQUIRE(max_error < 4e-7);
    REQUIRE(max_error > 3e-7);  // the bound is tight: a change of coefficients shows here
    REQUIRE(nn::fast_tanh(0.0f) == 0.0f);
    REQUIRE(nn::fast_tanh(1e30f) == 1.0f);
    REQUIRE(nn::fast_tanh(-1e30f) == -1.0f);
}

TEST_CASE("tanh_array equals fast_tanh element by element, at any length", "[nn][ops]") {
    nn::Rng rng(9);
    for (std::size_t n : {std::size_t(1), std::size_t(7), std::size_t(8), std::size_t(37)}) {
        const nn::Tensor x = uniform_tensor({n}, -12.0, 12.0, rng);
        nn::Tensor y({n});
        nn::tanh_array(x.data(), y.data(), n);
        for (std::size_t i = 0; i < n; ++i) REQUIRE(y[i] == nn::fast_tanh(x[i]));
    }
}
