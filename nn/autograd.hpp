// nn/autograd.hpp — reverse-mode automatic differentiation on a define-by-run graph.
//
// Every op returns a Var whose Node remembers its parents and a backward closure. backward(loss)
// orders the graph topologically and runs the closures from the loss back to the leaves; each closure
// reads self.grad and writes its share into every parent's grad: the first share of a sweep assigns,
// later ones add (a parent may feed several children; see take_first_share below).
// When no parent needs a gradient, or inside a NoGradGuard, ops build no graph at all: recording
// activations for the information plane costs a plain forward pass.
//
// A training step builds and drops the same graph every step, so nothing here asks the system for
// memory once the first steps have run: nodes, their parent lists and closures that do not fit in a
// node come from the buffer pool (nn/buffer_pool.hpp), which hands the same sizes back step after step.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "nn/buffer_pool.hpp"
#include "nn/tensor.hpp"

namespace nn {

struct Node;

// A node's backward closure: a callable taking Node&, stored in place. std::function would put every
// capture list larger than two pointers on the heap, once per op per step; here captures of up to
// inline_bytes live inside the node, and larger ones (a saved Tensor plus the labels, say) in pool
// memory. Set once by emplace; neither copied nor moved (a node never is).
class BackwardFn {
public:
    static constexpr std::size_t inline_bytes = 64;

    BackwardFn() = default;
    BackwardFn(const BackwardFn&) = delete;
    BackwardFn& operator=(const BackwardFn&) = delete;
    ~BackwardFn() {
        if (destroy_) destroy_(closure_);
    }

    template <class F>
    void emplace(F&& f) {
        using Closure = std::decay_t<F>;
        constexpr bool fits = sizeof(Closure) <= inline_bytes && alignof(Closure) <= alignof(std::max_align_t);
        void* where = fits ? static_cast<void*>(storage_) : pool_allocate(sizeof(Closure));
        closure_ = ::new (where) Closure(std::forward<F>(f));
        call_ = [](void* closure, Node& self) { (*static_cast<Closure*>(closure))(self); };
        destroy_ = [](void* closure) {
            static_cast<Closure*>(closure)->~Closure();
            if constexpr (!fits) pool_deallocate(closure, sizeof(Closure));
        };
    }

    explicit operator bool() const { return call_ != nullptr; }
    void operator()(Node& self) { call_(closure_, self); }

private:
    alignas(std::max_align_t) unsigned char storage_[inline_bytes];
    void* closure_ = nullptr;  // into storage_, or pool memory
    void (*call_)(void*, Node&) = nullptr;
    void (*destroy_)(void*) = nullptr;
};

struct Node {
    Tensor value;
    Tensor grad;                                  // dLoss/dvalue, the shape of value once backward ran
    // Pool memory: an op's parent list is the same size every step.
    std::vector<std::shared_ptr<Node>, PoolAllocator<std::shared_ptr<Node>>> parents;
    // Receives the node itself, so the closure never captures its own shared_ptr (a reference
    // cycle that would keep the whole graph alive).
    BackwardFn backward;                          // empty for leaves
    const char* op = "leaf";
    bool requires_grad = false;
    bool grad_unwritten = false;                  // backward() gave grad a buffer no share has written yet
    std::uint64_t visit_mark = 0;                 // used by backward() to order the graph
};

// How a backward closure writes its share into a parent's gradient. backward() hands each intermediate
// node a buffer that nothing has written yet in this sweep instead of a buffer of zeros: the first
// share assigns and later shares add. That saves zeroing every activation's gradient each step, and
// the products that write an input gradient overwrite it instead of reading it back. (x assigned is the
// bits of 0 + x, but for the sign of a zero gradient.) Leaves keep adding, as PyTorch's do.
//
// take_first_share: true exactly once per sweep for an unwritten buffer (the caller assigns, or passes
// beta 0 to gemm), false after and for leaves (the caller adds).
bool take_first_share(Node& parent);
// The parent's gradient ready to add into, zero-filled if no share was written yet: for closures that
// add into a few of its elements (scatters) or are too cheap to have two loops.
float* zeroed_share(Node& parent);
// gemm's beta for writing a share: 0 overwrites an unwritten buffer, 1 adds.
inline float share_beta(Node& parent) { return take_first_share(parent) ? 0.0f : 1.0f; }

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

// The node of an op's result: holding `value`, and, if any parent requires a gradient (and grad mode
// is on), requiring one itself and keeping the parents. make_result then adds the closure.
std::shared_ptr<Node> make_result_node(const char* op, Tensor value, std::initializer_list<Var> parents);

// How every op returns its result: make_result("tanh", y, {x}, [](Node& self) { ... }). The closure
// is kept only when the result requires a gradient.
template <class F>
Var make_result(const char* op, Tensor value, std::initializer_list<Var> parents, F&& backward) {
    std::shared_ptr<Node> node = make_result_node(op, std::move(value), parents);
    if (node->requires_grad) node->backward.emplace(std::forward<F>(backward));
    return Var(std::move(node));
}

}  // namespace nn
