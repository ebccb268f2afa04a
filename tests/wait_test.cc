// SPDX-License-Identifier: Apache-2.0
// Waiting on an address, and the Parker built on it.

#include "sysgate/wait.h"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sysgate/internal/spin_limit.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"

namespace {

TEST(WaitOnAddress, ReturnsAtOnceWhenTheWordDiffers) {
  alignas(4) unsigned int word = 1;  // a futex word's alignment, more than m68k's C ABI gives it
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, -1).error(), EAGAIN);
}

TEST(WaitOnAddress, TimesOut) {
  alignas(4) unsigned int word = 0;
  const int64_t start = sysgate::MonotonicNanos();
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, 10'000'000).error(), ETIMEDOUT);
  EXPECT_GE(sysgate::MonotonicNanos() - start, 10'000'000);
}

struct Waker {
  alignas(4) unsigned int word = 0;
};

void SetAndWakeLater(void* waker) {
  auto* w = static_cast<Waker*>(waker);
  (void)sysgate::SleepNanos(20'000'000);  // fails only for a negative duration
  __atomic_store_n(&w->word, 1, __ATOMIC_RELEASE);
  (void)sysgate::WakeAddress(&w->word, 1);  // the waiter looks at the word, not at this
}

// 2^32 seconds (136 years): seconds that need more than 32 bits, as any
// time after January 2038 does. A call with 32-bit seconds (futex rather
// than futex_time64 on 386 and arm) keeps the low word, 0, and times out
// at once.
constexpr int64_t kPast32BitSeconds = sysgate::kNanosPerSecond << 32;

// The longest timeout, the most negative one (no limit) and one whose
// seconds pass 32 bits all wait until woken: none is refused (EINVAL) nor
// read as already over (ETIMEDOUT).
TEST(WaitOnAddress, ExtremeTimeoutsWaitUntilWoken) {
  for (int64_t timeout : {INT64_MAX, INT64_MAX - 1, INT64_MIN, kPast32BitSeconds}) {
    Waker waker;
    auto thread = sysgate::SpawnOsThread({}, SetAndWakeLater, &waker);
    ASSERT_TRUE(thread.ok());
    while (__atomic_load_n(&waker.word, __ATOMIC_ACQUIRE) == 0) {
      auto waited = sysgate::WaitOnAddress(&waker.word, 0, timeout);
      ASSERT_TRUE(waited.ok() || waited.error() == EAGAIN) << timeout << ": " << waited.error();
    }
    ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
  }
}

TEST(WakeAddress, WakesNobodyWhenNobodyWaits) {
  alignas(4) unsigned int word = 0;
  auto woken = sysgate::WakeAddress(&word, 1);
  ASSERT_TRUE(woken.ok());
  EXPECT_EQ(woken.value(), 0);
}

// A std::atomic<unsigned int> is waited on and woken as it is, no cast.
TEST(WaitOnAddress, TakesAStdAtomic) {
  std::atomic<unsigned int> word{1};
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, -1).error(), EAGAIN) << "the atomic's value is 1";
  word = 0;
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, 1'000'000).error(), ETIMEDOUT);
}

// A wake of the wrong word would leave the waiter asleep until ETIMEDOUT.
TEST(WakeAddress, WakesAWaiterOnAStdAtomic) {
  std::atomic<unsigned int> word{0};
  std::thread waker([&word] {
    EXPECT_TRUE(sysgate::SleepNanos(20'000'000).ok());
    word.store(1, std::memory_order_release);
    EXPECT_TRUE(sysgate::WakeAddress(&word, 1).ok());
  });
  while (word.load(std::memory_order_acquire) == 0) {
    auto waited = sysgate::WaitOnAddress(&word, 0, 10 * sysgate::kNanosPerSecond);
    EXPECT_TRUE(waited.ok() || waited.error() == EAGAIN) << waited.error();
  }
  waker.join();
}

// Two threads take turns through a pair of parkers, many times over. A lost
// wakeup leaves one of them parked for good: the test would hang until
// Bazel's timeout killed it, saying nothing. So every round must end within
// kRoundNanos, far above what a round takes even under qemu on a loaded
// machine, or the test fails naming the round.
struct PingPong {
  sysgate::Parker ping;
  sysgate::Parker pong;
  int rounds = 0;  // atomic accesses: a failing round reads it racing
};

