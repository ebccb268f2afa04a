// Clocks and sleeping on Darwin, through libSystem: mach_absolute_time for
// the monotonic clock, as the Go runtime's nanotime does (it is libSystem's
// commpage read, no system call), clock_gettime(CLOCK_REALTIME) for the wall
// clock, and nanosleep.

#include <errno.h>
#include <mach/mach_time.h>
#include <time.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/libcall/libc.h"
#include "sysgate/time.h"

namespace sysgate {
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
long MonotonicNanos() {
  const unsigned long long ratio = Timebase();
  const unsigned __int128 ticks = libc::mach_absolute_time();
  return static_cast<long>(ticks * (ratio >> 32) / (ratio & 0xffffffff));
}

long WallNanos() {
  timespec now = {};
  libc::clock_gettime(CLOCK_REALTIME, &now);
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

Result<long> SleepNanos(long nanos) {
  if (nanos < 0) return Result<long>::Error(EINVAL);
  // Darwin has no clock_nanosleep: after a handler interrupts nanosleep, the
  // rest is measured against a monotonic deadline rather than taken from
  // nanosleep's remainder, which would drift with each interruption.
  const long deadline = internal::SaturatingAdd(MonotonicNanos(), nanos);
  for (long left = nanos; left > 0; left = deadline - MonotonicNanos()) {
    const timespec duration = {left / kNanosPerSecond, left % kNanosPerSecond};
    auto slept = libc::nanosleep(&duration, nullptr);
    if (slept.ok()) break;
    if (slept.error() != EINTR) return Result<long>(slept.raw());
  }
  return Result<long>(0);
}

}  // namespace sysgate
