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

// The raw Linux backend reads the clocks inline (time/clock_linux.h, at the
// end of this file): a read is then one call into the vDSO from the
// caller's code, as glibc's clock_gettime is one call into libc and one
// into the vDSO. The other backends call into their C library anyway.
#if defined(__linux__) && !defined(SYSGATE_LIBC_BACKEND)
#define SYSGATE_CLOCKS_INLINE 1
#define SYSGATE_CLOCK_FUNCTION inline
#else
#define SYSGATE_CLOCKS_INLINE 0
#define SYSGATE_CLOCK_FUNCTION
#endif

// Nanoseconds since an arbitrary start (boot, on Linux) that never goes back
// and does not jump with the wall clock. In the raw backend, the vDSO's
// clock_gettime(CLOCK_MONOTONIC), or the system call where there is no vDSO.
SYSGATE_CLOCK_FUNCTION int64_t MonotonicNanos();

// Nanoseconds since 1970-01-01 UTC, as the system's wall clock says.
SYSGATE_CLOCK_FUNCTION int64_t WallNanos();

// Sleeps for `nanos` (at least), resuming after signal handlers run. A sleep
// that would end past the monotonic clock's range (INT64_MAX nanoseconds,
// about 292 years after boot) sleeps until the end of the range: for ever,
// in practice. Returns an error only for a negative duration (EINVAL).
Result<void> SleepNanos(int64_t nanos);

}  // namespace sysgate

#undef SYSGATE_CLOCK_FUNCTION

#if SYSGATE_CLOCKS_INLINE
#include "sysgate/time/clock_linux.h"
#endif

#endif  // SYSGATE_TIME_H_
