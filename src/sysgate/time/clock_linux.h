// SPDX-License-Identifier: Apache-2.0
// The raw Linux backend's clocks, inline (sysgate/time.h includes this at its
// end): the vDSO's pointer is loaded and CallVdso called from the caller's
// own code. Out of line, MonotonicNanos and then ReadClock were two calls
// more than glibc's clock_gettime makes, which bench/RESULTS.md's monotonic
// clock row measured.

#ifndef SYSGATE_TIME_CLOCK_LINUX_H_
#define SYSGATE_TIME_CLOCK_LINUX_H_

#include "sysgate/constants.h"
#include "sysgate/int64.h"
#include "sysgate/kernel_types.h"
#include "sysgate/time.h"
#include "sysgate/time/vdso.h"

namespace sysgate {
namespace time_internal {

// The clock_gettime system call, where there is no vDSO (time_linux.cc).
int64_t ReadClockBySystemCall(int clock);

inline int64_t ReadClock(int clock) {
  auto* vdso_clock_gettime = Vdso().clock_gettime;
  if (vdso_clock_gettime == nullptr) return ReadClockBySystemCall(clock);
  // Not zeroed: the call cannot fail for the two clocks read here, and it
  // writes both fields.
  kernel::kernel_timespec now;
  CallVdso(vdso_clock_gettime, clock, static_cast<void*>(&now));
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

}  // namespace time_internal

// A libc header included first defines the clock names as macros (with the
// kernel's values); the kernel:: constants are meant here, as in
// constants.h, which sets them aside the same way.
#pragma push_macro("CLOCK_MONOTONIC")
#undef CLOCK_MONOTONIC
#pragma push_macro("CLOCK_REALTIME")
#undef CLOCK_REALTIME

inline int64_t MonotonicNanos() { return time_internal::ReadClock(kernel::CLOCK_MONOTONIC); }

inline int64_t WallNanos() { return time_internal::ReadClock(kernel::CLOCK_REALTIME); }

#pragma pop_macro("CLOCK_REALTIME")
#pragma pop_macro("CLOCK_MONOTONIC")

}  // namespace sysgate

#endif  // SYSGATE_TIME_CLOCK_LINUX_H_
