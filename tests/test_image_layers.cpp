// tests/test_image_layers.cpp — the image layers: Conv2d (shapes, init, gradients), the pooling
// modules, flatten and back, dropout and Gaussian noise (moments, masks, gradients, seeds, modes),
// Sequential's training mode and probes with them, and a small CNN that learns a toy task.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "nn/image_layers.hpp"
#include "nn/layers.hpp"
#include "nn/ops.hpp"
#include "nn/optimizer.hpp"
#include "nn/sequential.hpp"

using Catch::Matchers::WithinAbs;

namespace {

std::vector<float> values(const nn::Tensor& t) { return {t.values().begin(), t.values().end()}; }

// 8x8 images: class 0 has a bright top half, class 1 a bright bottom half, under N(0, 0.3^2) noise.
struct Images {
    nn::Tensor x;  // (N, 1, 8, 8)
    std::vector<int> y;
};
Images half_bright_images(std::size_t n, nn::Rng& rng) {
    Images data{nn::Tensor({n, 1, 8, 8}), {}};
    for (std::size_t i = 0; i < n; ++i) {
        const int label = int(rng.uniform_int(2));
        data.y.push_back(label);
        for (std::size_t p = 0; p < 64; ++p) {
            const bool top = p < 32;
            const bool bright = (label == 0) == top;
            data.x[i * 64 + p] = float(0.3 * rng.normal() + (bright ? 0.5 : 0.0));
        }
    }
    return data;
}

}  // namespace

TEST_CASE("Conv2d holds (out, in, k, k) filters and a zero (1, out) bias, and runs conv2d", "[nn][module][conv]") {
    nn::Rng rng(61);
    nn::Conv2d layer(2, 3, 3, 2, 1, nn::Init::HeNormal, rng);
    REQUIRE(layer.weight().shape() == nn::Shape({3, 2, 3, 3}));
    REQUIRE(layer.bias().shape() == nn::Shape({1, 3}));
    REQUIRE(layer.weight().requires_grad());
    REQUIRE(values(layer.bias().value()) == std::vector<float>{0, 0, 0});
    REQUIRE(layer.describe() == "Conv2d(2 -> 3, k3, s2, p1)");
    REQUIRE(nn::Conv2d(1, 6, 5, 1, 2, nn::Init::HeNormal, rng).describe() == "Conv2d(1 -> 6, k5, s1, p2)");
    const std::vector<nn::Var> params = layer.parameters();
    REQUIRE(params.size() == 2);
    REQUIRE(params[0].node() == layer.weight().node());
    REQUIRE(params[1].node() == layer.bias().node());

    const nn::Var x(random_tensor({2, 2, 5, 5}, rng));
    const nn::Var y = layer.forward(x);
    REQUIRE(y.shape() == nn::Shape({2, 3, 3, 3}));
    REQUIRE(y.value().values() == nn::conv2d(x, layer.weight(), layer.bias(), 2, 1).value().values());
    REQUIRE_THROWS_AS(nn::Conv2d(0, 3, 3, 1, 0, nn::Init::HeNormal, rng), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::Conv2d(1, 3, 0, 1, 0, nn::Init::HeNormal, rng), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::Conv2d(1, 3, 3, 0, 0, nn::Init::HeNormal, rng), std::invalid_argument);
}

TEST_CASE("Conv2d draws its filters with fan_in = in k^2 and fan_out = out k^2", "[nn][module][conv]") {
    nn::Rng rng(62);
    const auto std_of = [](const nn::Tensor& w) {
        double total = 0.0;
        for (float v : w.values()) total += double(v) * double(v);
        return std::sqrt(total / double(w.size()));
    };
    // 16 x 32 x 3 x 3 = 4608 draws: the sample std is within 3 % of the scheme's
    nn::Conv2d he(16, 32, 3, 1, 1, nn::Init::HeNormal, rng);
    REQUIRE_THAT(std_of(he.weight().value()), Catch::Matchers::WithinRel(std::sqrt(2.0 / (16 * 9)), 0.03));
    nn::Conv2d glorot(16, 32, 3, 1, 1, nn::Init::GlorotUniform, rng);  // U(-a, a): std a / sqrt(3)
    REQUIRE_THAT(std_of(glorot.weight().value()),
                 Catch::Matchers::WithinRel(std::sqrt(6.0 / (16 * 9 + 32 * 9)) / std::sqrt(3.0), 0.03));
}

