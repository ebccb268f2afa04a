// Raw clone(2) threads: created and joined without leaks, entries that
// return, the TLS block, signal masks, and futex handoffs between them. The
// thread entries here use only the raw layer (sysgate::sys) and atomics, as
// raw threads must in either backend (under --config=libc the uniform API
// calls libc, which a raw thread may not); the checks run on the test's own
// thread.

#include <linux/futex.h>
#include <sched.h>
#include <signal.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/signal.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread.h"
#include "sysgate/thread/raw_thread.h"

namespace {

using sysgate::RawThread;

int MappingCount() {
  std::ifstream maps("/proc/self/maps");
  int lines = 0;
  for (std::string line; std::getline(maps, line);) ++lines;
  return lines;
}

void CountRun(RawThread*, void* counter) {
  __atomic_fetch_add(static_cast<int*>(counter), 1, __ATOMIC_RELAXED);
}

TEST(RawThread, ThousandThreadsLeaveNoMappingBehind) {
  constexpr int kThreads = 1000;
  constexpr int kBatch = 50;
  int ran = 0;
  // Warm up what the first spawn sets up (the auxiliary vector, ...).
  auto first = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_TRUE(sysgate::JoinRawThread(first.value()).ok());
  const int before = MappingCount();
  for (int done = 0; done < kThreads; done += kBatch) {
    RawThread* threads[kBatch];
    for (auto& thread : threads) {
      auto spawned = sysgate::SpawnRawThread({}, CountRun, &ran);
      ASSERT_TRUE(spawned.ok()) << spawned.error();
      thread = spawned.value();
    }
    for (RawThread* thread : threads) ASSERT_TRUE(sysgate::JoinRawThread(thread).ok());
  }
  EXPECT_EQ(ran, kThreads + 1);
  EXPECT_EQ(MappingCount(), before);
}

// Spawning costs less on the mapping of a thread already joined, so the
// last one is kept for the next spawn of the same stack size.
TEST(RawThread, ReusesTheMappingOfTheLastThreadJoined) {
  int ran = 0;
  auto first = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(first.ok()) << first.error();
  void* const first_mapping = first.value()->mapping;
  const unsigned long first_size = first.value()->mapping_size;
  ASSERT_TRUE(sysgate::JoinRawThread(first.value()).ok());

  auto second = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(second.value()->mapping, first_mapping);
  ASSERT_TRUE(sysgate::JoinRawThread(second.value()).ok());

  sysgate::RawThreadOptions bigger;
  bigger.stack_size = 2 * bigger.stack_size;
  auto third = sysgate::SpawnRawThread(bigger, CountRun, &ran);
  ASSERT_TRUE(third.ok()) << third.error();
  EXPECT_GT(third.value()->mapping_size, first_size) << "a mapping of its own size";
  ASSERT_TRUE(sysgate::JoinRawThread(third.value()).ok());
  EXPECT_EQ(ran, 3);
}

struct Observed {
  long tid = 0;
  RawThread* current = nullptr;
  unsigned long canary = 0;
  int done = 0;
};

void Observe(RawThread* thread, void* out) {
  auto* observed = static_cast<Observed*>(out);
  observed->tid = sysgate::sys::gettid().value();
  observed->current = sysgate::CurrentRawThread();
#if defined(__x86_64__)
  asm volatile("movq %%fs:0x28, %0" : "=r"(observed->canary));
#endif
  (void)thread;
  __atomic_store_n(&observed->done, 1, __ATOMIC_RELEASE);
}

TEST(RawThread, EntryGetsItsRecordAndATidOfItsOwn) {
  Observed observed;
  auto thread = sysgate::SpawnRawThread({}, Observe, &observed);
  ASSERT_TRUE(thread.ok()) << thread.error();
  const int tid_seen_by_parent = thread.value()->tid;  // CLONE_PARENT_SETTID, or 0 if already gone
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_EQ(observed.done, 1);
  EXPECT_GT(observed.tid, 0);
  EXPECT_NE(observed.tid, sysgate::sys::gettid().value());
  if (tid_seen_by_parent != 0) {
    EXPECT_EQ(tid_seen_by_parent, observed.tid);
  }
  EXPECT_EQ(observed.current, thread.value()) << "CurrentRawThread finds the record through TLS";
}

#if defined(__x86_64__)
// Code compiled with -fstack-protector reads its canary at %fs:0x28: the
// raw thread's block must hold the same value as the creating thread's.
TEST(RawThread, CarriesTheStackProtectorCanary) {
  unsigned long mine;
  asm volatile("movq %%fs:0x28, %0" : "=r"(mine));
  Observed observed;
  auto thread = sysgate::SpawnRawThread({}, Observe, &observed);
  ASSERT_TRUE(thread.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_NE(mine, 0u);
  EXPECT_EQ(observed.canary, mine);
}
#endif

// A function with a local array gets a canary check under -fstack-protector;
// running it on a raw thread proves the check passes there.
__attribute__((noinline, optimize("stack-protector-all"))) int FillAndSum(int n) {
  volatile char buffer[64];
  int sum = 0;
  for (int i = 0; i < 64; ++i) buffer[i] = static_cast<char>(i * n);
  for (int i = 0; i < 64; ++i) sum += buffer[i];
  return sum;
}

void RunProtected(RawThread*, void* out) { *static_cast<int*>(out) = FillAndSum(1); }

TEST(RawThread, StackProtectedCodeRuns) {
  int sum = 0;
  auto thread = sysgate::SpawnRawThread({}, RunProtected, &sum);
  ASSERT_TRUE(thread.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_EQ(sum, FillAndSum(1));
}

void ReadMask(RawThread*, void* out) {
  const sysgate::SignalSet empty = sysgate::SignalSet::Empty();
  sysgate::sys::rt_sigprocmask(SIG_SETMASK, const_cast<sysgate::kernel::sigset_t*>(empty.kernel()),
                               static_cast<sysgate::SignalSet*>(out)->kernel(),
                               sysgate::kernel::kSigsetSize);
}

TEST(RawThread, StartsWithTheCreatorsSignalMask) {
  sysgate::SignalSet old = sysgate::SignalSet::Empty();
  ASSERT_TRUE(sysgate::BlockSignals(sysgate::SignalSet::Empty().Add(SIGUSR2), &old).ok());
  sysgate::SignalSet seen = sysgate::SignalSet::Empty();
  auto thread = sysgate::SpawnRawThread({}, ReadMask, &seen);
  ASSERT_TRUE(thread.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  sysgate::SetSignalMask(old);
  EXPECT_TRUE(seen.Has(SIGUSR2));
  EXPECT_FALSE(seen.Has(SIGUSR1));
}

// Two raw threads hand a counter back and forth through a futex word: each
// waits for its turn with FUTEX_WAIT and passes it with FUTEX_WAKE.
// (WaitOnAddress between threads is tests/wait_test.cc's.)
struct Relay {
  unsigned int turn = 0;  // whose turn: 0 or 1
  int rounds = 0;
};

constexpr int kRounds = 200;

void Play(Relay* relay, unsigned int me) {
  for (int i = 0; i < kRounds; ++i) {
    unsigned int turn;
    while ((turn = __atomic_load_n(&relay->turn, __ATOMIC_ACQUIRE)) != me) {
      sysgate::sys::futex(&relay->turn, FUTEX_WAIT_PRIVATE, turn, nullptr, nullptr, 0);
    }
    ++relay->rounds;
    __atomic_store_n(&relay->turn, 1 - me, __ATOMIC_RELEASE);
    sysgate::sys::futex(&relay->turn, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
}

void PlayZero(RawThread*, void* relay) { Play(static_cast<Relay*>(relay), 0); }
void PlayOne(RawThread*, void* relay) { Play(static_cast<Relay*>(relay), 1); }

TEST(RawThread, FutexHandoffBetweenTwoRawThreads) {
  Relay relay;
  auto zero = sysgate::SpawnRawThread({}, PlayZero, &relay);
  auto one = sysgate::SpawnRawThread({}, PlayOne, &relay);
  ASSERT_TRUE(zero.ok() && one.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(zero.value()).ok());
  ASSERT_TRUE(sysgate::JoinRawThread(one.value()).ok());
  EXPECT_EQ(relay.rounds, 2 * kRounds);
}

void CountPlain(void* counter) { __atomic_fetch_add(static_cast<int*>(counter), 1, __ATOMIC_RELAXED); }

TEST(OsThread, SpawnRunsTheFunctionAndJoinWaitsForIt) {
  int ran = 0;
  auto thread = sysgate::SpawnOsThread({}, CountPlain, &ran);
  ASSERT_TRUE(thread.ok()) << thread.error();
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
  EXPECT_EQ(ran, 1);
}

TEST(OsThread, WhatAThreadAsksAboutItself) {
  EXPECT_EQ(sysgate::CurrentThreadId(), sysgate::sys::gettid().value());
  auto cpus = sysgate::CpuCount();
  ASSERT_TRUE(cpus.ok()) << cpus.error();
  cpu_set_t glibc;
  ASSERT_EQ(sched_getaffinity(0, sizeof glibc, &glibc), 0);
  EXPECT_EQ(cpus.value(), CPU_COUNT(&glibc));
  sysgate::YieldThread();
}

}  // namespace
