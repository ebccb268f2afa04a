// SPDX-License-Identifier: Apache-2.0
// Threads, the same on every OS: spawn and join an OS thread, and what a
// thread asks about itself.
//
// On Linux an OS thread is a raw clone(2) thread (sysgate/thread/raw_thread.h
// says what may run on one: sysgate calls, no libc); on Darwin, and on Linux
// in the libc backend, a pthread created through the libc trampolines.

#ifndef SYSGATE_THREAD_H_
#define SYSGATE_THREAD_H_

#include "sysgate/result.h"

namespace sysgate {

// The smallest stack a thread may ask for: room for its entry, a few calls
// and a signal frame with the largest register state (AVX-512's is about
// 3.5 KiB); glibc's PTHREAD_STACK_MIN.
inline constexpr unsigned long kMinThreadStackSize = 16 * 1024;

struct ThreadOptions {
  // At least kMinThreadStackSize; spawning fails with EINVAL otherwise.
  unsigned long stack_size = 256 * 1024;
};

// An OS thread that can be joined; valid until JoinOsThread returns.
struct OsThread;

// Starts a thread running function(arg). Signals are blocked while it is
// made; it starts with the caller's signal mask, as the Go runtime's
// newosproc does. EINVAL for a stack_size below kMinThreadStackSize, or so
// large that the thread's mapping (rounded to pages, with its guards) would
// wrap around the address space; the system's ENOMEM or EAGAIN for one
// that does not wrap but cannot be mapped.
Result<OsThread*> SpawnOsThread(const ThreadOptions& options, void (*function)(void*), void* arg);

// Waits for `thread` to end and releases its stack.
Result<void> JoinOsThread(OsThread* thread);

// The OS's id of the calling thread, the one SignalThread takes: its tid on
// Linux; on Darwin its pthread_t, as the Go runtime's procid is there,
// because Darwin can direct a signal at a thread only through its pthread_t
// (pthread_threadid_np's system-wide id cannot be signalled).
long CurrentThreadId();

// Lets another thread run.
void YieldThread();

// The CPUs this process may run on (on Darwin, which has no affinity masks,
// the CPUs the system has).
Result<int> CpuCount();

}  // namespace sysgate

#endif  // SYSGATE_THREAD_H_
