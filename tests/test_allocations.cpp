// tests/test_allocations.cpp — once the first steps have sized every buffer, a training step allocates
// nothing (issue 4). Replaces the global operator new to count its calls, so it is an executable of its own.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "apps/model.hpp"
#include "apps/training_loop.hpp"
#include "nn/ops.hpp"

namespace {

std::atomic<long> new_calls{0};

void* counted_allocation(std::size_t bytes) {
    new_calls.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return p;
    throw std::bad_alloc();
}

void* counted_aligned_allocation(std::size_t bytes, std::align_val_t alignment) {
    new_calls.fetch_add(1, std::memory_order_relaxed);
    const std::size_t align = static_cast<std::size_t>(alignment);
    if (void* p = std::aligned_alloc(align, (bytes + align - 1) / align * align)) return p;
    throw std::bad_alloc();
}

// How many times `run` called operator new (any form).
template <class Run>
long allocations_during(Run run) {
    const long before = new_calls.load();
    run();
    return new_calls.load() - before;
}

struct Case {
    std::string model, activation, optimizer, loss;
    double momentum;
};

}  // namespace

// Every form of operator new (the array and nothrow forms call these two).
void* operator new(std::size_t bytes) { return counted_allocation(bytes); }
void* operator new(std::size_t bytes, std::align_val_t alignment) { return counted_aligned_allocation(bytes, alignment); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

TEST_CASE("the counting operator new sees allocations", "[apps]") {
    REQUIRE(allocations_during([] { std::vector<int> v(100); v[0] = 1; }) == 1);
    REQUIRE(allocations_during([] { std::vector<char> v(100); REQUIRE(v.size() == 100); }) == 1);
}

TEST_CASE("a training step of train_epoch allocates nothing after the first epochs", "[apps]") {
    // 40 rows in batches of 16: three steps an epoch, the last one a partial batch.
    const std::size_t N = 40, D = 12;
    nn::Rng data_rng(7);
    nn::Tensor x({N, D});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(data_rng.uniform());
    std::vector<int> y(N);
    for (int& label : y) label = int(data_rng.uniform_int(2));
    std::vector<std::size_t> rows(N);
    for (std::size_t i = 0; i < N; ++i) rows[i] = i;

    const std::vector<Case> cases = {
        {"mlp", "tanh", "sgd", "cross_entropy", 0.9},
        {"mlp", "relu", "adam", "cross_entropy", 0.0},
        {"mlp", "tanh", "adam", "clipped_cross_entropy", 0.0},  // experiments/szt_demo.ini
        {"autoencoder", "relu", "sgd", "mse", 0.5},
        {"autoencoder", "tanh", "adam", "mse", 0.0},
    };
    for (const Case& c : cases) {
        INFO(c.model << ' ' << c.activation << ' ' << c.optimizer << ' ' << c.loss);
        apps::TrainConfig config;
        config.model = c.model;
        config.layers = {10, 7, 5};
        config.activation = c.activation;
        config.optimizer = c.optimizer;
        config.momentum = c.momentum;
        config.loss = c.loss;
        config.lr = 0.01;
        nn::Rng rng(1);
        apps::Network net = apps::build_network(config, D, 2, rng);
        auto optimizer = apps::make_optimizer(config, net.model.parameters());
        apps::EpochBuffers buffers;
        long epoch = 0;
        auto train = [&] { apps::train_epoch(net.model, *optimizer, x, y, rows, 16, c.loss, rng, epoch++, buffers); };
        train();  // the first epochs size the pool, the graph's order and the batch buffers
        train();
        const long steady = allocations_during([&] { for (int e = 0; e < 3; ++e) train(); });
        REQUIRE(steady == 0);
        REQUIRE(optimizer->steps() == 5 * 3);
    }
}

TEST_CASE("forward, loss, backward and an optimizer step of the ops allocate nothing after warm-up", "[apps]") {
    nn::Rng rng(3);
    nn::Tensor x({8, 4});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(rng.normal());
    const std::vector<int> y = {0, 1, 2, 0, 1, 2, 0, 1};
    nn::Var w1(nn::Tensor({4, 6}, 0.1f), true), b1(nn::Tensor({1, 6}), true);
    nn::Var w2(nn::Tensor({6, 3}, -0.2f), true), b2(nn::Tensor({1, 3}), true);
    nn::Adam adam({w1, b1, w2, b2}, {});
    auto step = [&] {
        adam.zero_grad();
        const nn::Var h = nn::relu(nn::matmul(nn::Var(x), w1));
        const nn::Var logits = nn::add_row(nn::matmul(nn::tanh(h), w2), b2);
        const nn::Var loss = nn::add_row(nn::softmax_cross_entropy(logits, y), nn::sum(b1));
        nn::backward(nn::mean(nn::sigmoid(loss)));
        adam.step();
    };
    step();
    step();
    REQUIRE(allocations_during([&] { for (int s = 0; s < 3; ++s) step(); }) == 0);
}
