// Clocks and sleeping in the libc backend: glibc's clock_gettime (which uses
// the vDSO itself) and clock_nanosleep.

#include <errno.h>
#include <time.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/libcall/libc.h"
#include "sysgate/time.h"

namespace sysgate {
namespace {

long ClockNanos(clockid_t clock) {
  timespec now = {};
  libc::clock_gettime(clock, &now);
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
  const timespec until = {deadline / kNanosPerSecond, deadline % kNanosPerSecond};
  for (;;) {
    auto slept = libc::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr);
    if (slept.error() != EINTR) return Result<long>(slept.raw());
  }
}

}  // namespace sysgate
