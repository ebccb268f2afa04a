// SPDX-License-Identifier: Apache-2.0
#include <linux/auxvec.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/signal.h>


#include "sysgate/internal/linux_calls.h"
#include "sysgate/internal/spin_limit.h"
#include "sysgate/memory.h"
#include "sysgate/process/auxv.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread/raw_thread.h"
#include "sysgate/thread/raw_thread_block.h"
#include "sysgate/thread/tls_linux.h"

// The kernel's unsigned longs as words: x32's kernel reads flags and tls as
// whole 64-bit registers.
extern "C" sysgate::Word sysgate_raw_clone(sysgate::Word flags, void* stack, int* parent_tid,
                                           int* child_tid, sysgate::Word tls,
                                           sysgate::RawThread* thread);

namespace sysgate {
namespace {

// The flags of a thread, as glibc's pthread_create and the Go runtime use
// them: shared memory, files, filesystem state, signal handlers, System V
// semaphore undo lists, one thread group; plus sysgate's TLS block and the
// tid published and cleared in the record.
constexpr unsigned long kCloneFlags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                                      CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
                                      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

// The program headers AT_PHDR points at: the executable's own ELF class.
#if __SIZEOF_POINTER__ == 8
using ProgramHeader = Elf64_Phdr;
#else
using ProgramHeader = Elf32_Phdr;
#endif

// `unit` is a page size, a power of two: a mask, not a division, which on
// arm (no divide instruction in ARMv7-A) would be a call to libgcc.
unsigned long RoundUp(unsigned long n, unsigned long unit) { return (n + unit - 1) & ~(unit - 1); }

// What a shared library's static thread-local storage may take, beyond the
// executable's: glibc's own (errno and the rest) is well under a page, and
// glibc reserves about 1.6 KiB more for libraries loaded later. Unmapped
// address space costs no memory.
constexpr unsigned long kLibraryTlsReserve = 64 * 1024;

// The executable's PT_TLS size plus its alignment (the most its block can
// take, with the padding that aligns it), found through AT_PHDR; 0 if it
// has none. The same on every call, so a race between two first calls only
// computes it twice.
unsigned long ExecutableTlsSize() {
  static unsigned long cached = ~0UL;
  unsigned long size = __atomic_load_n(&cached, __ATOMIC_RELAXED);
  if (size != ~0UL) return size;
  size = 0;
  const auto* phdrs = reinterpret_cast<const ProgramHeader*>(AuxvValue(AT_PHDR));
  const unsigned long count = AuxvValue(AT_PHNUM);
  for (unsigned long i = 0; phdrs != nullptr && i < count; ++i) {
    if (phdrs[i].p_type == PT_TLS) size = phdrs[i].p_memsz + phdrs[i].p_align;
  }
  __atomic_store_n(&cached, size, __ATOMIC_RELAXED);
  return size;
}

// What each unmapped region beside a record page covers.
unsigned long TlsGuardSize(unsigned long page) {
  return RoundUp(ExecutableTlsSize() + kLibraryTlsReserve, page);
}

// The mapping, from low addresses to high:
//   guard | stack | TLS guard | record page | TLS guard
// The record page holds the RawThread and the RawThreadBlock; each TLS guard
// covers all that static thread-local storage may take, on whichever side
// of the thread pointer the architecture puts it.
struct Layout {
  unsigned long page;
  unsigned long stack_size;
  unsigned long tls_guard;
  unsigned long size() const { return page + stack_size + tls_guard + page + tls_guard; }
  // The child's first stack pointer, at the end of the stack it grows away
  // from (core_abi.h's SYSGATE_ARCH_STACK_GROWS_UP). Growing down, 16 bytes
  // below the top, which keeps the ABI's alignment and does not point at the
  // guard above (valgrind takes a thread whose stack pointer is not in its
  // stack for a broken one); growing up (hppa), the stack's first byte,
  // page-aligned, past which the child's own entry makes its first frame,
  // and the TLS guard above catches an overflow.
  unsigned long stack_pointer(char* base) const {
    const unsigned long stack = reinterpret_cast<unsigned long>(base) + page;
    return SYSGATE_ARCH_STACK_GROWS_UP ? stack : stack + stack_size - 16;
  }
  char* record_page(char* base) const { return base + page + stack_size + tls_guard; }
};

// The layout for a stack of `stack_size`, or false when the size is below
// the minimum or the mapping's size would not fit in an unsigned long.
bool MakeLayout(unsigned long stack_size, Layout* layout) {
  if (stack_size < kMinThreadStackSize) return false;
  const unsigned long page = PageSize();
  const unsigned long tls_guard = TlsGuardSize(page);
  // stack_size rounded up, plus two pages and two TLS guards, all without
  // wrapping.
  unsigned long total;
  if (__builtin_add_overflow(stack_size, page - 1, &total)) return false;
  const unsigned long stack = total & ~(page - 1);
  if (__builtin_add_overflow(stack, 2 * page, &total) ||
      __builtin_add_overflow(total, 2 * tls_guard, &total)) {
    return false;
  }
  *layout = {page, stack, tls_guard};
  return true;
}

// Places the block in the record page: on x86-64 and i386 (variant II,
// thread-local data below the thread pointer) it opens the page, right above
// a TLS guard; on arm64, arm, riscv64, ppc64 and mips (variant I, data
// above) it closes the page, right below one. The RawThread takes the other end.
void PlaceRecord(char* page_start, unsigned long page, RawThreadBlock** block, RawThread** thread) {
#if SYSGATE_ARCH_TLS_VARIANT == 2
  *block = reinterpret_cast<RawThreadBlock*>(page_start);
  *thread = reinterpret_cast<RawThread*>(page_start + sizeof(RawThreadBlock));
#else
  *block = reinterpret_cast<RawThreadBlock*>(page_start + page - sizeof(RawThreadBlock));
  *thread = reinterpret_cast<RawThread*>(page_start);
#endif
}

// Marks `block` as a raw thread's (`thread` null for a libc-free program's
// first thread, which has the block but is no raw thread) and returns the
// thread pointer that designates it.
unsigned long FillBlock(RawThreadBlock* block, RawThread* thread, CallSiteRecord* call_sites) {
  block->tag = kRawThreadTag;
  block->thread = thread;
  block->call_sites = call_sites;
#if SYSGATE_ARCH_TLS_VARIANT == 2
  block->self = block;
#endif
  return reinterpret_cast<unsigned long>(block) + kThreadPointerOffset;
}

// The record of the last thread joined, whose mapping the next spawn reuses
// if its size fits, as glibc keeps a cache of stacks: making a mapping (mmap
// and two mprotects, page faults on first touch) and unmapping one (a TLB
// shootdown on every CPU the process ran on) cost more than starting the
// thread. One slot, swapped atomically: no lock, safe in a signal handler.
RawThread* spare_thread = nullptr;

// Unmaps the mapping of `spare`, a thread taken out of spare_thread, if any.
Result<void> Unmap(RawThread* spare) {
  if (spare == nullptr) return Result<void>::Ok();
  return Result<void>(
      sys::munmap(reinterpret_cast<unsigned long>(spare->mapping), spare->mapping_size));
}

// A new mapping for `layout`, all of it inaccessible but the stack and the
// record page.
Result<char*> MapFresh(const Layout& layout) {
  auto mapping = linux_calls::Mmap(0, layout.size(), PROT_NONE,
                                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (!mapping.ok()) return Result<char*>::Error(mapping.error());
  char* base = static_cast<char*>(mapping.value());
  const auto address = [](char* p) { return reinterpret_cast<unsigned long>(p); };
  // No stack is no call: qemu-user answers a zero-length mprotect ENOMEM.
  auto stack = layout.stack_size == 0 ? Result<Word>::Ok(0)
                                      : sys::mprotect(address(base + layout.page),
                                                      layout.stack_size, PROT_READ | PROT_WRITE);
  auto record =
      sys::mprotect(address(layout.record_page(base)), layout.page, PROT_READ | PROT_WRITE);
  if (!stack.ok() || !record.ok()) {
    // The mprotect's error is the one to report; a range just mapped unmaps.
    (void)sys::munmap(address(base), layout.size());
    return Result<char*>::Error(stack.ok() ? record.error() : stack.error());
  }
  return Result<char*>::Ok(base);
}

// The mapping for `layout`: the spare thread's if it has the same size, or a
// new one.
Result<char*> MapThread(const Layout& layout) {
  if (RawThread* spare = __atomic_exchange_n(&spare_thread, nullptr, __ATOMIC_ACQ_REL)) {
    if (spare->mapping_size == layout.size()) {
      return Result<char*>::Ok(static_cast<char*>(spare->mapping));
    }
    // A mapping this thread made, unmapped whole: it cannot fail.
    (void)Unmap(spare);
  }
  return MapFresh(layout);
}

// A thread that has finished its work takes a few microseconds more to
// exit; if it does so while the joiner spins, the join saves the cross-CPU
// wakeup, which costs more than the exit (tens of microseconds on a VM).
// So the join spins for about an exit (256 pauses, some 6 us here), not
// for a wakeup as the Parker does: a thread that has not finished is
// worth no longer spin, and one just spawned may be queued on the joiner's
// own CPU, where a long spin keeps it from starting (with the Parker's
// bound the spawn + join benchmark spun through most of each join and took
// 40 us where this bound's took 34: bench/run_benchmarks.py). Shared by
// every joining thread.
internal::SpinLimit join_spin(256);

#ifdef SYSGATE_ARCH_TLS_STACK_GUARD
// The canary -fstack-protector code reads through the thread pointer (above
// it on x86, %fs:0x28, %gs:0x14 and x32's %fs:0x18; 0x7010 below it on ppc64),
// for the child's block to copy: where the calling thread's block, libc's
// or sysgate's, keeps it.
unsigned long CurrentStackGuard() {
  const unsigned long tp = tls::ThreadPointer();
  return *reinterpret_cast<const unsigned long*>(tp - kThreadPointerOffset +
                                                 __builtin_offsetof(RawThreadBlock, stack_guard));
}
#endif

}  // namespace

Result<RawThread*> SpawnRawThread(const RawThreadOptions& options, RawThreadEntry entry,
                                  void* context) {
  return SpawnRawThreadRunning(options, entry, context, nullptr);
}

Result<RawThread*> SpawnRawThreadRunning(const RawThreadOptions& options, RawThreadEntry entry,
                                         void* context, void (*function)(void*)) {
  Layout layout;
  if (!MakeLayout(options.stack_size, &layout)) return Result<RawThread*>::Error(EINVAL);
  auto mapping = MapThread(layout);
  if (!mapping.ok()) return Result<RawThread*>::Error(mapping.error());
  char* base = mapping.value();

  RawThreadBlock* block;
  RawThread* thread;
  PlaceRecord(layout.record_page(base), layout.page, &block, &thread);
  thread->entry = entry;
  thread->context = context;
  thread->function = function;
  thread->mapping = base;
  thread->mapping_size = layout.size();
  ResetCallSiteRecord(thread->call_sites);  // a reused mapping holds the last thread's
  const unsigned long tp = FillBlock(block, thread, &thread->call_sites);
#ifdef SYSGATE_ARCH_TLS_STACK_GUARD
  block->stack_guard = CurrentStackGuard();
#endif
  const tls::CloneTls tls(tp);

  // Block every signal while the thread is made: it starts with them all
  // blocked too, and restores thread->signal_mask once it is ready.
  // rt_sigprocmask fails only for a bad `how` or set size.
  kernel::sigset_t all;
  for (int i = 0; i < kernel::kSigsetWords; ++i) all.sig[i] = ~0UL;
  (void)sys::rt_sigprocmask(SIG_SETMASK, &all, &thread->signal_mask, kernel::kSigsetSize);
  const Result<Word> tid(sysgate_raw_clone(kCloneFlags,
                                           reinterpret_cast<void*>(layout.stack_pointer(base)),
                                           &thread->tid, &thread->tid, tls.argument, thread));
  (void)sys::rt_sigprocmask(SIG_SETMASK, &thread->signal_mask, nullptr, kernel::kSigsetSize);
  if (tid.ok()) return Result<RawThread*>::Ok(thread);
  // clone's error is the one to report; a mapping this thread made unmaps.
  (void)sys::munmap(reinterpret_cast<unsigned long>(base), layout.size());
  return Result<RawThread*>::Error(tid.error());
}

Result<void> JoinRawThread(RawThread* thread) {
  join_spin.SpinUntil([thread] { return __atomic_load_n(&thread->tid, __ATOMIC_ACQUIRE) == 0; });
  for (;;) {
    const int tid = __atomic_load_n(&thread->tid, __ATOMIC_ACQUIRE);
    if (tid == 0) break;
    // Not FUTEX_PRIVATE_FLAG: the kernel's wake-up at thread exit
    // (CLONE_CHILD_CLEARTID) is a shared futex wake. Whatever it returns
    // (woken, EAGAIN, EINTR), the loop looks at the tid again.
    (void)linux_calls::Futex(reinterpret_cast<unsigned int*>(&thread->tid), FUTEX_WAIT, tid, nullptr);
  }
  // The thread no longer uses its mapping: keep it for the next spawn, and
  // unmap the one kept before.
  return Unmap(__atomic_exchange_n(&spare_thread, thread, __ATOMIC_ACQ_REL));
}

Result<void> ReleaseRawThreadCache() {
  return Unmap(__atomic_exchange_n(&spare_thread, nullptr, __ATOMIC_ACQ_REL));
}

Result<void> SetUpInitialThread() {
  // A record page between TLS guards, as a raw thread's, and no stack: the
  // thread has the kernel's.
  const unsigned long page = PageSize();
  const Layout layout = {page, 0, TlsGuardSize(page)};
  auto mapping = MapFresh(layout);
  if (!mapping.ok()) return Result<void>(mapping);
  RawThreadBlock* block;
  RawThread* slot;  // only its LibcCall record is used: this is no raw thread
  PlaceRecord(layout.record_page(mapping.value()), page, &block, &slot);
  // No canary to copy: code that reads one through the thread pointer gets 0.
  return tls::SetThreadPointer(FillBlock(block, nullptr, &slot->call_sites));
}

RawThread* CurrentRawThread() {
  RawThreadBlock* block = CurrentRawThreadBlock();
  return block != nullptr ? block->thread : nullptr;
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
