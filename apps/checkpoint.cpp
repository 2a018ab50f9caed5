// apps/checkpoint.cpp — capturing and restoring a run's state, and its versioned, checksummed file format.
#include "apps/checkpoint.hpp"

#include <bit>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "apps/run_directory.hpp"
#include "nn/image_layers.hpp"

namespace apps {

namespace {

constexpr char kMagic[4] = {'I', 'P', 'C', 'K'};
constexpr std::uint32_t kVersion = 1;

// The layers that draw from an Rng of their own, in network order.
std::vector<nn::Rng*> layer_rngs(nn::Sequential& model) {
    std::vector<nn::Rng*> rngs;
    for (std::size_t i = 0; i < model.size(); ++i) {
        if (auto* dropout = dynamic_cast<nn::Dropout*>(&model.module(i))) rngs.push_back(&dropout->rng());
        if (auto* noise = dynamic_cast<nn::GaussianNoise*>(&model.module(i))) rngs.push_back(&noise->rng());
    }
    return rngs;
}

// FNV-1a, 64 bits (Fowler, Noll, Vo): enough to tell a damaged file from a good one.
std::uint64_t fnv1a(const char* data, std::size_t n) {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (std::size_t i = 0; i < n; ++i) {
        hash ^= std::uint8_t(data[i]);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

class Writer {
public:
    void u32(std::uint32_t v) { bytes(v, 4); }
    void u64(std::uint64_t v) { bytes(v, 8); }
    void i64(long v) { u64(std::uint64_t(std::int64_t(v))); }
    void text(const std::string& s) {
        u64(s.size());
        out_ += s;
    }
    void tensor(const nn::Tensor& t) {
        u32(std::uint32_t(t.shape().rank()));
        for (std::size_t extent : t.shape().dims()) u64(extent);
        for (std::size_t i = 0; i < t.size(); ++i) u32(std::bit_cast<std::uint32_t>(t[i]));
    }
    void tensors(const std::vector<nn::Tensor>& list) {
        u64(list.size());
        for (const nn::Tensor& t : list) tensor(t);
    }
    std::string& out() { return out_; }

private:
    void bytes(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out_ += char((v >> (8 * i)) & 0xff);
    }
    std::string out_;
};

class Reader {
public:
    Reader(const std::string& bytes, std::size_t end, std::size_t begin, const std::string& path)
        : bytes_(bytes), end_(end), at_(begin), path_(path) {}
    std::uint32_t u32() { return std::uint32_t(take(4)); }
    std::uint64_t u64() { return take(8); }
    long i64() { return long(std::int64_t(u64())); }
    // A count of items of at least `item_bytes` each: never more than the bytes left could hold, so a
    // damaged count cannot make us allocate.
    std::size_t count(std::size_t item_bytes) {
        const std::uint64_t n = u64();
        if (n > (end_ - at_) / item_bytes) fail("truncated or corrupt (a count of " + std::to_string(n) + ")");
        return std::size_t(n);
    }
    std::string text() {
        const std::size_t n = count(1);
        std::string s = bytes_.substr(at_, n);
        at_ += n;
        return s;
    }
    nn::Tensor tensor() {
        const std::uint32_t rank = u32();
        if (rank > 8) fail("corrupt (a tensor of rank " + std::to_string(rank) + ")");
        std::vector<std::size_t> dims(rank);
        std::uint64_t numel = 1;
        for (std::size_t& extent : dims) {
            extent = std::size_t(u64());
            if (extent != 0 && numel > (end_ - at_) / extent) fail("truncated or corrupt (a tensor larger than the file)");
            numel *= extent;
        }
        if (numel > (end_ - at_) / 4) fail("truncated (a tensor's values)");
        nn::Tensor t{nn::Shape(dims)};
        for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::bit_cast<float>(u32());
        return t;
    }
    std::vector<nn::Tensor> tensors() {
        std::vector<nn::Tensor> list(count(4));
        for (nn::Tensor& t : list) t = tensor();
        return list;
    }
    bool done() const { return at_ == end_; }
    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(path_ + ": checkpoint " + what); }

private:
    std::uint64_t take(int n) {
        if (end_ - at_ < std::size_t(n)) fail("truncated");
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v |= std::uint64_t(std::uint8_t(bytes_[at_ + std::size_t(i)])) << (8 * i);
        at_ += std::size_t(n);
        return v;
    }
    const std::string& bytes_;
    std::size_t end_;
    std::size_t at_;
    const std::string& path_;
};

std::string describe_shape(const nn::Shape& shape) {
    std::string text = "(";
    for (std::size_t i = 0; i < shape.rank(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + ")";
}

// Copies `saved` into `targets`, which must have the same count and shapes.
void restore_tensors(const std::vector<nn::Tensor>& saved, const std::vector<nn::Tensor*>& targets, const char* what,
                     const std::string& path) {
    if (saved.size() != targets.size())
        throw std::runtime_error(path + ": the checkpoint holds " + std::to_string(saved.size()) + " " + what +
                                 " tensors, the network of run.ini has " + std::to_string(targets.size()));
    for (std::size_t k = 0; k < saved.size(); ++k) {
        if (!(saved[k].shape() == targets[k]->shape()))
            throw std::runtime_error(path + ": " + what + " tensor " + std::to_string(k + 1) + " has shape " +
                                     describe_shape(saved[k].shape()) + ", the network of run.ini has " +
                                     describe_shape(targets[k]->shape()));
        *targets[k] = saved[k];
    }
}

}  // namespace

Checkpoint capture_checkpoint(long epoch, nn::Sequential& model, nn::Optimizer& optimizer, const nn::Rng& rng) {
    Checkpoint c;
    c.epoch = epoch;
    c.rng_state = rng.state();
    for (nn::Rng* layer_rng : layer_rngs(model)) c.layer_rng_states.push_back(layer_rng->state());
    for (nn::Var& p : model.parameters()) c.parameters.push_back(p.value());
    c.optimizer_steps = optimizer.steps();
    for (nn::Tensor* t : optimizer.state()) c.optimizer_state.push_back(*t);
    return c;
}

void restore_checkpoint(const Checkpoint& c, const std::string& path, nn::Sequential& model, nn::Optimizer& optimizer,
                        nn::Rng& rng) {
    std::vector<nn::Var> parameters = model.parameters();
    std::vector<nn::Tensor*> values;
    for (nn::Var& p : parameters) values.push_back(&p.value());
    restore_tensors(c.parameters, values, "parameter", path);
    restore_tensors(c.optimizer_state, optimizer.state(), "optimizer state", path);
    const std::vector<nn::Rng*> rngs = layer_rngs(model);
    if (rngs.size() != c.layer_rng_states.size())
        throw std::runtime_error(path + ": the checkpoint holds " + std::to_string(c.layer_rng_states.size()) +
                                 " random layers, the network of run.ini has " + std::to_string(rngs.size()));
    try {
        for (std::size_t k = 0; k < rngs.size(); ++k) rngs[k]->set_state(c.layer_rng_states[k]);
        rng.set_state(c.rng_state);
    } catch (const std::invalid_argument& error) {
        throw std::runtime_error(path + ": checkpoint corrupt (" + error.what() + ")");
    }
    optimizer.set_steps(c.optimizer_steps);
}

std::string encode_checkpoint(const Checkpoint& c) {
    Writer w;
    w.out().append(kMagic, sizeof kMagic);
    w.u32(kVersion);
    w.i64(c.epoch);
    w.u64(c.metrics_bytes);
    w.u64(c.plane_bytes);
    w.text(c.rng_state);
    w.u64(c.layer_rng_states.size());
    for (const std::string& state : c.layer_rng_states) w.text(state);
    w.tensors(c.parameters);
    w.i64(c.optimizer_steps);
    w.tensors(c.optimizer_state);
    w.u64(fnv1a(w.out().data(), w.out().size()));
    return std::move(w.out());
}

Checkpoint decode_checkpoint(const std::string& bytes, const std::string& path) {
    const std::size_t header = sizeof kMagic + 4, hash = 8;
    if (bytes.size() < sizeof kMagic || bytes.compare(0, sizeof kMagic, kMagic, sizeof kMagic) != 0)
        throw std::runtime_error(path + ": not an infoplane checkpoint (no IPCK magic)");
    if (bytes.size() < header + hash) throw std::runtime_error(path + ": checkpoint truncated");
    Reader r(bytes, bytes.size() - hash, sizeof kMagic, path);
    const std::uint32_t version = r.u32();
    if (version != kVersion)
        throw std::runtime_error(path + ": checkpoint version " + std::to_string(version) + " (this infoplane reads " +
                                 std::to_string(kVersion) + ")");
    Reader tail(bytes, bytes.size(), bytes.size() - hash, path);
    if (tail.u64() != fnv1a(bytes.data(), bytes.size() - hash))
        throw std::runtime_error(path + ": checkpoint truncated or corrupt (checksum mismatch)");
    Checkpoint c;
    c.epoch = r.i64();
    c.metrics_bytes = r.u64();
    c.plane_bytes = r.u64();
    c.rng_state = r.text();
    c.layer_rng_states.resize(r.count(8));
    for (std::string& state : c.layer_rng_states) state = r.text();
    c.parameters = r.tensors();
    c.optimizer_steps = r.i64();
    c.optimizer_state = r.tensors();
    if (!r.done()) r.fail("corrupt (bytes after the last field)");
    if (c.epoch < 0 || c.optimizer_steps < 0) r.fail("corrupt (a negative epoch or step count)");
    return c;
}

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
    write_file_atomically(path, encode_checkpoint(checkpoint));
}

Checkpoint read_checkpoint(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return decode_checkpoint(bytes.str(), path);
}

}  // namespace apps
