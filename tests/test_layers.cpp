// tests/test_layers.cpp — Linear, Activation and Sequential: gradients through a layer, the activation
// names, probe points (same values as forward, no graph), and every error path.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "gradcheck.hpp"
#include "nn/layers.hpp"
#include "nn/ops.hpp"
#include "nn/sequential.hpp"

namespace {

// An identity module that remembers whether it ran with gradients on, to see what probe() does.
class ModeRecorder : public nn::Module {
public:
    nn::Var forward(const nn::Var& x) override {
        calls.push_back(nn::grad_enabled());
        return x;
    }
    std::string describe() const override { return "recorder"; }
    std::vector<bool> calls;
};

// 3 -> 4 tanh -> 2 softmax, probing both activations.
nn::Sequential small_network(nn::Rng& rng) {
    nn::Sequential net;
    net.add<nn::Linear>(3, 4, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Tanh);
    net.mark_probe("dense1");
    net.add<nn::Linear>(4, 2, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Softmax);
    net.mark_probe("softmax");
    return net;
}

}  // namespace

TEST_CASE("Linear holds an (in, out) weight and a zero (1, out) bias", "[nn][module]") {
    nn::Rng rng(31);
    nn::Linear layer(3, 2, nn::Init::HeNormal, rng);
    REQUIRE(layer.weight().shape() == nn::Shape({3, 2}));
    REQUIRE(layer.bias().shape() == nn::Shape({1, 2}));
    REQUIRE(layer.weight().requires_grad());
    REQUIRE(layer.bias().requires_grad());
    REQUIRE(layer.bias().value()[0] == 0.0f);
    REQUIRE(layer.bias().value()[1] == 0.0f);
    REQUIRE(layer.describe() == "Linear(3 -> 2)");

    const std::vector<nn::Var> params = layer.parameters();  // the layer's own nodes, not copies
    REQUIRE(params.size() == 2);
    REQUIRE(params[0].node() == layer.weight().node());
    REQUIRE(params[1].node() == layer.bias().node());

    layer.weight().value() = nn::Tensor({3, 2}, {1, 0, 0, 1, 1, 1});
    layer.bias().value() = nn::Tensor({1, 2}, {0.5f, -0.5f});
    const nn::Var y = layer.forward(nn::Var(nn::Tensor({2, 3}, {1, 2, 3, -1, 0, 2})));
    REQUIRE(y.shape() == nn::Shape({2, 2}));
    REQUIRE(std::vector<float>(y.value().values().begin(), y.value().values().end()) ==
            std::vector<float>{4.5f, 4.5f, 1.5f, 1.5f});
}

TEST_CASE("Linear gradients w.r.t. input, weight and bias", "[nn][module][grad]") {
    nn::Rng rng(32);
    nn::Linear layer(3, 4, nn::Init::GlorotUniform, rng);
    check_gradients([&](const auto& in) {
        layer.weight() = in[1];
        layer.bias() = in[2];
        return nn::tanh(layer.forward(in[0]));
    }, {random_tensor({5, 3}, rng), random_tensor({3, 4}, rng), random_tensor({1, 4}, rng)});
}

