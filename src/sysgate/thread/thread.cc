// SPDX-License-Identifier: Apache-2.0
// The public functions of sysgate/thread.h, the same in every backend, over
// the primitives of thread_backend.h.

#include "sysgate/thread.h"

#include "sysgate/internal/os_errno.h"
#include "sysgate/thread/thread_backend.h"

namespace sysgate {

Result<OsThread*> SpawnOsThread(const ThreadOptions& options, void (*function)(void*), void* arg) {
  if (options.stack_size < kMinThreadStackSize) return Result<OsThread*>::Error(EINVAL);
  return backend::StartThread(options, function, arg);
}

Result<void> JoinOsThread(OsThread* thread) { return backend::WaitForThread(thread); }

long CurrentThreadId() { return backend::CallingThreadId(); }

void YieldThread() { backend::YieldCpu(); }

Result<int> CpuCount() { return backend::AvailableCpus(); }

}  // namespace sysgate
