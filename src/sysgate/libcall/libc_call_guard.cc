#include "sysgate/libcall/libc_call_guard.h"

namespace sysgate {
namespace {

// One per thread, read by signal handlers on the same thread: a signal fence
// is all the ordering they need, and every field is read and written whole
// (relaxed __atomic loads and stores, lock-free for words) so that a handler
// never sees half a store. The compiler's builtins rather than <atomic>:
// this file, like the generated wrappers, includes no library header, so it
// also builds for Darwin without its SDK (tests/darwin_core_test.py).
struct ThreadRecord {
  // How many LibcCalls of this thread are running. Only a signal handler can
  // run a second one, and it returns before the interrupted code resumes, so
  // a plain load and store (no read-modify-write) keep it exact.
  int depth;
  unsigned long pc;
  unsigned long sp;  // nonzero: the record is complete
  void* site_context;
  void* context;  // SetLibcCallContext's
};

static_assert(__atomic_always_lock_free(sizeof(unsigned long), nullptr));
static_assert(__atomic_always_lock_free(sizeof(void*), nullptr));
static_assert(__atomic_always_lock_free(sizeof(int), nullptr));

template <typename T>
T Load(const T& field) {
  return __atomic_load_n(&field, __ATOMIC_RELAXED);
}

template <typename T>
void Store(T& field, T value) {
  __atomic_store_n(&field, value, __ATOMIC_RELAXED);
}

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
  LibcCallGuard(unsigned long pc, unsigned long sp) noexcept : outermost_(Load(record.depth) == 0) {
    Store(record.depth, Load(record.depth) + 1);
    if (!outermost_) return;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);  // depth before the record
    Store(record.pc, pc);
    Store(record.site_context, Load(record.context));
    __atomic_signal_fence(__ATOMIC_RELEASE);
    Store(record.sp, sp);  // last: the record is complete
  }

  ~LibcCallGuard() {
    if (outermost_) {
      Store(record.sp, 0UL);  // first: incomplete from here
      __atomic_signal_fence(__ATOMIC_RELEASE);
      Store(record.pc, 0UL);
      Store(record.site_context, static_cast<void*>(nullptr));
      __atomic_signal_fence(__ATOMIC_SEQ_CST);  // the record before depth
    }
    Store(record.depth, Load(record.depth) - 1);
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
  LibcCallGuard guard(reinterpret_cast<unsigned long>(__builtin_return_address(0)),
                      reinterpret_cast<unsigned long>(__builtin_dwarf_cfa()));
  return trampoline(args);
}

bool CurrentLibcCall(LibcCallSite* site) noexcept {
  const unsigned long sp = Load(record.sp);
  if (sp == 0) return false;
  __atomic_signal_fence(__ATOMIC_ACQUIRE);
  site->pc = Load(record.pc);
  site->sp = sp;
  site->context = Load(record.site_context);
  return true;
}

void SetLibcCallContext(void* context) noexcept {
  Store(record.context, context);
}

}  // namespace sysgate
