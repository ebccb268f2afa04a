// SPDX-License-Identifier: Apache-2.0
// Waiting on a word of memory, the same on every OS: futex on Linux (the
// system call in the raw backend, glibc's syscall() in the libc backend),
// __ulock_wait and __ulock_wake on Darwin. And
// Parker, a one-permit park/unpark built on it (bounded spinning, then
// sleeping), for a runtime's idle threads.
//
// Private to the process: a waiter and its waker share an address space.
// Safe in a signal handler (Unpark and WakeAddress), and in the raw backend
// on a raw thread.
//
// The word may be a std::atomic<unsigned int> (std::atomic<uint32_t>), as
// it is in most code that waits on one; the overloads taking one are there
// wherever the compiler has <atomic> (not under -nostdinc).

#ifndef SYSGATE_WAIT_H_
#define SYSGATE_WAIT_H_

#if __has_include(<atomic>)
#include <atomic>
#endif

#include "sysgate/int64.h"
#include "sysgate/internal/spin_limit.h"
#include "sysgate/result.h"

namespace sysgate {

// Sleeps while *address == expected, until woken, for at most
// `timeout_nanos` (negative: no limit; any int64_t is allowed, INT64_MAX is
// about 292 years). Returns at once with EAGAIN when *address != expected;
// ETIMEDOUT on timeout; EINTR when a handler ran. Like every futex wait it
// may also return spuriously: check the word again. A timeout longer than
// the OS takes (about 71 minutes on Darwin) ends in such a spurious return,
// not ETIMEDOUT. `address` must be 4-byte aligned, as a futex word must be
// (EINVAL otherwise): an unsigned int is on every ABI but m68k's, which
// aligns it to 2; a std::atomic<unsigned int> is everywhere.
Result<void> WaitOnAddress(const unsigned int* address, unsigned int expected,
                           int64_t timeout_nanos);

// Wakes up to `count` threads waiting on `address`; returns how many (on
// Darwin, which does not say, 1 when it woke any; and a count above 1 wakes
// them all, which they see as a spurious wakeup).
Result<long> WakeAddress(const unsigned int* address, int count);

#if __has_include(<atomic>)
// A lock-free std::atomic of a word's size is that word and nothing else, so
// the OS can compare and wait on it where it is (libc++'s atomic::wait and
// Abseil's futex pass a std::atomic's address the same way).
static_assert(std::atomic<unsigned int>::is_always_lock_free &&
                  sizeof(std::atomic<unsigned int>) == sizeof(unsigned int),
              "std::atomic<unsigned int> is the word the OS waits on");

inline Result<void> WaitOnAddress(const std::atomic<unsigned int>* address, unsigned int expected,
                                  int64_t timeout_nanos) {
  return WaitOnAddress(reinterpret_cast<const unsigned int*>(address), expected, timeout_nanos);
}

inline Result<long> WakeAddress(const std::atomic<unsigned int>* address, int count) {
  return WakeAddress(reinterpret_cast<const unsigned int*>(address), count);
}
#endif

// One thread parks, others unpark it; an Unpark before the Park is kept
// (one permit), as in Java's LockSupport or Rust's Thread::park.
class Parker {
 public:
  // Returns when a permit is available, taking it.
  void Park();
  // Like Park, for at most `timeout_nanos`; returns whether it got a permit.
  // Zero or negative: takes a permit only if one is there (or comes during
  // a short spin), never sleeps. INT64_MAX is Park, in practice.
  bool ParkFor(int64_t timeout_nanos);
  // Makes a permit available, waking the parked thread if there is one.
  void Unpark();

 private:
  bool TakePermit();
  bool Sleep(int64_t deadline_nanos);

  // kEmpty, kPermit or kParked (parker.cc); a futex word, which must be
  // 4-byte aligned where the C ABI aligns an unsigned int to 2 (m68k).
  alignas(4) unsigned int state_ = 0;
  internal::SpinLimit spin_;  // how long to spin before sleeping
};

}  // namespace sysgate

#endif  // SYSGATE_WAIT_H_
