// SPDX-License-Identifier: Apache-2.0
// Clocks and sleeping, the same on every OS.
//
// Times are nanoseconds in an int64_t, on the 32-bit architectures too:
// about 292 years either way, enough for the wall clock until 2262. Safe in a signal handler, and
// in the raw backend on a raw thread; there the first call may look up the vDSO (a few system
// calls).
//
// The backends: raw (Linux), the vDSO's clock_gettime and the
// clock_nanosleep system call; libc (--config=libc), glibc's clock_gettime
// and clock_nanosleep; Darwin, mach_absolute_time, clock_gettime for the
// wall clock, and nanosleep (Darwin has no clock_nanosleep).

#ifndef SYSGATE_TIME_H_
#define SYSGATE_TIME_H_

#include "sysgate/int64.h"
#include "sysgate/result.h"

namespace sysgate {

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;

// Nanoseconds since an arbitrary start (boot, on Linux) that never goes back
// and does not jump with the wall clock. In the raw backend, the vDSO's
// clock_gettime(CLOCK_MONOTONIC), or the system call where there is no vDSO.
int64_t MonotonicNanos();

// Nanoseconds since 1970-01-01 UTC, as the system's wall clock says.
int64_t WallNanos();

// Sleeps for `nanos` (at least), resuming after signal handlers run. A sleep
// that would end past the monotonic clock's range (INT64_MAX nanoseconds,
// about 292 years after boot) sleeps until the end of the range: for ever,
// in practice. Returns an error only for a negative duration (EINVAL).
Result<void> SleepNanos(int64_t nanos);

}  // namespace sysgate

#endif  // SYSGATE_TIME_H_