TEST_CASE("linear_activation: gradients, and the bits of linear then the activation", "[nn][module][grad]") {
    nn::Rng rng(35);
    const std::vector<std::pair<nn::FusedActivation, nn::Var (*)(const nn::Var&)>> kinds = {
        {nn::FusedActivation::Tanh, nn::tanh}, {nn::FusedActivation::Sigmoid, nn::sigmoid},
        {nn::FusedActivation::ReLU, nn::relu}};
    for (const auto& [fused, activation] : kinds) {
        check_gradients([f = fused](const auto& in) { return nn::linear_activation(in[0], in[1], in[2], f); },
                        {random_tensor({5, 3}, rng), random_tensor({3, 4}, rng), random_tensor({1, 4}, rng)});

        // The same forward values and the same gradients, bit for bit, on a narrow and a wide layer.
        for (const std::size_t width : {4u, 40u}) {
            const nn::Tensor x = random_tensor({33, 7}, rng), w = random_tensor({7, width}, rng),
                             b = random_tensor({1, width}, rng), r = random_tensor({33, width}, rng);
            std::vector<std::vector<float>> grads[2];
            std::vector<float> values[2];
            for (int run = 0; run < 2; ++run) {
                const nn::Var xv(x, true), wv(w, true), bv(b, true);
                const nn::Var y = run == 0 ? activation(nn::linear(xv, wv, bv)) : nn::linear_activation(xv, wv, bv, fused);
                nn::backward(y, r);
                values[run].assign(y.value().values().begin(), y.value().values().end());
                for (const nn::Var& v : {xv, wv, bv}) grads[run].emplace_back(v.grad().values().begin(), v.grad().values().end());
            }
            REQUIRE(values[1] == values[0]);
            REQUIRE(grads[1] == grads[0]);
        }
    }
    const nn::Var x(random_tensor({2, 3}, rng)), w(random_tensor({4, 2}, rng)), b(random_tensor({1, 2}, rng));
    REQUIRE_THROWS_WITH(nn::linear_activation(x, w, b, nn::FusedActivation::Tanh),
                        Catch::Matchers::Contains("linear_activation"));
}

TEST_CASE("Sequential fuses Linear + activation only while training, with the unfused numbers", "[nn][module][grad]") {
    nn::Rng rng(36);
    nn::Sequential net;
    net.add<nn::Linear>(3, 5, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Sigmoid);
    net.add<nn::Linear>(5, 4, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::ReLU);
    net.add<nn::Linear>(4, 2, nn::Init::GlorotUniform, rng);
    net.add<nn::Activation>(nn::ActivationKind::Softmax);  // not fused: stays its own node
    const nn::Var x(random_tensor({6, 3}, rng));
    const nn::Var trained = net.forward(x);
    REQUIRE(std::string(trained.node()->op) == "softmax");
    REQUIRE(std::string(trained.node()->parents[0]->op) == "linear");
    REQUIRE(std::string(trained.node()->parents[0]->parents[0]->op) == "linear_activation");
    REQUIRE(std::string(net.forward(x, 3).node()->op) == "linear");  // the cut falls between a pair
    nn::Var evaluated;
    {
        nn::NoGradGuard no_grad;
        evaluated = net.forward(x);
        REQUIRE(std::string(evaluated.node()->op) == "softmax");
    }
    REQUIRE(trained.value().values() == evaluated.value().values());
}

TEST_CASE("Activation applies its op, and its names round-trip", "[nn][module]") {
    nn::Rng rng(33);
    const nn::Var x(random_tensor({2, 3}, rng));
    const auto same = [](const nn::Var& a, const nn::Var& b) { return a.value().values() == b.value().values(); };
    REQUIRE(same(nn::Activation(nn::ActivationKind::Tanh).forward(x), nn::tanh(x)));
    REQUIRE(same(nn::Activation(nn::ActivationKind::Sigmoid).forward(x), nn::sigmoid(x)));
    REQUIRE(same(nn::Activation(nn::ActivationKind::ReLU).forward(x), nn::relu(x)));
    REQUIRE(same(nn::Activation(nn::ActivationKind::Softmax).forward(x), nn::softmax(x)));
    REQUIRE(nn::Activation(nn::ActivationKind::Identity).forward(x).node() == x.node());
    REQUIRE(nn::Activation(nn::ActivationKind::ReLU).parameters().empty());

    for (const std::string name : {"tanh", "sigmoid", "relu", "softmax", "linear"}) {
        const nn::ActivationKind kind = nn::parse_activation(name);
        REQUIRE(nn::to_string(kind) == name);
        REQUIRE(nn::Activation(kind).describe() == name);
        REQUIRE(nn::Activation(kind).kind() == kind);
    }
    REQUIRE(nn::parse_activation("linear") == nn::ActivationKind::Identity);
    REQUIRE_THROWS_AS(nn::parse_activation("Tanh"), std::invalid_argument);
    REQUIRE_THROWS_AS(nn::parse_activation(""), std::invalid_argument);
    REQUIRE_THROWS_WITH(nn::parse_activation("gelu"), Catch::Matchers::Contains("gelu"));
}

