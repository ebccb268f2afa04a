#include <linux/errno.h>
#include <linux/time.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/kernel/time.h"
#include "sysgate/syscalls.h"
#include "sysgate/time.h"
#include "sysgate/time/vdso.h"

namespace sysgate {
namespace {

long ClockNanos(int clock) {
  kernel::kernel_timespec now = {};
  if (auto* vdso_clock_gettime = Vdso().clock_gettime) {
    CallVdso(vdso_clock_gettime, clock, static_cast<void*>(&now));
  } else {
    sys::clock_gettime(clock, &now);
  }
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

}  // namespace

long MonotonicNanos() { return ClockNanos(CLOCK_MONOTONIC); }

long WallNanos() { return ClockNanos(CLOCK_REALTIME); }

Result<long> SleepNanos(long nanos) {
  if (nanos < 0) return Result<long>::Error(EINVAL);
  // An absolute deadline, so that a sleep interrupted by a handler resumes
  // for what is left rather than starting over.
  const long deadline = internal::SaturatingAdd(MonotonicNanos(), nanos);
  const kernel::kernel_timespec until = {deadline / kNanosPerSecond, deadline % kNanosPerSecond};
  for (;;) {
    auto slept = sys::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr);
    if (slept.error() != EINTR) return slept;
  }
}

}  // namespace sysgate
