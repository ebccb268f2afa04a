// SPDX-License-Identifier: Apache-2.0
// The thread primitives of the raw Linux backend (thread_backend.h): an
// OsThread is a RawThread (raw_thread_linux.cc, clone(2) directly), and the
// system calls gettid, sched_yield and sched_getaffinity.

#include "sysgate/syscalls.h"
#include "sysgate/thread.h"
#include "sysgate/thread/raw_thread.h"
#include "sysgate/thread/thread_backend.h"

namespace sysgate {

// On Linux an OsThread is a RawThread.
struct OsThread : RawThread {};

namespace backend {
namespace {

void RunFunction(RawThread* thread, void* arg) { thread->function(arg); }

}  // namespace

Result<OsThread*> StartThread(const ThreadOptions& options, void (*function)(void*), void* arg) {
  RawThreadOptions raw;
  raw.stack_size = options.stack_size;
  auto thread = SpawnRawThreadRunning(raw, RunFunction, arg, function);
  if (!thread.ok()) return Result<OsThread*>::Error(thread.error());
  return Result<OsThread*>::Ok(static_cast<OsThread*>(thread.value()));
}

Result<void> WaitForThread(OsThread* thread) { return JoinRawThread(thread); }

long CallingThreadId() { return sys::gettid().value(); }

void YieldCpu() {
  (void)sys::sched_yield();  // cannot fail on Linux
}

Result<int> AvailableCpus() {
  // The affinity mask, as many bits as the kernel's cpumask (it fails with
  // EINVAL for a buffer too small: 1024 CPUs is the usual NR_CPUS), in the
  // kernel's unsigned longs, words (64 bits on x32).
  UnsignedWord mask[1024 / (8 * sizeof(UnsignedWord))];
  auto bytes = sys::sched_getaffinity(0, sizeof mask, mask);
  if (!bytes.ok()) return Result<int>::Error(bytes.error());
  int count = 0;
  for (Word i = 0; i < bytes.value() / static_cast<Word>(sizeof mask[0]); ++i) {
    // Not __builtin_popcountl, which may call libgcc: a program without libc
    // does not link it.
    for (UnsignedWord bits = mask[i]; bits != 0; bits &= bits - 1) ++count;
  }
  return Result<int>::Ok(count);
}

}  // namespace backend
}  // namespace sysgate
