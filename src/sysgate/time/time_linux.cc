// The time primitives of the raw Linux backend (time_backend.h): the vDSO's
// clock_gettime, or the clock_gettime system call where there is no vDSO,
// and clock_nanosleep to an absolute CLOCK_MONOTONIC deadline.

#include <linux/time.h>

#include "sysgate/kernel/time.h"
#include "sysgate/syscalls.h"
#include "sysgate/time.h"
#include "sysgate/time/time_backend.h"
#include "sysgate/time/vdso.h"

namespace sysgate::backend {

long ReadClock(Clock clock) {
  const int id = clock == Clock::kMonotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME;
  kernel::kernel_timespec now = {};
  if (auto* vdso_clock_gettime = Vdso().clock_gettime) {
    CallVdso(vdso_clock_gettime, id, static_cast<void*>(&now));
  } else {
    sys::clock_gettime(id, &now);
  }
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

Result<long> SleepUntil(long deadline) {
  const kernel::kernel_timespec until = {deadline / kNanosPerSecond, deadline % kNanosPerSecond};
  return sys::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr);
}

}  // namespace sysgate::backend
