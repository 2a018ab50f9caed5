// nn/buffer_pool.hpp — where tensor storage comes from. A training step frees and re-allocates the
// same buffer sizes every step; taken from the system each time, every step would pay for fresh
// pages (page faults and zeroing by the kernel dominated small-network training). Freed buffers are
// kept per byte size, per thread, and handed out again; the cache is capped, beyond which buffers
// go back to the system.
#pragma once
#include <cstddef>
#include <new>
#include <utility>

namespace nn {

void* pool_allocate(std::size_t bytes);
void pool_deallocate(void* pointer, std::size_t bytes) noexcept;

// A standard allocator over the pool, for std::vector.
template <class T>
struct PoolAllocator {
    using value_type = T;
    PoolAllocator() = default;
    template <class U>
    PoolAllocator(const PoolAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(pool_allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { pool_deallocate(p, n * sizeof(T)); }
    // vector(n) default-initialises: floats are left unset (Tensor::uninitialized), not zeroed.
    // vector(n, value) still fills with the value.
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
    template <class U>
    bool operator==(const PoolAllocator<U>&) const noexcept { return true; }
};

}  // namespace nn