TEST_CASE("Sequential runs its modules in order and lists their parameters", "[nn][module]") {
    nn::Rng rng(34);
    nn::Sequential net = small_network(rng);
    REQUIRE(net.size() == 4);
    const nn::Var x(random_tensor({5, 3}, rng));
    auto& first = dynamic_cast<nn::Linear&>(net.module(0));
    auto& second = dynamic_cast<nn::Linear&>(net.module(2));
    const nn::Var expected = nn::softmax(nn::linear(nn::tanh(nn::linear(x, first.weight(), first.bias())),
                                                    second.weight(), second.bias()));
    REQUIRE(net.forward(x).value().values() == expected.value().values());
    REQUIRE(net.forward(x, 0).node() == x.node());
    REQUIRE_THROWS_AS(net.forward(x, 5), std::invalid_argument);
    REQUIRE_THROWS_AS(net.module(4), std::out_of_range);

    const std::vector<nn::Var> params = net.parameters();
    REQUIRE(params.size() == 4);
    REQUIRE(params[0].node() == first.weight().node());
    REQUIRE(params[1].node() == first.bias().node());
    REQUIRE(params[2].node() == second.weight().node());
    REQUIRE(params[3].node() == second.bias().node());
}

TEST_CASE("Sequential::probe returns the marked outputs, named, as forward computes them", "[nn][module]") {
    nn::Rng rng(35);
    nn::Sequential net = small_network(rng);
    const nn::Tensor x = random_tensor({6, 3}, rng);
    const std::vector<nn::LayerOutput> outputs = net.probe(x);
    REQUIRE(net.probe_names() == std::vector<std::string>{"dense1", "softmax"});
    REQUIRE(outputs.size() == 2);
    REQUIRE(outputs[0].name == "dense1");
    REQUIRE(outputs[1].name == "softmax");
    REQUIRE(outputs[0].value.shape() == nn::Shape({6, 4}));
    REQUIRE(outputs[0].value.values() == net.forward(nn::Var(x), 2).value().values());
    REQUIRE(outputs[1].value.values() == net.forward(nn::Var(x)).value().values());
}

TEST_CASE("Sequential::probe builds no graph and stops after the last probe point", "[nn][module][grad]") {
    nn::Rng rng(36);
    nn::Sequential net;
    net.add<nn::Linear>(2, 3, nn::Init::GlorotUniform, rng);
    auto& inside = net.add<ModeRecorder>();
    net.mark_probe("dense");
    net.mark_probe("again");  // two names for one point
    auto& after = net.add<ModeRecorder>();

    const std::vector<nn::LayerOutput> outputs = net.probe(random_tensor({4, 2}, rng));
    REQUIRE(inside.calls == std::vector<bool>{false});
    REQUIRE(after.calls.empty());
    REQUIRE(nn::grad_enabled());
    REQUIRE(outputs.size() == 2);
    REQUIRE(outputs[1].name == "again");
    REQUIRE(outputs[0].value.values() == outputs[1].value.values());

    net.forward(nn::Var(random_tensor({4, 2}, rng)));  // training forward: with gradients
    REQUIRE(inside.calls == std::vector<bool>{false, true});
    REQUIRE(after.calls == std::vector<bool>{true});
}

TEST_CASE("mark_probe needs a module and a new name, describe lists modules and probes", "[nn][module]") {
    nn::Sequential empty;
    REQUIRE_THROWS_AS(empty.mark_probe("x"), std::invalid_argument);
    REQUIRE(empty.probe(nn::Tensor({1, 1})).empty());

    nn::Rng rng(37);
    nn::Sequential net = small_network(rng);
    REQUIRE_THROWS_AS(net.mark_probe("dense1"), std::invalid_argument);
    REQUIRE(net.probe_names().size() == 2);
    REQUIRE(net.describe() ==
            "Linear(3 -> 4)\n"
            "tanh    -> probe dense1\n"
            "Linear(4 -> 2)\n"
            "softmax    -> probe softmax\n");
}
