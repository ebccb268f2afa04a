// SPDX-License-Identifier: Apache-2.0
// Bounded spinning before a sleep, with a bound learned from whether
// spinning paid off: what the Parker and JoinRawThread do before a futex
// wait.
//
// A condition that comes true while a thread spins saves the futex round
// trip (tens of microseconds on a VM, where waking a thread on an idle vCPU
// waits for the vCPU to come out of halt). Spinning for one that does not
// come takes a CPU from threads that could run, and on a machine with more
// runnable threads than CPUs the thread that would make it true is often
// not running: queued behind the spinner on the same CPU, its turn comes
// only after the spin.
//
// So a spin that succeeded after pausing sets the bound to kMaxSpins, about
// what a wakeup costs: shorter, a partner on another CPU that is slow once
// (preempted, or just woken itself) makes the spinner sleep too, and its
// own wakeup makes the partner's next spin fail in turn, until both sleep
// at every turn. A success before the first pause says nothing about
// spinning and changes nothing. A spin that failed halves the bound, and
// below kMinSpins it is zero: no spin at all, so a thread whose partner
// shares its CPU goes straight to the futex, as a plain futex waiter does.
// From zero it probes again after 1, 2, 4, ... up to kMaxSkips calls that did
// not spin, with a kMaxSpins spin: long enough to see a partner that must be
// woken first, which is what a pair of threads that both sleep needs to get
// back to spinning. (Go's sync.Mutex asks the scheduler instead whether
// another CPU is idle and the partner running, runtime.canSpin; a thread
// library cannot.) A pause is 10 to 150 cycles, depending on the CPU (about
// 25 ns on this repository's machines, so kMaxSpins is about 100 us; a
// futex round trip between two idle vCPUs there is 60 us: bench/RESULTS.md).

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
  static constexpr int kMaxSkips = 1024;

  // `max_spins` (at least kMinSpins) is the bound a spin that paid off
  // sets, and a probe's: kMaxSpins, a wakeup's cost, unless the condition
  // is one whose wait is known to be shorter or spinning for it longer is
  // known to hurt (JoinRawThread's).
  explicit constexpr SpinLimit(int max_spins = kMaxSpins) : max_spins_(max_spins) {}

  // Spins until done() returns true or the bound is reached; returns the
  // last done(). Threads may share a SpinLimit: it is only a hint, and a
  // lost update costs a spin too many or too few.
  template <typename Done>
  bool SpinUntil(Done done) {
    int limit = Load(limit_);
    const bool probe = limit == 0;
    if (probe) {
      const int skipped = Load(skipped_);
      if (skipped < Load(skips_)) {
        Store(skipped_, skipped + 1);
        return done();
      }
      Store(skipped_, 0);
      limit = max_spins_;
    }
    for (int spins = 0; spins < limit; ++spins) {
      if (done()) {
        if (spins > 0) {
          Store(limit_, max_spins_);
          Store(skips_, 0);
        }
        return true;
      }
      CpuRelax();
    }
    if (probe) {
      const int skips = Load(skips_);
      Store(skips_, 2 * skips < kMaxSkips ? 2 * skips : kMaxSkips);
    } else if (limit / 2 >= kMinSpins) {
      Store(limit_, limit / 2);
    } else {
      Store(limit_, 0);
      Store(skips_, 1);
    }
    return done();
  }

 private:
  static int Load(const int& field) { return __atomic_load_n(&field, __ATOMIC_RELAXED); }
  static void Store(int& field, int value) { __atomic_store_n(&field, value, __ATOMIC_RELAXED); }

  const int max_spins_;
  int limit_ = kMinSpins;  // pauses to spin for; zero: skip, then probe
  int skips_ = 0;          // calls to skip between probes
  int skipped_ = 0;        // calls skipped since the last probe
};

}  // namespace sysgate::internal

#endif  // SYSGATE_INTERNAL_SPIN_LIMIT_H_