TEST_CASE("Conv2d gradients w.r.t. input, filters and bias", "[nn][module][conv][grad]") {
    nn::Rng rng(63);
    nn::Conv2d layer(2, 3, 3, 1, 1, nn::Init::GlorotUniform, rng);
    check_gradients([&](const auto& in) {
        layer.weight() = in[1];
        layer.bias() = in[2];
        return layer.forward(in[0]);
    }, {random_tensor({2, 2, 4, 4}, rng), random_tensor({3, 2, 3, 3}, rng), random_tensor({1, 3}, rng)},
       7, 0.25f);  // linear in each input: a large step is exact
}

TEST_CASE("MaxPool2d and AvgPool2d run their ops, the stride defaulting to the window", "[nn][module][pool]") {
    nn::Rng rng(64);
    const nn::Var x(random_tensor({2, 3, 6, 6}, rng));
    REQUIRE(nn::MaxPool2d(2).describe() == "MaxPool2d(k2, s2)");
    REQUIRE(nn::MaxPool2d(3, 1).describe() == "MaxPool2d(k3, s1)");
    REQUIRE(nn::AvgPool2d(2).describe() == "AvgPool2d(k2, s2)");
    REQUIRE(nn::AvgPool2d(3, 2).describe() == "AvgPool2d(k3, s2)");
    REQUIRE(nn::MaxPool2d(2).forward(x).value().values() == nn::max_pool2d(x, 2, 2).value().values());
    REQUIRE(nn::MaxPool2d(3, 1).forward(x).value().values() == nn::max_pool2d(x, 3, 1).value().values());
    REQUIRE(nn::AvgPool2d(2).forward(x).value().values() == nn::avg_pool2d(x, 2, 2).value().values());
    REQUIRE(nn::AvgPool2d(3, 2).forward(x).value().values() == nn::avg_pool2d(x, 3, 2).value().values());
    REQUIRE(nn::MaxPool2d(2).parameters().empty());
    REQUIRE_THROWS_AS(nn::MaxPool2d(0), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::AvgPool2d(2, 0), std::invalid_argument);
}

TEST_CASE("Flatten and Unflatten round-trip values and gradients", "[nn][module]") {
    nn::Rng rng(65);
    const nn::Tensor images = random_tensor({2, 3, 4, 5}, rng);
    nn::Flatten flatten;
    nn::Unflatten unflatten(3, 4, 5);
    REQUIRE(flatten.describe() == "Flatten");
    REQUIRE(unflatten.describe() == "Unflatten(3, 4, 5)");

    const nn::Var flat = flatten.forward(nn::Var(images));
    REQUIRE(flat.shape() == nn::Shape({2, 60}));
    REQUIRE(flat.value().values() == images.values());  // row-major: image n is row n
    const nn::Var back = unflatten.forward(flat);
    REQUIRE(back.shape() == images.shape());
    REQUIRE(back.value().values() == images.values());

    check_gradients([&](const auto& in) { return nn::tanh(flatten.forward(in[0])); }, {images});
    check_gradients([&](const auto& in) { return nn::tanh(unflatten.forward(in[0])); }, {flat.value()});
    check_gradients([](const auto& in) { return nn::reshape(in[0], {3, 2, 2}); }, {random_tensor({2, 6}, rng)});

    REQUIRE(nn::flatten(nn::Var(nn::Tensor({0, 3, 2}))).shape() == nn::Shape({0, 6}));
    REQUIRE_THROWS_AS(nn::flatten(nn::Var(nn::Tensor({6}))), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::reshape(nn::Var(images), {2, 59}), std::invalid_argument);
    REQUIRE_THROWS_AS(unflatten.forward(nn::Var(nn::Tensor({2, 59}))), std::invalid_argument);
    REQUIRE_THROWS_AS(unflatten.forward(nn::Var(images)), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::Unflatten(0, 4, 5), std::invalid_argument);
}

