// SPDX-License-Identifier: Apache-2.0
// Parker, on WaitOnAddress and WakeAddress: the same in every backend.

#include "sysgate/internal/saturating.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace sysgate {
namespace {

constexpr unsigned int kEmpty = 0;
constexpr unsigned int kPermit = 1;
constexpr unsigned int kParked = 2;

}  // namespace

bool Parker::TakePermit() {
  // Read before the compare-and-swap, which takes the cache line from the
  // unparking thread even when it fails.
  if (__atomic_load_n(&state_, __ATOMIC_RELAXED) != kPermit) return false;
  unsigned int permit = kPermit;
  return __atomic_compare_exchange_n(&state_, &permit, kEmpty, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED);
}

// Sleeps until a permit comes or the deadline (MonotonicNanos; negative:
// none) passes; returns whether it took a permit.
bool Parker::Sleep(int64_t deadline_nanos) {
  if (spin_.SpinUntil([this] { return TakePermit(); })) return true;
  unsigned int empty = kEmpty;
  if (!__atomic_compare_exchange_n(&state_, &empty, kParked, false, __ATOMIC_ACQUIRE,
                                   __ATOMIC_ACQUIRE)) {
    // Not empty, so a permit: Unpark came between the spins and here.
    __atomic_store_n(&state_, kEmpty, __ATOMIC_RELAXED);
    return true;
  }
  for (;;) {
    int64_t timeout = -1;
    if (deadline_nanos >= 0) {
      timeout = deadline_nanos - MonotonicNanos();
      if (timeout <= 0) {
        // Give up unless a permit arrived meanwhile.
        unsigned int parked = kParked;
        if (__atomic_compare_exchange_n(&state_, &parked, kEmpty, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_ACQUIRE)) {
          return false;
        }
        __atomic_store_n(&state_, kEmpty, __ATOMIC_RELAXED);
        return true;
      }
    }
    // Whatever it returns (woken, EAGAIN, a timeout, EINTR), the state says
    // what happened.
    (void)WaitOnAddress(&state_, kParked, timeout);
    if (TakePermit()) return true;
    // Woken for nothing (a signal, or spuriously): still kParked.
  }
}

void Parker::Park() {
  if (!TakePermit()) Sleep(-1);
}

bool Parker::ParkFor(int64_t timeout_nanos) {
  // A deadline already past, never a negative one, which Sleep reads as none.
  if (timeout_nanos < 0) timeout_nanos = 0;
  return TakePermit() || Sleep(internal::SaturatingAdd(MonotonicNanos(), timeout_nanos));
}

void Parker::Unpark() {
  if (__atomic_exchange_n(&state_, kPermit, __ATOMIC_RELEASE) == kParked) {
    (void)WakeAddress(&state_, 1);  // a private futex wake on our own word cannot fail
  }
}

}  // namespace sysgate
