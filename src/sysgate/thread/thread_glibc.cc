// What glibc does its own way for threads: the tid (gettid) and the CPUs of
// the process's affinity mask.

#include <sched.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/thread.h"

namespace sysgate {

long CurrentThreadId() { return libc::gettid(); }

Result<int> CpuCount() {
  cpu_set_t mask;
  auto got = libc::sched_getaffinity(0, sizeof mask, reinterpret_cast<libc::cpu_set_t*>(&mask));
  if (!got.ok()) return got;
  return Result<int>(CPU_COUNT(&mask));
}

}  // namespace sysgate