TEST_CASE("dropout keeps 1 - p of the elements scaled by 1 / (1 - p), and its gradient uses the same mask",
          "[nn][noise]") {
    nn::Rng rng(66);
    const double p = 0.3;
    const nn::Var x(uniform_tensor({200, 500}, 0.5, 1.5, rng), /*requires_grad=*/true);
    const nn::Var y = nn::dropout(x, p, rng);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < y.value().size(); ++i) {
        if (y.value()[i] == 0.0f) continue;
        ++kept;
        REQUIRE(y.value()[i] == x.value()[i] * float(1.0 / (1.0 - p)));
    }
    // 100 000 Bernoulli(0.7) draws: the kept fraction's std is 0.0014
    REQUIRE_THAT(double(kept) / double(y.value().size()), WithinAbs(1.0 - p, 0.01));

    const nn::Tensor seed = random_tensor(y.shape(), rng);
    nn::backward(y, seed);
    for (std::size_t i = 0; i < y.value().size(); ++i)
        REQUIRE(x.grad()[i] == (y.value()[i] == 0.0f ? 0.0f : seed[i] * float(1.0 / (1.0 - p))));

    REQUIRE(nn::dropout(x, 0.0, rng).node() == x.node());  // p = 0: the identity
    REQUIRE_THROWS_AS(nn::dropout(x, 1.0, rng), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::dropout(x, -0.1, rng), std::invalid_argument);
}

TEST_CASE("Dropout drops only in training mode and repeats its masks from the seed", "[nn][module][noise]") {
    nn::Rng rng_a(67), rng_b(67);
    nn::Dropout a(0.5, rng_a), b(0.5, rng_b);
    REQUIRE(a.describe() == "Dropout(p=0.5)");
    REQUIRE(a.training());
    const nn::Var x(nn::Tensor({4, 50}, 1.0f));
    const nn::Var first = a.forward(x);
    REQUIRE(first.value().values() == b.forward(x).value().values());      // same seed, same mask
    REQUIRE_FALSE(first.value().values() == a.forward(x).value().values());  // a new mask each call
    REQUIRE(std::count(first.value().values().begin(), first.value().values().end(), 2.0f) > 0);

    a.set_training(false);
    REQUIRE(a.forward(x).node() == x.node());
    REQUIRE(nn::Dropout(0.0, rng_a).forward(x).node() == x.node());
    REQUIRE_THROWS_AS(nn::Dropout(1.0, rng_a), std::invalid_argument);
}

TEST_CASE("gaussian_noise adds N(0, sigma^2) and passes the gradient through unchanged", "[nn][noise]") {
    nn::Rng rng(68);
    const double sigma = 0.5;
    const nn::Var x(uniform_tensor({200, 500}, -1.0, 1.0, rng), /*requires_grad=*/true);
    const nn::Var y = nn::gaussian_noise(x, sigma, rng);
    double total = 0.0, squares = 0.0;
    for (std::size_t i = 0; i < y.value().size(); ++i) {
        const double noise = double(y.value()[i]) - double(x.value()[i]);
        total += noise;
        squares += noise * noise;
    }
    const double n = double(y.value().size());
    // 100 000 draws: the std of the mean is 0.0016, of the variance 0.0011
    REQUIRE_THAT(total / n, WithinAbs(0.0, 0.01));
    REQUIRE_THAT(squares / n - (total / n) * (total / n), WithinAbs(sigma * sigma, 0.006));

    nn::Var z(x.value(), /*requires_grad=*/true);
    z.grad() = random_tensor(z.shape(), rng);  // accumulates onto what is there
    const nn::Tensor before = z.grad();
    const nn::Tensor seed = random_tensor(z.shape(), rng);
    nn::backward(nn::gaussian_noise(z, sigma, rng), seed);
    for (std::size_t i = 0; i < seed.size(); ++i) REQUIRE(z.grad()[i] == before[i] + seed[i]);

    nn::Rng again(68);
    (void)uniform_tensor({200, 500}, -1.0, 1.0, again);
    REQUIRE(nn::gaussian_noise(x, sigma, again).value().values() == y.value().values());  // from the seed
    REQUIRE(nn::gaussian_noise(x, 0.0, rng).node() == x.node());
    REQUIRE_THROWS_AS(nn::gaussian_noise(x, -0.1, rng), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::gaussian_noise(x, std::nan(""), rng), std::invalid_argument);
}

