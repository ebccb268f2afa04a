// Waiting on an address, and the Parker built on it.

#include <cerrno>

#include "gtest/gtest.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace {

TEST(WaitOnAddress, ReturnsAtOnceWhenTheWordDiffers) {
  unsigned int word = 1;
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, -1).error(), EAGAIN);
}

TEST(WaitOnAddress, TimesOut) {
  unsigned int word = 0;
  const long start = sysgate::MonotonicNanos();
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, 10'000'000).error(), ETIMEDOUT);
  EXPECT_GE(sysgate::MonotonicNanos() - start, 10'000'000);
}

TEST(WakeAddress, WakesNobodyWhenNobodyWaits) {
  unsigned int word = 0;
  auto woken = sysgate::WakeAddress(&word, 1);
  ASSERT_TRUE(woken.ok());
  EXPECT_EQ(woken.value(), 0);
}

// Two threads take turns through a pair of parkers, many times over.
struct PingPong {
  sysgate::Parker ping;
  sysgate::Parker pong;
  int rounds = 0;
};

constexpr int kRounds = 1000;

// The other threads are OsThreads: raw clone(2) threads in the raw backend,
// pthreads in the libc backend, where the uniform API may not run on a raw
// thread.
void Ponger(void* game) {
  auto* g = static_cast<PingPong*>(game);
  for (int i = 0; i < kRounds; ++i) {
    g->ping.Park();
    ++g->rounds;
    g->pong.Unpark();
  }
}

TEST(Parker, PingPongWithAnOsThread) {
  PingPong game;
  auto thread = sysgate::SpawnOsThread({}, Ponger, &game);
  ASSERT_TRUE(thread.ok());
  for (int i = 0; i < kRounds; ++i) {
    game.ping.Unpark();
    game.pong.Park();
    ASSERT_EQ(game.rounds, i + 1);
  }
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
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
  const long start = sysgate::MonotonicNanos();
  EXPECT_FALSE(parker.ParkFor(20'000'000));
  EXPECT_GE(sysgate::MonotonicNanos() - start, 20'000'000);
}

void UnparkLater(void* parker) {
  sysgate::SleepNanos(20'000'000);
  static_cast<sysgate::Parker*>(parker)->Unpark();
}

TEST(Parker, ParkedThreadIsWokenFromAnotherThread) {
  sysgate::Parker parker;
  auto thread = sysgate::SpawnOsThread({}, UnparkLater, &parker);
  ASSERT_TRUE(thread.ok());
  EXPECT_TRUE(parker.ParkFor(10 * sysgate::kNanosPerSecond));
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
}

}  // namespace
