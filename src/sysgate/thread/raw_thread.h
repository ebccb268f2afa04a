// SPDX-License-Identifier: Apache-2.0
// Raw threads: Linux threads made with clone(2) directly, as the Go runtime
// makes its Ms, for code that must not depend on libc's thread library.
//
// What may run on a raw thread: sysgate calls, and code that touches no libc
// state. Under the libc backend (--config=libc) that means the raw layer
// (sysgate/syscalls.h) only: the uniform API then calls libc, and its
// LibcCall record lives in libc's thread-local storage. Not malloc, not stdio, not errno, not
// thread_local or
// __thread variables (the thread pointer points at sysgate's small
// RawThreadBlock, not at libc's thread control block, and the pages around
// it are unmapped so such an access faults rather than corrupts), not
// pthread_self or anything else of libc's thread library, and not C++
// exceptions. Code compiled with -fstack-protector works: on x86-64 the
// block holds a copy of the creating thread's canary at %fs:0x28; on arm64
// and riscv64 the canary is a global. Note that glibc does not know raw
// threads exist: a process whose only threads besides main are raw threads
// still looks single-threaded to it (__libc_single_threaded).

#ifndef SYSGATE_THREAD_RAW_THREAD_H_
#define SYSGATE_THREAD_RAW_THREAD_H_

#include "sysgate/kernel/signal.h"
#include "sysgate/libcall/call_site_record.h"
#include "sysgate/result.h"
#include "sysgate/thread.h"

namespace sysgate {

struct RawThread;
using RawThreadEntry = void (*)(RawThread* thread, void* context);

// The thread record, Go's m. It lives in the thread's own mapping, beside
// its stack, and stays valid until JoinRawThread returns.
struct RawThread {
  // The kernel writes the thread id here before clone returns in either
  // thread (CLONE_PARENT_SETTID), and writes 0 and wakes futex waiters on it
  // once the thread has exited and no longer uses its stack
  // (CLONE_CHILD_CLEARTID). Joining is waiting for it to become 0: a futex
  // word, 4-byte aligned as the kernel wants it, which m68k's C ABI alone
  // does not give an int.
  alignas(4) int tid;
  RawThreadEntry entry;
  void* context;                 // passed to entry: Go's g, or whatever the caller likes
  void (*function)(void*);       // SpawnOsThread's function, run by its entry
  kernel::sigset_t signal_mask;  // the creator's mask, which the thread starts with
  void* mapping;                 // stack, guard pages, block and record
  unsigned long mapping_size;
  // The thread's LibcCall record (Go's m.libcallpc and m.vdsoPC), which
  // CurrentLibcCall reads on this thread: its libc thread-local storage,
  // where other threads keep theirs, is unmapped.
  CallSiteRecord call_sites;
};

struct RawThreadOptions {
  // Usable stack, rounded up to whole pages: at least kMinThreadStackSize
  // (sysgate/thread.h). A guard page below it faults on overflow.
  //
  // Around the page that holds the thread's record and block, the mapping
  // leaves unmapped what static thread-local storage would take: the
  // executable's PT_TLS segment (found through AT_PHDR), whatever its size,
  // and 64 KiB more for the shared libraries' (libc's errno among them). An
  // access to any of it from a raw thread faults.
  unsigned long stack_size = 256 * 1024;
};

// Starts a thread that runs entry(thread, context) and exits when it
// returns. Signals are blocked in the calling thread while it is created
// (so none arrives on a half-made thread) and the new thread starts with
// the caller's mask. Allocates only its own mapping, with mmap. Bad stack
// sizes fail as SpawnOsThread says (sysgate/thread.h).
Result<RawThread*> SpawnRawThread(const RawThreadOptions& options, RawThreadEntry entry,
                                  void* context);

// SpawnRawThread, with thread->function set before the thread starts.
Result<RawThread*> SpawnRawThreadRunning(const RawThreadOptions& options, RawThreadEntry entry,
                                         void* context, void (*function)(void*));

// Waits until `thread` has exited (spinning briefly, then sleeping), then
// releases its stack and record: the mapping of the last thread joined is
// kept for the next SpawnRawThread with the same stack size, and the one kept
// before it is unmapped, so at most one mapping stays behind
// (ReleaseRawThreadCache unmaps it).
Result<void> JoinRawThread(RawThread* thread);

// Unmaps the mapping JoinRawThread kept for reuse, if there is one, so that a
// process that has joined all its raw threads holds none of their memory.
// The next spawn maps afresh. Safe to call at any time, from any thread.
Result<void> ReleaseRawThreadCache();

// For a program without libc (sysgate/process_entry.h): gives its first
// thread a thread pointer, to a block between unmapped TLS guards as a raw
// thread's, as libc's start-up code gives one to a program with libc. The
// uniform API's clocks and the LibcCall record need one (without it they
// fault); the raw layer does not. SpawnRawThread needs one too on x86-64
// and i386, where it copies the creator's stack-protector canary (and on
// i386 gives the new thread the creator's GDT TLS entry, with its own
// base). Call it first thing in sysgate_start_main, before the thread makes
// any other. The thread is not a raw thread: CurrentRawThread() is null on
// it.
Result<void> SetUpInitialThread();

// The record of the raw thread calling it, or null on a thread that is not
// a raw thread (the main thread, a pthread). Safe in a signal handler on any
// thread.
RawThread* CurrentRawThread();

}  // namespace sysgate

#endif  // SYSGATE_THREAD_RAW_THREAD_H_
