// SPDX-License-Identifier: Apache-2.0
// The time primitives of the raw Linux backend (time_backend.h): the vDSO's
// clock_gettime, or the clock_gettime system call where there is no vDSO,
// and clock_nanosleep to an absolute CLOCK_MONOTONIC deadline. All with
// 64-bit seconds, the 32-bit architectures' *_time64 calls included
// (linux_calls.h).

#include <linux/time.h>

#include "sysgate/internal/divide.h"
#include "sysgate/internal/linux_calls.h"
#include "sysgate/kernel_types.h"
#include "sysgate/time.h"
#include "sysgate/time/time_backend.h"
#include "sysgate/time/vdso.h"

namespace sysgate::backend {

int64_t ReadClock(Clock clock) {
  const int id = clock == Clock::kMonotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME;
  kernel::kernel_timespec now = {};
  if (auto* vdso_clock_gettime = Vdso().clock_gettime) {
    CallVdso(vdso_clock_gettime, id, static_cast<void*>(&now));
  } else {
    // Fails only for a clock the kernel lacks, and these two are always there.
    (void)linux_calls::ClockGettime(id, &now);
  }
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

Result<Word> SleepUntil(int64_t deadline) {
  const internal::Quotient seconds = internal::Divide(deadline, kNanosPerSecond);
  const kernel::kernel_timespec until = {seconds.quotient, seconds.remainder};
  return linux_calls::ClockNanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until);
}

}  // namespace sysgate::backend