TEST_CASE("GaussianNoise stays on in evaluation mode and repeats its noise from the seed", "[nn][module][noise]") {
    nn::Rng rng_a(69), rng_b(69);
    nn::GaussianNoise a(0.1, rng_a), b(0.1, rng_b);
    REQUIRE(a.describe() == "GaussianNoise(sigma=0.1)");
    const nn::Var x(nn::Tensor({3, 4}, 1.0f));
    const nn::Var first = a.forward(x);
    REQUIRE(first.value().values() == b.forward(x).value().values());
    a.set_training(false);
    const nn::Var evaluated = a.forward(x);
    REQUIRE_FALSE(evaluated.value().values() == x.value().values());
    REQUIRE_FALSE(evaluated.value().values() == first.value().values());
    REQUIRE_THROWS_AS(nn::GaussianNoise(-1.0, rng_a), std::invalid_argument);
}

TEST_CASE("Sequential switches modes, and probes with dropout off and Gaussian noise on", "[nn][module][noise]") {
    nn::Rng rng(70);
    nn::Sequential net;
    net.add<nn::Linear>(4, 6, nn::Init::GlorotUniform, rng);
    auto& dropout = net.add<nn::Dropout>(0.5, rng);
    net.mark_probe("dropped");
    auto& noise = net.add<nn::GaussianNoise>(0.2, rng);
    net.mark_probe("noisy");
    const nn::Tensor x = random_tensor({5, 4}, rng);

    net.set_training(false);
    REQUIRE_FALSE(dropout.training());
    REQUIRE_FALSE(noise.training());
    const nn::Tensor dense = net.forward(nn::Var(x), 1).value();
    REQUIRE(net.forward(nn::Var(x), 2).value().values() == dense.values());
    net.set_training(true);
    REQUIRE(dropout.training());

    nn::Rng copy_source(0);
    copy_source.set_state(noise.rng().state());  // what the noise layer will draw next
    const std::vector<nn::LayerOutput> outputs = net.probe(x);
    REQUIRE(dropout.training());  // restored after the probe
    REQUIRE(noise.training());
    REQUIRE(outputs[0].value.values() == dense.values());
    for (std::size_t i = 0; i < dense.size(); ++i)
        REQUIRE(outputs[1].value[i] == float(double(dense[i]) + 0.2 * copy_source.normal()));

    net.module(1).set_training(false);  // a module switched off on its own stays off after a probe
    net.probe(x);
    REQUIRE_FALSE(dropout.training());
    REQUIRE(noise.training());
}

TEST_CASE("a small CNN learns bright-top versus bright-bottom 8x8 images with Adam", "[nn][module][conv]") {
    nn::Rng rng(71);
    nn::Sequential net;
    net.add<nn::Conv2d>(1, 4, 3, 1, 1, nn::Init::HeNormal, rng);
    net.add<nn::Activation>(nn::ActivationKind::ReLU);
    net.add<nn::MaxPool2d>(2);
    net.add<nn::Flatten>();
    net.add<nn::Linear>(4 * 4 * 4, 2, nn::Init::GlorotUniform, rng);
    nn::Adam adam(net.parameters(), {.lr = 0.01f});

    for (int step = 0; step < 40; ++step) {
        const Images batch = half_bright_images(32, rng);
        adam.zero_grad();
        nn::backward(nn::softmax_cross_entropy(net.forward(nn::Var(batch.x)), batch.y));
        adam.step();
    }
    const Images test = half_bright_images(400, rng);
    const nn::Tensor logits = net.forward(nn::Var(test.x)).value();
    std::size_t correct = 0;
    for (std::size_t i = 0; i < test.y.size(); ++i)
        correct += std::size_t((logits.at(i, 1) > logits.at(i, 0)) == (test.y[i] == 1));
    REQUIRE(double(correct) / double(test.y.size()) >= 0.95);
}
