// SPDX-License-Identifier: Apache-2.0
// What each backend supplies for sysgate/thread.h. thread.cc writes the
// public functions once over these, with the stack-size floor that is the
// same everywhere. thread_linux.cc makes an OsThread a raw clone thread
// (raw_thread.h) and asks the raw system calls; thread_libc.cc makes it a
// pthread, with thread_glibc.cc and thread_darwin.cc for the thread id and
// the CPU count, which each C library answers its own way.

#ifndef SYSGATE_THREAD_THREAD_BACKEND_H_
#define SYSGATE_THREAD_THREAD_BACKEND_H_

#include "sysgate/result.h"
#include "sysgate/thread.h"

namespace sysgate::backend {

// Starts a joinable thread running function(arg), as SpawnOsThread says;
// options.stack_size is at least kMinThreadStackSize. A size the backend's
// mapping cannot hold is its EINVAL.
Result<OsThread*> StartThread(const ThreadOptions& options, void (*function)(void*), void* arg);

// Waits for `thread` to end and releases what StartThread allocated.
Result<void> WaitForThread(OsThread* thread);

// CurrentThreadId's answer: the id SendSignalToThread takes.
long CallingThreadId();

// sched_yield.
void YieldCpu();

// The number of CPUs the process may run on.
Result<int> AvailableCpus();

}  // namespace sysgate::backend

#endif  // SYSGATE_THREAD_THREAD_BACKEND_H_
