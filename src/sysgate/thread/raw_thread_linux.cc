#include <linux/mman.h>
#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/signal.h>

#include "sysgate/internal/spin_limit.h"
#include "sysgate/memory.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread/clone_linux.h"
#include "sysgate/thread/raw_thread.h"

static_assert(sysgate::sys::nr::clone == SYSGATE_NR_CLONE, "clone_linux.h disagrees with the table");

extern "C" long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
                                  int* child_tid, unsigned long tls, sysgate::RawThread* thread);

namespace sysgate {
namespace {

// The flags of a thread, as glibc's pthread_create and the Go runtime use
// them: shared memory, files, filesystem state, signal handlers, System V
// semaphore undo lists, one thread group; plus sysgate's TLS block and the
// tid published and cleared in the record.
constexpr unsigned long kCloneFlags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                                      CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
                                      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

// What the thread pointer of a raw thread points to. Each architecture's TLS
// ABI puts libc's thread-local data on one side of the thread pointer; the
// block is placed so that this side is a guard page (see ThreadPointer).
struct RawThreadBlock {
#if defined(__x86_64__)
  // The x86-64 TLS ABI: %fs:0 holds the thread pointer itself, and
  // -fstack-protector code reads its canary at %fs:0x28 (glibc's
  // tcbhead_t.stack_guard).
  RawThreadBlock* self;
  void* unused[4];
  unsigned long stack_guard;
#else
  void* unused;  // the TCB's dtv slot in the variant I ABIs
#endif
  RawThread* thread;
};
#if defined(__x86_64__)
static_assert(__builtin_offsetof(RawThreadBlock, stack_guard) == 0x28);
#else
static_assert(sizeof(RawThreadBlock) == 16, "the variant I TCB is 16 bytes");
#endif

unsigned long RoundUp(unsigned long n, unsigned long unit) { return (n + unit - 1) / unit * unit; }

// The mapping, from low addresses to high:
//   guard | stack | guard | record page | guard
// The record page holds the RawThread and the RawThreadBlock.
struct Layout {
  unsigned long page;
  unsigned long stack_size;
  unsigned long size() const { return stack_size + 4 * page; }
  // The child's first stack pointer: 16 bytes below the top, which keeps the
  // ABI's alignment and does not point at the guard page above (valgrind
  // takes a thread whose stack pointer is not in its stack for a broken one).
  unsigned long stack_top(char* base) const {
    return reinterpret_cast<unsigned long>(base) + page + stack_size - 16;
  }
  char* record_page(char* base) const { return base + 2 * page + stack_size; }
};

// Places the block in the record page and returns the thread pointer.
unsigned long ThreadPointer(char* page_start, unsigned long page, RawThreadBlock** block) {
#if defined(__x86_64__)
  // Variant II: thread-local data lies below the thread pointer, so the
  // block opens the page, right above a guard page.
  *block = reinterpret_cast<RawThreadBlock*>(page_start);
  return reinterpret_cast<unsigned long>(*block);
#elif defined(__aarch64__)
  // Variant I: the thread pointer points at a 16-byte TCB and thread-local
  // data follows it, so the block closes the page, right below a guard page.
  *block = reinterpret_cast<RawThreadBlock*>(page_start + page - sizeof(RawThreadBlock));
  return reinterpret_cast<unsigned long>(*block);
#elif defined(__riscv)
  // Variant I with the thread pointer just past the TCB: data starts there.
  *block = reinterpret_cast<RawThreadBlock*>(page_start + page - sizeof(RawThreadBlock));
  return reinterpret_cast<unsigned long>(page_start + page);
#endif
}

// The record of the last thread joined, whose mapping the next spawn reuses
// if its size fits, as glibc keeps a cache of stacks: making a mapping (mmap
// and two mprotects, page faults on first touch) and unmapping one (a TLB
// shootdown on every CPU the process ran on) cost more than starting the
// thread. One slot, swapped atomically: no lock, safe in a signal handler.
RawThread* spare_thread = nullptr;

// guard | stack | guard | record page | guard, for `layout`: the spare
// thread's if it has the same size, or a new mapping.
Result<char*> MapThread(const Layout& layout) {
  if (RawThread* spare = __atomic_exchange_n(&spare_thread, nullptr, __ATOMIC_ACQ_REL)) {
    if (spare->mapping_size == layout.size()) {
      return Result<char*>(reinterpret_cast<long>(spare->mapping));
    }
    sys::munmap(reinterpret_cast<unsigned long>(spare->mapping), spare->mapping_size);
  }
  auto mapping = sys::mmap(0, layout.size(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                           -1, 0);
  if (!mapping.ok()) return Result<char*>::Error(mapping.error());
  char* base = static_cast<char*>(mapping.value());
  const auto address = [](char* p) { return reinterpret_cast<unsigned long>(p); };
  auto stack = sys::mprotect(address(base + layout.page), layout.stack_size, PROT_READ | PROT_WRITE);
  auto record = sys::mprotect(address(layout.record_page(base)), layout.page, PROT_READ | PROT_WRITE);
  if (!stack.ok() || !record.ok()) {
    sys::munmap(address(base), layout.size());
    return Result<char*>::Error(stack.ok() ? record.error() : stack.error());
  }
  return Result<char*>(reinterpret_cast<long>(base));
}

// A thread that has finished its work takes a few microseconds more to
// exit; if it does so while the joiner spins, the join saves the cross-CPU
// wakeup, which costs more than the exit (tens of microseconds on a VM).
// Shared by every joining thread.
internal::SpinLimit join_spin;

#if defined(__x86_64__)
unsigned long CurrentStackGuard() {
  unsigned long guard;
  asm volatile("movq %%fs:0x28, %0" : "=r"(guard));
  return guard;
}
#endif

}  // namespace

Result<RawThread*> SpawnRawThread(const RawThreadOptions& options, RawThreadEntry entry,
                                  void* context) {
  return SpawnRawThreadRunning(options, entry, context, nullptr);
}

Result<RawThread*> SpawnRawThreadRunning(const RawThreadOptions& options, RawThreadEntry entry,
                                         void* context, void (*function)(void*)) {
  const Layout layout = {PageSize(), RoundUp(options.stack_size, PageSize())};
  auto mapping = MapThread(layout);
  if (!mapping.ok()) return Result<RawThread*>::Error(mapping.error());
  char* base = mapping.value();

  char* page = layout.record_page(base);
  RawThreadBlock* block;
  const unsigned long tls = ThreadPointer(page, layout.page, &block);
  // The record opens the page; on x86-64 the block is there, so it goes after.
  auto* thread = reinterpret_cast<RawThread*>(
      reinterpret_cast<char*>(block) == page ? page + sizeof(RawThreadBlock) : page);
  thread->entry = entry;
  thread->context = context;
  thread->function = function;
  thread->mapping = base;
  thread->mapping_size = layout.size();
  block->thread = thread;
#if defined(__x86_64__)
  block->self = block;
  block->stack_guard = CurrentStackGuard();
#endif

  // Block every signal while the thread is made: it starts with them all
  // blocked too, and restores thread->signal_mask once it is ready.
  kernel::sigset_t all = {~0UL};
  sys::rt_sigprocmask(SIG_SETMASK, &all, &thread->signal_mask, kernel::kSigsetSize);
  const long tid = sysgate_raw_clone(kCloneFlags, reinterpret_cast<void*>(layout.stack_top(base)),
                                     &thread->tid, &thread->tid, tls, thread);
  sys::rt_sigprocmask(SIG_SETMASK, &thread->signal_mask, nullptr, kernel::kSigsetSize);
  if (Result<long>(tid).ok()) return Result<RawThread*>(reinterpret_cast<long>(thread));
  sys::munmap(reinterpret_cast<unsigned long>(base), layout.size());
  return Result<RawThread*>::Error(Result<long>(tid).error());
}

Result<long> JoinRawThread(RawThread* thread) {
  join_spin.SpinUntil([thread] { return __atomic_load_n(&thread->tid, __ATOMIC_ACQUIRE) == 0; });
  for (;;) {
    const int tid = __atomic_load_n(&thread->tid, __ATOMIC_ACQUIRE);
    if (tid == 0) break;
    // Not FUTEX_PRIVATE_FLAG: the kernel's wake-up at thread exit
    // (CLONE_CHILD_CLEARTID) is a shared futex wake.
    sys::futex(reinterpret_cast<unsigned int*>(&thread->tid), FUTEX_WAIT, tid, nullptr, nullptr, 0);
  }
  // The thread no longer uses its mapping: keep it for the next spawn, and
  // unmap the one kept before.
  RawThread* spare = __atomic_exchange_n(&spare_thread, thread, __ATOMIC_ACQ_REL);
  if (spare == nullptr) return Result<long>(0);
  return sys::munmap(reinterpret_cast<unsigned long>(spare->mapping), spare->mapping_size);
}

RawThread* CurrentRawThread() {
  unsigned long tp;
#if defined(__x86_64__)
  asm volatile("movq %%fs:0, %0" : "=r"(tp));
#elif defined(__aarch64__)
  asm volatile("mrs %0, tpidr_el0" : "=r"(tp));
#elif defined(__riscv)
  asm volatile("mv %0, tp" : "=r"(tp));
  tp -= sizeof(RawThreadBlock);
#endif
  return reinterpret_cast<RawThreadBlock*>(tp)->thread;
}

}  // namespace sysgate

// Where sysgate_raw_clone's child goes: restore the creator's signal mask,
// run the entry, and end this thread (not the process) when it returns.
// Never instrumented by a sanitizer: before a call that does not return,
// AddressSanitizer calls into its runtime, which reads its thread state from
// libc's TLS, and a raw thread has none.
extern "C" [[noreturn]] __attribute__((no_sanitize_address, no_sanitize_undefined,
                                       no_sanitize_thread)) void
sysgate_raw_thread_main(sysgate::RawThread* thread) {
  // The stubs themselves, not their C++ wrappers, which a sanitizer build
  // instruments.
  sysgate_linux_rt_sigprocmask(SIG_SETMASK, &thread->signal_mask, nullptr,
                               sysgate::kernel::kSigsetSize);
  thread->entry(thread, thread->context);
  sysgate_linux_exit(0);
}
