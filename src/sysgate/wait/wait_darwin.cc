// SPDX-License-Identifier: Apache-2.0
// WaitOnAddress and WakeAddress on Darwin: __ulock_wait and __ulock_wake,
// the compare-and-wait calls under libSystem's os_unfair_lock and libc++'s
// std::atomic::wait (macOS 10.12 and later). They are private to libSystem:
// the operation numbers below are those of xnu's bsd/sys/ulock.h.

#include <errno.h>

#include "sysgate/internal/saturating.h"
#include "sysgate/libcall/libc.h"
#include "sysgate/wait.h"

namespace sysgate {
namespace {

constexpr unsigned int kCompareAndWait = 1;  // UL_COMPARE_AND_WAIT: a 32-bit word, this process
constexpr unsigned int kWakeAll = 0x100;     // ULF_WAKE_ALL

// __ulock_wait's timeout is in microseconds, 32 bits of them, and 0 means
// none: about 71 minutes at most.
constexpr int64_t kMaxTimeoutMicros = 0xffffffffL;

void* AddressWord(const unsigned int* address) { return const_cast<unsigned int*>(address); }

}  // namespace

Result<void> WaitOnAddress(const unsigned int* address, unsigned int expected,
                           int64_t timeout_nanos) {
  // __ulock_wait returns success, not EAGAIN, when the word differs; looking
  // first keeps wait.h's answer in all but a race, which then reads as the
  // spurious wakeup wait.h allows.
  if (__atomic_load_n(address, __ATOMIC_RELAXED) != expected) return Result<void>::Error(EAGAIN);
  if (timeout_nanos == 0) return Result<void>::Error(ETIMEDOUT);  // 0 would mean no limit
  unsigned int timeout_micros = 0;
  bool clamped = false;
  if (timeout_nanos > 0) {
    int64_t micros = internal::DivideRoundingUp(timeout_nanos, 1000);
    clamped = micros > kMaxTimeoutMicros;
    if (clamped) micros = kMaxTimeoutMicros;
    timeout_micros = static_cast<unsigned int>(micros);
  }
  auto waited = libc::ulock_wait(kCompareAndWait, AddressWord(address), expected, timeout_micros);
  // A longer wait cut short by the clamp has not timed out yet.
  if (waited.error() == ETIMEDOUT && clamped) return Result<void>::Ok();
  return Result<void>(waited);
}

// Darwin does not say how many it woke: this returns 1 when it woke any.
Result<long> WakeAddress(const unsigned int* address, int count) {
  if (count <= 0) return Result<long>::Ok(0);
  const unsigned int operation = count == 1 ? kCompareAndWait : kCompareAndWait | kWakeAll;
  for (;;) {
    auto woken = libc::ulock_wake(operation, AddressWord(address), 0);
    if (woken.ok()) return Result<long>::Ok(1);
    if (woken.error() == ENOENT) return Result<long>::Ok(0);  // nobody was waiting
    if (woken.error() != EINTR) return woken;
  }
}

}  // namespace sysgate
