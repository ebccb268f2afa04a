// SPDX-License-Identifier: Apache-2.0
// The thread primitives Darwin answers its own way (thread_backend.h): the
// thread id and the CPU count.

#include <sys/sysctl.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/thread.h"
#include "sysgate/thread/thread_backend.h"

namespace sysgate::backend {

// The pthread_t, which SignalThread hands to pthread_kill (see thread.h).
long CallingThreadId() { return reinterpret_cast<long>(libc::pthread_self()); }

// hw.ncpu, as the Go runtime's getncpu reads it: Darwin has no per-process
// affinity mask to count instead.
Result<int> AvailableCpus() {
  int name[2] = {CTL_HW, HW_NCPU};
  int count = 0;
  unsigned long size = sizeof count;
  auto got = libc::sysctl(name, 2, &count, &size, nullptr, 0);
  if (!got.ok()) return got;
  return Result<int>::Ok(count);
}

}  // namespace sysgate::backend