constexpr int kRounds = 1000;
constexpr int64_t kRoundNanos = 10 * sysgate::kNanosPerSecond;

// The other threads are OsThreads: raw clone(2) threads in the raw backend,
// pthreads in the libc backend, where the uniform API may not run on a raw
// thread.
void Ponger(void* game) {
  auto* g = static_cast<PingPong*>(game);
  for (int i = 0; i < kRounds; ++i) {
    g->ping.Park();
    __atomic_add_fetch(&g->rounds, 1, __ATOMIC_RELAXED);
    g->pong.Unpark();
  }
}

// Park on one side, ParkFor on the other: a wakeup lost by either shows as
// the main thread's ParkFor running out.
TEST(Parker, PingPongWithAnOsThreadLosesNoWakeup) {
  // Leaked if a round fails: the ponger may still be parked on it and must
  // never wake into freed memory.
  auto* game = new PingPong;
  auto thread = sysgate::SpawnOsThread({}, Ponger, game);
  ASSERT_TRUE(thread.ok());
  for (int i = 0; i < kRounds; ++i) {
    const int64_t start = sysgate::MonotonicNanos();
    game->ping.Unpark();
    const bool answered = game->pong.ParkFor(kRoundNanos);
    const int64_t elapsed = sysgate::MonotonicNanos() - start;
    const int rounds = __atomic_load_n(&game->rounds, __ATOMIC_RELAXED);
    ASSERT_TRUE(answered && elapsed <= kRoundNanos)
        << "round " << i << " of " << kRounds << " had no answer after " << elapsed / 1'000'000
        << " ms (bound " << kRoundNanos / 1'000'000 << " ms; the ponger has done " << rounds
        << " rounds): a lost wakeup";
    ASSERT_EQ(rounds, i + 1);
  }
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
  delete game;
}

TEST(Parker, UnparkBeforeParkIsKept) {
  sysgate::Parker parker;
  parker.Unpark();
  parker.Unpark();  // one permit, not two
  parker.Park();
  EXPECT_FALSE(parker.ParkFor(1'000'000)) << "the second Unpark added nothing";
}

TEST(Parker, ParkForTimesOut) {
  sysgate::Parker parker;
  const int64_t start = sysgate::MonotonicNanos();
  EXPECT_FALSE(parker.ParkFor(20'000'000));
  EXPECT_GE(sysgate::MonotonicNanos() - start, 20'000'000);
}

void UnparkLater(void* parker) {
  (void)sysgate::SleepNanos(20'000'000);  // fails only for a negative duration
  static_cast<sysgate::Parker*>(parker)->Unpark();
}

TEST(Parker, ParkedThreadIsWokenFromAnotherThread) {
  sysgate::Parker parker;
  auto thread = sysgate::SpawnOsThread({}, UnparkLater, &parker);
  ASSERT_TRUE(thread.ok());
  EXPECT_TRUE(parker.ParkFor(10 * sysgate::kNanosPerSecond));
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
}

TEST(Parker, LongestParkIsUnparked) {
  sysgate::Parker parker;
  auto thread = sysgate::SpawnOsThread({}, UnparkLater, &parker);
  ASSERT_TRUE(thread.ok());
  EXPECT_TRUE(parker.ParkFor(INT64_MAX));
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
}

// Unparks after two seconds unless told not to: a ParkFor that waits when it
// should not ends then, and shows as a permit taken late.
struct Watchdog {
  sysgate::Parker* parker;
  std::atomic<bool> done{false};
};

void UnparkUnlessDone(void* watchdog) {
  auto* w = static_cast<Watchdog*>(watchdog);
  for (int i = 0; i < 200 && !w->done; ++i) {
    (void)sysgate::SleepNanos(10'000'000);  // fails only for a negative duration
  }
  if (!w->done) w->parker->Unpark();
}

