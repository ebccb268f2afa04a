// SPDX-License-Identifier: Apache-2.0
// The time primitives on Darwin (time_backend.h), through libSystem:
// mach_absolute_time for the monotonic clock, as the Go runtime's nanotime
// does (it is libSystem's commpage read, no system call),
// clock_gettime(CLOCK_REALTIME) for the wall clock, and nanosleep.

#include <mach/mach_time.h>
#include <time.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/time.h"
#include "sysgate/time/time_backend.h"

namespace sysgate::backend {
namespace {

// mach_timebase_info's ratio of nanoseconds to ticks (1/1 on Intel, 125/3 on
// Apple silicon), numer << 32 | denom; 0 until the first call. A race only
// writes the same value twice.
unsigned long long timebase = 0;

unsigned long long Timebase() {
  unsigned long long ratio = __atomic_load_n(&timebase, __ATOMIC_RELAXED);
  if (ratio == 0) {
    mach_timebase_info_data_t info = {};
    libc::mach_timebase_info(&info);
    ratio = static_cast<unsigned long long>(info.numer) << 32 | info.denom;
    __atomic_store_n(&timebase, ratio, __ATOMIC_RELAXED);
  }
  return ratio;
}

}  // namespace

// Like Linux's CLOCK_MONOTONIC, mach_absolute_time stops while the machine
// sleeps. The product is taken in 128 bits: ticks * 125 overflows 64 bits
// after about a century of uptime at 24 MHz, but there is no need to guess.
int64_t ReadClock(Clock clock) {
  if (clock == Clock::kMonotonic) {
    const unsigned long long ratio = Timebase();
    const unsigned __int128 ticks = libc::mach_absolute_time();
    return static_cast<int64_t>(ticks * (ratio >> 32) / (ratio & 0xffffffff));
  }
  timespec now = {};
  (void)libc::clock_gettime(CLOCK_REALTIME, &now);  // CLOCK_REALTIME is always there
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

// Darwin has no clock_nanosleep: each sleep is a nanosleep for what is left
// until the monotonic deadline, measured again after a handler interrupts it
// rather than taken from nanosleep's remainder, which would drift with each
// interruption.
Result<Word> SleepUntil(int64_t deadline) {
  const int64_t left = deadline - ReadClock(Clock::kMonotonic);
  if (left <= 0) return Result<Word>::Ok(0);
  const timespec duration = {left / kNanosPerSecond, left % kNanosPerSecond};
  return libc::nanosleep(&duration, nullptr);
}

}  // namespace sysgate::backend
