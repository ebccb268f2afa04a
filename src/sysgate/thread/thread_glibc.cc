// SPDX-License-Identifier: Apache-2.0
// The thread primitives glibc answers its own way (thread_backend.h), for
// the libc backend on Linux: the tid (gettid) and the CPUs of the process's
// affinity mask.

#include <sched.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/thread.h"
#include "sysgate/thread/thread_backend.h"

namespace sysgate::backend {

long CallingThreadId() { return libc::gettid(); }

Result<int> AvailableCpus() {
  cpu_set_t mask;
  auto got = libc::sched_getaffinity(0, sizeof mask, reinterpret_cast<libc::cpu_set_t*>(&mask));
  if (!got.ok()) return got;
  return Result<int>::Ok(CPU_COUNT(&mask));
}

}  // namespace sysgate::backend
