// tests/test_model.cpp — the networks a configuration builds: layer widths, probe points and their
// non-linearities, and an autoencoder that learns to reproduce its input with loss = mse.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "apps/model.hpp"
#include "apps/training_loop.hpp"

TEST_CASE("an mlp probes every hidden layer and the softmax output", "[apps]") {
    apps::TrainConfig config;
    config.layers = {6, 4};
    config.activation = "relu";
    nn::Rng rng(1);
    apps::Network net = apps::build_network(config, 12, 3, rng);
    REQUIRE_FALSE(net.reconstructs);
    REQUIRE(net.model.probe_names() == std::vector<std::string>{"dense1", "dense2", "softmax"});
    REQUIRE(net.activations == std::vector<std::string>{"relu", "relu", "softmax"});
    const std::vector<nn::LayerOutput> outputs = net.model.probe(nn::Tensor({5, 12}));
    REQUIRE(outputs[0].value.shape() == nn::Shape({5, 6}));
    REQUIRE(outputs[2].value.shape() == nn::Shape({5, 3}));
}

TEST_CASE("an autoencoder mirrors its encoder around a linear code and ends in a sigmoid", "[apps]") {
    apps::TrainConfig config;
    config.model = "autoencoder";
    config.layers = {8, 5};
    config.bottleneck = 2;
    config.activation = "tanh";
    nn::Rng rng(1);
    apps::Network net = apps::build_network(config, 10, 2, rng);
    REQUIRE(net.reconstructs);
    REQUIRE(net.model.probe_names() ==
            std::vector<std::string>{"encoder1", "encoder2", "code", "decoder1", "decoder2", "output"});
    REQUIRE(net.activations == std::vector<std::string>{"tanh", "tanh", "linear", "tanh", "tanh", "sigmoid"});
    const std::vector<nn::LayerOutput> outputs = net.model.probe(nn::Tensor({3, 10}));
    const std::vector<std::size_t> widths = {8, 5, 2, 5, 8, 10};
    for (std::size_t l = 0; l < widths.size(); ++l) REQUIRE(outputs[l].value.shape() == nn::Shape({3, widths[l]}));
}

TEST_CASE("an autoencoder trained with mse reproduces four patterns through a code of two", "[apps]") {
    // Four one-hot patterns of length 8 fit through a 2-unit code (four points in the plane).
    nn::Tensor x({4, 8});
    for (std::size_t i = 0; i < 4; ++i) x[i * 8 + 2 * i] = 1.0f;
    const std::vector<int> unused_labels = {0, 0, 0, 0};
    apps::TrainConfig config;
    config.model = "autoencoder";
    config.layers = {16};
    config.bottleneck = 2;
    config.activation = "tanh";
    config.loss = "mse";
    config.lr = 0.02;
    nn::Rng rng(3);
    apps::Network net = apps::build_network(config, 8, 1, rng);
    auto optimizer = apps::make_optimizer(config, net.model.parameters());
    const std::vector<std::size_t> rows = {0, 1, 2, 3};
    const apps::EpochResult first = apps::train_epoch(net.model, *optimizer, x, unused_labels, rows, 4, "mse", rng, 0);
    REQUIRE_FALSE(first.accuracy.has_value());
    apps::EpochResult last = first;
    for (long epoch = 1; epoch < 1500; ++epoch)
        last = apps::train_epoch(net.model, *optimizer, x, unused_labels, rows, 4, "mse", rng, epoch);
    REQUIRE(last.mean_loss < 0.1 * first.mean_loss);
    const nn::Tensor reconstruction = net.model.probe(x).back().value;
    for (std::size_t i = 0; i < 4; ++i)  // each pattern's hot unit is its largest output
        REQUIRE(std::max_element(reconstruction.data() + i * 8, reconstruction.data() + i * 8 + 8) -
                    (reconstruction.data() + i * 8) == std::ptrdiff_t(2 * i));
}

TEST_CASE("noise_sigma makes every hidden layer noisy, in training and in recording, and dropout only trains",
          "[apps]") {
    apps::TrainConfig config;
    config.layers = {6, 4};
    config.noise_sigma = 0.5;
    config.dropout = 0.5;
    nn::Rng rng(2);
    apps::Network net = apps::build_network(config, 5, 2, rng);
    REQUIRE(net.model.probe_names() == std::vector<std::string>{"dense1", "dense2", "softmax"});
    // Linear, tanh, noise, dropout per hidden layer; Linear, softmax at the output
    REQUIRE(net.model.size() == 10);

    const nn::Tensor x({3, 5});
    const std::vector<nn::LayerOutput> first = net.model.probe(x);
    const std::vector<nn::LayerOutput> second = net.model.probe(x);
    // the zero input gives tanh(0) = 0 before the noise: what is recorded is the noise itself,
    // new at every pass, with no dropout zeros among it
    bool differs = false;
    for (std::size_t i = 0; i < first[0].value.size(); ++i) {
        REQUIRE(first[0].value[i] != 0.0f);
        differs = differs || first[0].value[i] != second[0].value[i];
    }
    REQUIRE(differs);

    // without noise the recorded layer is the clean activation
    config.noise_sigma = 0.0;
    nn::Rng rng2(2);
    apps::Network clean = apps::build_network(config, 5, 2, rng2);
    REQUIRE(clean.model.size() == 8);
    const std::vector<nn::LayerOutput> probed = clean.model.probe(x);  // kept: the loop reads into it
    for (float v : probed[0].value.values()) REQUIRE(v == 0.0f);
}
