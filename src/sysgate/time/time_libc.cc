// SPDX-License-Identifier: Apache-2.0
// The time primitives of the libc backend (time_backend.h): glibc's
// clock_gettime (which uses the vDSO itself) and clock_nanosleep to an
// absolute CLOCK_MONOTONIC deadline.

#include <time.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/time.h"
#include "sysgate/time/time_backend.h"

namespace sysgate::backend {

int64_t ReadClock(Clock clock) {
  timespec now = {};
  // Fails only for a clock the system lacks, and these two are always there.
  (void)libc::clock_gettime(clock == Clock::kMonotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME, &now);
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

Result<Word> SleepUntil(int64_t deadline) {
  const timespec until = {deadline / kNanosPerSecond, deadline % kNanosPerSecond};
  return libc::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr);
}

}  // namespace sysgate::backend
