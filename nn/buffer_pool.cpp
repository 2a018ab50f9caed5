// nn/buffer_pool.cpp — a per-thread cache of freed buffers, keyed by exact byte size.
#include "nn/buffer_pool.hpp"

#include <unordered_map>
#include <vector>

namespace nn {

namespace {

constexpr std::size_t max_cached_bytes = std::size_t(512) << 20;  // per thread

// Set when this thread's cache has been destroyed (at thread or program exit). A tensor that outlives
// it (a global, destroyed after the thread_local cache) then frees its buffer directly. A trivially
// destructible thread_local stays readable to the very end.
thread_local bool cache_gone = false;

struct Cache {
    std::unordered_map<std::size_t, std::vector<void*>> free_by_size;
    std::size_t cached_bytes = 0;

    ~Cache() {
        for (auto& [bytes, pointers] : free_by_size)
            for (void* p : pointers) ::operator delete(p);
        cache_gone = true;
    }
};

Cache& cache() {
    thread_local Cache c;
    return c;
}

}  // namespace

void* pool_allocate(std::size_t bytes) {
    if (bytes == 0) return nullptr;
    if (cache_gone) return ::operator new(bytes);
    Cache& c = cache();
    auto it = c.free_by_size.find(bytes);
    if (it != c.free_by_size.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        c.cached_bytes -= bytes;
        return p;
    }
    return ::operator new(bytes);
}

void pool_deallocate(void* pointer, std::size_t bytes) noexcept {
    if (pointer == nullptr) return;
    if (cache_gone) {
        ::operator delete(pointer);
        return;
    }
    Cache& c = cache();
    if (c.cached_bytes + bytes > max_cached_bytes) {
        ::operator delete(pointer);
        return;
    }
    try {
        c.free_by_size[bytes].push_back(pointer);
        c.cached_bytes += bytes;
    } catch (...) {  // no memory for the bookkeeping: give the buffer back instead
        ::operator delete(pointer);
    }
}

}  // namespace nn
