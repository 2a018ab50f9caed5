// nn/autograd.cpp — graph bookkeeping: result nodes, topological order, the reverse sweep.
#include "nn/autograd.hpp"

#include <algorithm>

#include "nn/check.hpp"

namespace nn {

namespace {

thread_local bool grad_mode = true;
std::uint64_t last_visit_mark = 0;

// Depth-first post-order over the nodes that need a gradient: every node after all its parents.
// Iterative, so a deep graph cannot overflow the call stack. The order and the stack are kept from
// sweep to sweep (per thread), so that once grown to the graph's size they allocate nothing.
const std::vector<Node*>& topological_order(Node* root) {
    thread_local std::vector<Node*> order;
    thread_local std::vector<std::pair<Node*, std::size_t>> stack;  // node, next parent to visit
    order.clear();
    stack.assign(1, {root, 0});
    const std::uint64_t mark = ++last_visit_mark;
    root->visit_mark = mark;
    while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next < node->parents.size()) {
            Node* parent = node->parents[next++].get();
            if (parent->requires_grad && parent->visit_mark != mark) {
                parent->visit_mark = mark;
                stack.emplace_back(parent, 0);
            }
        } else {
            order.push_back(node);
            stack.pop_back();
        }
    }
    return order;
}

// A node and its shared_ptr control block, in one piece of pool memory.
std::shared_ptr<Node> make_node() { return std::allocate_shared<Node>(PoolAllocator<Node>()); }

}  // namespace

Var::Var(Tensor value, bool requires_grad) : node_(make_node()) {
    node_->value = std::move(value);
    node_->requires_grad = requires_grad;
}

bool grad_enabled() { return grad_mode; }
NoGradGuard::NoGradGuard() : previous_(grad_mode) { grad_mode = false; }
NoGradGuard::~NoGradGuard() { grad_mode = previous_; }

std::shared_ptr<Node> make_result_node(const char* op, Tensor value, std::initializer_list<Var> parents) {
    std::shared_ptr<Node> node = make_node();
    node->value = std::move(value);
    node->op = op;
    const bool any_parent_needs_grad =
        std::any_of(parents.begin(), parents.end(), [](const Var& p) { return p.requires_grad(); });
    if (grad_mode && any_parent_needs_grad) {
        node->requires_grad = true;
        node->parents.reserve(parents.size());
        for (const Var& p : parents) node->parents.push_back(p.node());
    }
    return node;
}

void backward(const Var& root, const Tensor& seed) {
    NN_CHECK(seed.shape() == root.shape(),
             "backward: seed shape " << seed.shape() << " != root shape " << root.shape());
    NN_CHECK(root.requires_grad(), "backward: '" << root.node()->op << "' does not require a gradient");
    const std::vector<Node*>& order = topological_order(root.node().get());

    // Intermediate grads are rebuilt on every sweep, unwritten (the first share assigns); a leaf keeps
    // what it has accumulated.
    for (Node* node : order) {
        if (node->backward) {
            node->grad = Tensor::uninitialized(node->value.shape());
            node->grad_unwritten = true;
        } else if (!(node->grad.shape() == node->value.shape())) {
            node->grad = Tensor(node->value.shape(), 0.0f);
        }
    }
    Node& root_node = *root.node();
    if (take_first_share(root_node))
        std::copy(seed.data(), seed.data() + seed.size(), root_node.grad.data());
    else
        for (std::size_t i = 0; i < seed.size(); ++i) root_node.grad[i] += seed[i];

    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        Node& node = **it;
        if (!node.backward) continue;
        zeroed_share(node);  // a node no child wrote a share into (none did the arithmetic) has gradient 0
        node.backward(node);
    }
}

bool take_first_share(Node& parent) {
    const bool first = parent.grad_unwritten;
    parent.grad_unwritten = false;
    return first;
}

float* zeroed_share(Node& parent) {
    if (take_first_share(parent)) parent.grad.fill(0.0f);
    return parent.grad.data();
}

void backward(const Var& loss) {
    NN_CHECK(loss.value().size() == 1, "backward: the loss must be a scalar, got " << loss.shape());
    backward(loss, Tensor(loss.shape(), 1.0f));
}

}  // namespace nn
