// SPDX-License-Identifier: Apache-2.0
// What each backend supplies for sysgate/time.h: reading a clock and
// sleeping until a monotonic deadline. time.cc writes the public functions
// once over these; time_linux.cc (the raw system calls; the vDSO clocks
// are inline in clock_linux.h), time_libc.cc (glibc) and time_darwin.cc
// (libSystem) implement them.

#ifndef SYSGATE_TIME_TIME_BACKEND_H_
#define SYSGATE_TIME_TIME_BACKEND_H_

#include "sysgate/int64.h"
#include "sysgate/result.h"

namespace sysgate::backend {

enum class Clock {
  kMonotonic,  // never goes back, does not jump with the wall clock
  kWall,       // nanoseconds since 1970-01-01 UTC
};

// The clock's time in nanoseconds. Cannot fail: the clocks it reads are
// always there. The libc and Darwin backends only: the raw Linux backend's
// clocks are inline in sysgate/time/clock_linux.h.
int64_t ReadClock(Clock clock);

// Sleeps until ReadClock(Clock::kMonotonic) >= `deadline` (>= 0, any int64_t).
// Returns 0 once it has passed, EINTR when a signal handler ran first (the
// caller sleeps again), or the OS's error.
Result<Word> SleepUntil(int64_t deadline);

}  // namespace sysgate::backend

#endif  // SYSGATE_TIME_TIME_BACKEND_H_
