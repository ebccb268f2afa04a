// SPDX-License-Identifier: Apache-2.0
// The time primitives of the raw Linux backend (time_backend.h) that are not
// inline in clock_linux.h: the clock_gettime system call where there is no
// vDSO, and clock_nanosleep to an absolute CLOCK_MONOTONIC deadline. All with
// 64-bit seconds, the 32-bit architectures' *_time64 calls included
// (linux_calls.h).

#include <linux/time.h>

#include "sysgate/internal/divide.h"
#include "sysgate/internal/linux_calls.h"
#include "sysgate/kernel_types.h"
#include "sysgate/time.h"
#include "sysgate/time/time_backend.h"

namespace sysgate::time_internal {

int64_t ReadClockBySystemCall(int clock) {
  kernel::kernel_timespec now = {};
  // Fails only for a clock the kernel lacks, and the two read are always there.
  (void)linux_calls::ClockGettime(clock, &now);
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

}  // namespace sysgate::time_internal

namespace sysgate::backend {

Result<Word> SleepUntil(int64_t deadline) {
  const internal::Quotient seconds = internal::Divide(deadline, kNanosPerSecond);
  const kernel::kernel_timespec until = {seconds.quotient, seconds.remainder};
  return linux_calls::ClockNanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until);
}

}  // namespace sysgate::backend
