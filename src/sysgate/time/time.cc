// SPDX-License-Identifier: Apache-2.0
// The clocks and SleepNanos of sysgate/time.h, the same in every backend,
// over the primitives of time_backend.h.

#include "sysgate/time.h"

#include "sysgate/internal/os_errno.h"
#include "sysgate/internal/saturating.h"
#include "sysgate/time/time_backend.h"

namespace sysgate {

#if !SYSGATE_CLOCKS_INLINE  // else inline in time/clock_linux.h
int64_t MonotonicNanos() { return backend::ReadClock(backend::Clock::kMonotonic); }

int64_t WallNanos() { return backend::ReadClock(backend::Clock::kWall); }
#endif

Result<void> SleepNanos(int64_t nanos) {
  if (nanos < 0) return Result<void>::Error(EINVAL);
  // An absolute deadline, so that a sleep interrupted by a handler resumes
  // for what is left rather than starting over.
  const int64_t deadline = internal::SaturatingAdd(MonotonicNanos(), nanos);
  for (;;) {
    auto slept = backend::SleepUntil(deadline);
    if (slept.error() != EINTR) return Result<void>(slept);
  }
}

}  // namespace sysgate
