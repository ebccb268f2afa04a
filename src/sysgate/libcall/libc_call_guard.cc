#include "sysgate/libcall/libc_call_guard.h"

#include <atomic>

namespace sysgate {
namespace {

// One per thread, read by signal handlers on the same thread: a signal fence
// is all the ordering they need, and every field is a lock-free atomic so
// that a handler never sees half a store.
struct ThreadRecord {
  // How many LibcCalls of this thread are running. Only a signal handler can
  // run a second one, and it returns before the interrupted code resumes, so
  // a plain load and store (no read-modify-write) keep it exact.
  std::atomic<int> depth;
  std::atomic<std::uintptr_t> pc;
  std::atomic<std::uintptr_t> sp;  // nonzero: the record is complete
  std::atomic<void*> site_context;
  std::atomic<void*> context;  // SetLibcCallContext's
};

static_assert(std::atomic<std::uintptr_t>::is_always_lock_free);
static_assert(std::atomic<void*>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

// Initial-exec: a fixed offset from the thread pointer, so a signal handler's
// access never calls __tls_get_addr, which may allocate. Zero-initialized, so
// no thread_local constructor runs either.
#if defined(__ELF__)
__attribute__((tls_model("initial-exec")))
#endif
thread_local ThreadRecord record;

// Keeps the record of the outermost call of a thread from its construction
// to its destruction.
class LibcCallGuard {
 public:
  LibcCallGuard(std::uintptr_t pc, std::uintptr_t sp) noexcept
      : outermost_(record.depth.load(std::memory_order_relaxed) == 0) {
    record.depth.store(record.depth.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (!outermost_) return;
    std::atomic_signal_fence(std::memory_order_seq_cst);  // depth before the record
    record.pc.store(pc, std::memory_order_relaxed);
    record.site_context.store(record.context.load(std::memory_order_relaxed),
                              std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_release);
    record.sp.store(sp, std::memory_order_relaxed);  // last: the record is complete
  }

  ~LibcCallGuard() {
    if (outermost_) {
      record.sp.store(0, std::memory_order_relaxed);  // first: incomplete from here
      std::atomic_signal_fence(std::memory_order_release);
      record.pc.store(0, std::memory_order_relaxed);
      record.site_context.store(nullptr, std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);  // the record before depth
    }
    record.depth.store(record.depth.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  }

  LibcCallGuard(const LibcCallGuard&) = delete;
  LibcCallGuard& operator=(const LibcCallGuard&) = delete;

 private:
  const bool outermost_;
};

}  // namespace

// noinline: __builtin_return_address(0) must be the caller's pc, and the
// canonical frame address (the stack pointer just before the call) the
// caller's sp.
[[gnu::noinline]] long LibcCall(LibcTrampoline trampoline, const long* args) {
  LibcCallGuard guard(reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)),
                      reinterpret_cast<std::uintptr_t>(__builtin_dwarf_cfa()));
  return trampoline(args);
}

bool CurrentLibcCall(LibcCallSite* site) noexcept {
  const std::uintptr_t sp = record.sp.load(std::memory_order_relaxed);
  if (sp == 0) return false;
  std::atomic_signal_fence(std::memory_order_acquire);
  site->pc = record.pc.load(std::memory_order_relaxed);
  site->sp = sp;
  site->context = record.site_context.load(std::memory_order_relaxed);
  return true;
}

void SetLibcCallContext(void* context) noexcept {
  record.context.store(context, std::memory_order_relaxed);
}

}  // namespace sysgate
