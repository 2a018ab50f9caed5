// apps/model.cpp — building the dense classifier, LeNet-5 and the dense autoencoder.
#include "apps/model.hpp"

#include "nn/check.hpp"
#include "nn/image_layers.hpp"
#include "nn/layers.hpp"

namespace apps {

namespace {

// Linear -> activation -> [Gaussian noise] -> probe point `name` -> [dropout]. The noise belongs to the
// layer (Goldfeld et al.'s noisy network: the recorded T = f(X) + Z), dropout only to training.
void add_dense(Network& net, std::size_t in, std::size_t out, nn::ActivationKind activation, nn::Init init,
               nn::Rng& rng, const std::string& name, double noise_sigma = 0.0, double dropout = 0.0) {
    net.model.add<nn::Linear>(in, out, init, rng);
    net.model.add<nn::Activation>(activation);
    if (noise_sigma > 0.0) net.model.add<nn::GaussianNoise>(noise_sigma, rng);
    net.model.mark_probe(name);
    net.activations.push_back(nn::to_string(activation));
    if (dropout > 0.0) net.model.add<nn::Dropout>(dropout, rng);
}

// A hidden layer: add_dense with the configuration's noise and dropout.
void add_hidden(Network& net, const TrainConfig& config, std::size_t in, std::size_t out,
                nn::ActivationKind activation, nn::Init init, nn::Rng& rng, const std::string& name) {
    add_dense(net, in, out, activation, init, rng, name, config.noise_sigma, config.dropout);
}

Network build_classifier(const TrainConfig& config, std::size_t inputs, std::size_t classes, nn::Rng& rng) {
    const nn::Init init = nn::parse_init(config.init);
    const nn::ActivationKind activation = nn::parse_activation(config.activation);
    Network net;
    std::size_t width_in = inputs;
    for (std::size_t l = 0; l < config.layers.size(); ++l) {
        add_hidden(net, config, width_in, config.layers[l], activation, init, rng, "dense" + std::to_string(l + 1));
        width_in = config.layers[l];
    }
    add_dense(net, width_in, classes, nn::ActivationKind::Softmax, init, rng, "softmax");
    return net;
}

// LeNet-5 as ../shared/bench/torch_train.py builds it (and Wickstrom's and Fang et al.'s LeNet-style
// networks): conv 5x5 (1 -> 6, padding 2) -> act -> max pool 2 -> conv 5x5 (6 -> 16) -> act -> max pool 2
// -> flatten (400) -> dense 120 -> act -> dense 84 -> act -> dense 10 -> softmax. Probe points after each
// pooling (conv1: 6x14x14, conv2: 16x5x5), after each hidden dense layer, and the softmax.
Network build_lenet5(const TrainConfig& config, std::size_t inputs, std::size_t classes, nn::Rng& rng) {
    NN_CHECK(inputs == 28 * 28, "lenet5 needs 1x28x28 images, not inputs of " << inputs << " values");
    const nn::Init init = nn::parse_init(config.init);
    const nn::ActivationKind activation = nn::parse_activation(config.activation);
    const std::string act = nn::to_string(activation);
    Network net;
    net.model.add<nn::Conv2d>(1, 6, 5, 1, 2, init, rng);
    net.model.add<nn::Activation>(activation);
    net.model.add<nn::MaxPool2d>(2);
    net.model.mark_probe("conv1");
    net.activations.push_back(act);
    net.model.add<nn::Conv2d>(6, 16, 5, 1, 0, init, rng);
    net.model.add<nn::Activation>(activation);
    net.model.add<nn::MaxPool2d>(2);
    net.model.mark_probe("conv2");
    net.activations.push_back(act);
    net.model.add<nn::Flatten>();
    add_hidden(net, config, 16 * 5 * 5, 120, activation, init, rng, "dense1");
    add_hidden(net, config, 120, 84, activation, init, rng, "dense2");
    add_dense(net, 84, classes, nn::ActivationKind::Softmax, init, rng, "softmax");
    return net;
}

Network build_autoencoder(const TrainConfig& config, std::size_t inputs, nn::Rng& rng) {
    const nn::Init init = nn::parse_init(config.init);
    const nn::ActivationKind activation = nn::parse_activation(config.activation);
    const std::vector<std::size_t>& widths = config.layers;
    Network net;
    net.reconstructs = true;
    std::size_t width_in = inputs;
    for (std::size_t l = 0; l < widths.size(); ++l) {
        add_hidden(net, config, width_in, widths[l], activation, init, rng, "encoder" + std::to_string(l + 1));
        width_in = widths[l];
    }
    add_dense(net, width_in, config.bottleneck, nn::ActivationKind::Identity, init, rng, "code");
    width_in = config.bottleneck;
    for (std::size_t l = 0; l < widths.size(); ++l) {
        const std::size_t width = widths[widths.size() - 1 - l];
        add_hidden(net, config, width_in, width, activation, init, rng, "decoder" + std::to_string(l + 1));
        width_in = width;
    }
    add_dense(net, width_in, inputs, nn::ActivationKind::Sigmoid, init, rng, "output");
    return net;
}

}  // namespace

Network build_network(const TrainConfig& config, std::size_t inputs, std::size_t classes, nn::Rng& rng) {
    if (config.model == "autoencoder") return build_autoencoder(config, inputs, rng);
    if (config.model == "lenet5") return build_lenet5(config, inputs, classes, rng);
    return build_classifier(config, inputs, classes, rng);
}

}  // namespace apps