TEST(Parker, NegativeTimeoutDoesNotWait) {
  for (int64_t timeout : {int64_t{-1}, -sysgate::kNanosPerSecond, INT64_MIN}) {
    sysgate::Parker parker;
    Watchdog watchdog{&parker};
    auto thread = sysgate::SpawnOsThread({}, UnparkUnlessDone, &watchdog);
    ASSERT_TRUE(thread.ok());
    const int64_t start = sysgate::MonotonicNanos();
    EXPECT_FALSE(parker.ParkFor(timeout)) << timeout;
    EXPECT_LT(sysgate::MonotonicNanos() - start, sysgate::kNanosPerSecond) << timeout;
    watchdog.done = true;
    ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
    // But a permit already there is taken.
    parker.Unpark();
    EXPECT_TRUE(parker.ParkFor(timeout)) << timeout;
  }
}

using sysgate::internal::SpinLimit;

// How many times one SpinUntil asked its condition, which is true after
// `true_after` asks (never, for a negative one).
int AsksOfOneSpin(SpinLimit& limit, int true_after = -1) {
  int asks = 0;
  limit.SpinUntil([&] { return ++asks == true_after; });
  return asks;
}

// Fails every spin until a call asks once, after no spin; returns how many
// calls spun before it (at most 64).
int DecayToZero(SpinLimit& limit) {
  int spun = 0;
  while (spun < 64 && AsksOfOneSpin(limit) > 1) ++spun;
  return spun;
}

TEST(SpinLimit, SpinsThatKeepFailingDecayToNone) {
  SpinLimit limit;
  // A partner that shares the spinner's CPU runs only once the spinner
  // sleeps, so a spin that keeps failing should stop.
  EXPECT_LT(DecayToZero(limit), 64);
}

TEST(SpinLimit, ProbesAgainLessOftenWhileProbesFail) {
  SpinLimit limit;
  ASSERT_LT(DecayToZero(limit), 64);
  // The calls skipped between one probe (a call that spins) and the next,
  // the first counted from DecayToZero's.
  std::vector<int> gaps;
  int skipped = 1;
  for (int call = 0; call < 5000; ++call) {
    if (AsksOfOneSpin(limit) == 1) {
      ++skipped;
    } else {
      gaps.push_back(skipped);
      skipped = 0;
    }
  }
  const std::vector<int> expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1024};
  ASSERT_GE(gaps.size(), expected.size());
  EXPECT_EQ(std::vector<int>(gaps.begin(), gaps.begin() + expected.size()), expected);
}

TEST(SpinLimit, ASpinThatSucceedsKeepsSpinning) {
  SpinLimit limit;
  ASSERT_LT(DecayToZero(limit), 64);
  while (AsksOfOneSpin(limit, 20) == 1) {
  }
  // The probe succeeded after 20 asks: the next calls spin again, long
  // enough for one that takes four times as long.
  EXPECT_EQ(AsksOfOneSpin(limit, 70), 70);
  EXPECT_GT(AsksOfOneSpin(limit), 64);
}

TEST(SpinLimit, AProbeSpinsLongEnoughForAPartnerThatMustBeWoken) {
  SpinLimit limit;
  ASSERT_LT(DecayToZero(limit), 64);
  // Two threads that both sleep at every turn get back to spinning only if
  // one spin lasts until the other, woken by the futex, hands the turn back:
  // far longer than a spin that saw a running partner.
  int asks;
  while ((asks = AsksOfOneSpin(limit, 1000)) == 1) {
  }
  EXPECT_EQ(asks, 1000) << "the probe saw the condition come true";
  EXPECT_GT(AsksOfOneSpin(limit), 1000) << "and spins as long again";
}

TEST(SpinLimit, ABoundOfItsOwnCapsEverySpin) {
  // JoinRawThread's: a spin that pays off, and a probe, last at most this.
  constexpr int kBound = 256;
  SpinLimit limit(kBound);
  ASSERT_LT(DecayToZero(limit), 64);
  int asks;
  while ((asks = AsksOfOneSpin(limit, 200)) == 1) {
  }
  EXPECT_EQ(asks, 200) << "the probe saw the condition come true";
  // kBound pauses, each after an ask, and the last look.
  EXPECT_EQ(AsksOfOneSpin(limit), kBound + 1);
  while (AsksOfOneSpin(limit) > 1) {
  }
  while ((asks = AsksOfOneSpin(limit)) == 1) {
  }
  EXPECT_EQ(asks, kBound + 1) << "a probe that fails";
}

}  // namespace
