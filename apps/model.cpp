// apps/model.cpp — building a dense classifier.
#include "apps/model.hpp"

#include "nn/layers.hpp"

namespace apps {

nn::Sequential build_classifier(const TrainConfig& config, std::size_t inputs, std::size_t classes, nn::Rng& rng) {
    const nn::Init init = nn::parse_init(config.init);
    const nn::ActivationKind activation = nn::parse_activation(config.activation);
    nn::Sequential model;
    std::size_t width_in = inputs;
    for (std::size_t l = 0; l < config.layers.size(); ++l) {
        model.add<nn::Linear>(width_in, config.layers[l], init, rng);
        model.add<nn::Activation>(activation);
        model.mark_probe("dense" + std::to_string(l + 1));
        width_in = config.layers[l];
    }
    model.add<nn::Linear>(width_in, classes, init, rng);
    model.add<nn::Activation>(nn::ActivationKind::Softmax);
    model.mark_probe("softmax");
    return model;
}

}  // namespace apps
