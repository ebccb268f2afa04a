// SPDX-License-Identifier: Apache-2.0
// Bounded spinning before a sleep, with a bound learned from whether
// spinning paid off: what the Parker and JoinRawThread do before a futex
// wait.
//
// A condition that comes true while a thread spins saves the futex round
// trip (tens of microseconds on a VM, for a cross-CPU wakeup). Spinning for
// one that does not come takes a CPU from threads that could run, and on a
// machine with more runnable threads than CPUs the thread that would make it
// true is often not running. So a success after n pauses raises the bound to
// 4n (room for a slower one), a spin that failed halves it, between
// kMinSpins and kMaxSpins. A pause is 10 to 150 cycles, depending on the
// CPU; kMaxSpins is about a futex round trip on this repository's machines
// (bench/RESULTS.md).

#ifndef SYSGATE_INTERNAL_SPIN_LIMIT_H_
#define SYSGATE_INTERNAL_SPIN_LIMIT_H_

namespace sysgate::internal {

inline void CpuRelax() {
#if defined(__x86_64__)
  asm volatile("pause");
#elif defined(__aarch64__)
  asm volatile("yield");
#else
  asm volatile("" ::: "memory");
#endif
}

class SpinLimit {
 public:
  static constexpr int kMinSpins = 64;
  static constexpr int kMaxSpins = 4000;

  // Spins until done() returns true or the bound is reached; returns the
  // last done(). Threads may share a SpinLimit: it is only a hint.
  template <typename Done>
  bool SpinUntil(Done done) {
    const int learned = __atomic_load_n(&limit_, __ATOMIC_RELAXED);
    const int limit = learned > kMinSpins ? learned : kMinSpins;
    for (int spins = 0; spins < limit; ++spins) {
      if (done()) {
        if (4 * spins > limit) Learn(4 * spins < kMaxSpins ? 4 * spins : kMaxSpins);
        return true;
      }
      CpuRelax();
    }
    Learn(limit / 2);
    return done();
  }

 private:
  void Learn(int limit) { __atomic_store_n(&limit_, limit, __ATOMIC_RELAXED); }

  int limit_ = 0;
};

}  // namespace sysgate::internal

#endif  // SYSGATE_INTERNAL_SPIN_LIMIT_H_
