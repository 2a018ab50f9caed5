// nn/autograd.hpp — reverse-mode automatic differentiation on a define-by-run graph.
//
// Every op returns a Var whose Node remembers its parents and a backward closure. backward(loss)
// orders the graph topologically and runs the closures from the loss back to the leaves; each closure
// reads self.grad and ADDS its share into every parent's grad (a parent may feed several children).
// When no parent needs a gradient, or inside a NoGradGuard, ops build no graph at all: recording
// activations for the information plane costs a plain forward pass.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "nn/tensor.hpp"

namespace nn {

struct Node {
    Tensor value;
    Tensor grad;                                  // dLoss/dvalue, the shape of value once backward ran
    std::vector<std::shared_ptr<Node>> parents;
    // Receives the node itself, so the closure never captures its own shared_ptr (a reference
    // cycle that would keep the whole graph alive).
    std::function<void(Node& self)> backward;     // empty for leaves
    const char* op = "leaf";
    bool requires_grad = false;
    std::uint64_t visit_mark = 0;                 // used by backward() to order the graph
};

// A handle to a node; copies share the node (as a PyTorch tensor variable does).
class Var {
public:
    Var() = default;
    explicit Var(Tensor value, bool requires_grad = false);
    explicit Var(std::shared_ptr<Node> node) : node_(std::move(node)) {}

    const Tensor& value() const { return node_->value; }
    Tensor& value() { return node_->value; }
    Tensor& grad() { return node_->grad; }
    const Tensor& grad() const { return node_->grad; }
    const Shape& shape() const { return node_->value.shape(); }
    bool requires_grad() const { return node_->requires_grad; }
    const std::shared_ptr<Node>& node() const { return node_; }

private:
    std::shared_ptr<Node> node_;
};

// Reverse sweep from `root` seeded with dRoot = seed (the shape of root). Gradients of intermediate
// nodes are rebuilt on every call; gradients of leaves ACCUMULATE until zero_grad (PyTorch semantics).
void backward(const Var& root, const Tensor& seed);
void backward(const Var& loss);  // a (1, 1) loss, seeded with 1

// While alive, ops build no graph (for evaluation and recording).
class NoGradGuard {
public:
    NoGradGuard();
    ~NoGradGuard();
    NoGradGuard(const NoGradGuard&) = delete;
    NoGradGuard& operator=(const NoGradGuard&) = delete;

private:
    bool previous_;
};
bool grad_enabled();

// How every op returns its result: a node holding `value` that, if any parent requires a gradient
// (and grad mode is on), keeps the parents and the backward closure.
Var make_result(const char* op, Tensor value, std::vector<Var> parents,
                std::function<void(Node& self)> backward);

}  // namespace nn
