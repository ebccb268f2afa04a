// SPDX-License-Identifier: Apache-2.0
// Two threads handing a turn back and forth, and what a parked thread costs
// while it waits. The partner of the sysgate benchmarks is an OsThread (a
// raw clone thread on Linux), which may use the Parker: it needs no libc.

#include <pthread.h>
#include <time.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "benchmark/benchmark.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace {

// The main thread unparks `ping` and parks on `pong`; the partner the other
// way round, until `stop`.
struct ParkerPingPong {
  sysgate::Parker ping;
  sysgate::Parker pong;
  bool stop = false;
};

void ParkerPartner(void* arg) {
  auto* turns = static_cast<ParkerPingPong*>(arg);
  for (;;) {
    turns->ping.Park();
    if (__atomic_load_n(&turns->stop, __ATOMIC_ACQUIRE)) return;
    turns->pong.Unpark();
  }
}

void BM_ping_pong_sysgate(benchmark::State& state) {
  ParkerPingPong turns;
  auto partner = sysgate::SpawnOsThread({}, ParkerPartner, &turns);
  if (!partner.ok()) return state.SkipWithError("SpawnOsThread failed");
  for (auto _ : state) {
    turns.ping.Unpark();
    turns.pong.Park();
  }
  __atomic_store_n(&turns.stop, true, __ATOMIC_RELEASE);
  turns.ping.Unpark();
  if (!sysgate::JoinOsThread(partner.value()).ok()) state.SkipWithError("JoinOsThread failed");
}
BENCHMARK(BM_ping_pong_sysgate)->UseRealTime();

// The same handoff as a program without sysgate writes it.
struct CondvarPingPong {
  std::mutex mutex;
  std::condition_variable partner_turn;
  std::condition_variable main_turn;
  bool partners = false;  // whose turn: the partner's, or main's
  bool stop = false;
};

void BM_ping_pong_std(benchmark::State& state) {
  CondvarPingPong turns;
  std::thread partner([&turns] {
    std::unique_lock<std::mutex> lock(turns.mutex);
    for (;;) {
      turns.partner_turn.wait(lock, [&turns] { return turns.partners || turns.stop; });
      if (turns.stop) return;
      turns.partners = false;
      turns.main_turn.notify_one();
    }
  });
  for (auto _ : state) {
    std::unique_lock<std::mutex> lock(turns.mutex);
    turns.partners = true;
    turns.partner_turn.notify_one();
    turns.main_turn.wait(lock, [&turns] { return !turns.partners; });
  }
  {
    std::lock_guard<std::mutex> lock(turns.mutex);
    turns.stop = true;
  }
  turns.partner_turn.notify_one();
  partner.join();
}
BENCHMARK(BM_ping_pong_std)->UseRealTime();

// How long the parked thread is watched.
constexpr long kWatchNanos = sysgate::kNanosPerSecond;

long ThreadCpuNanos(clockid_t clock) {
  timespec cpu;
  clock_gettime(clock, &cpu);
  return cpu.tv_sec * sysgate::kNanosPerSecond + cpu.tv_nsec;
}

// The share of one CPU that `clock`'s thread used while it was watched.
double CpuPercentOver(clockid_t clock, long nanos) {
  const long cpu_before = ThreadCpuNanos(clock);
  const long wall_before = sysgate::MonotonicNanos();
  (void)sysgate::SleepNanos(nanos);  // fails only for a negative duration
  const long cpu = ThreadCpuNanos(clock) - cpu_before;
  return 100.0 * cpu / (sysgate::MonotonicNanos() - wall_before);
}

// The kernel's CPU clock of thread `tid` of this process, as glibc's
// pthread_getcpuclockid makes it (MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED)
// in the kernel's include/linux/posix-timers.h): a raw thread has no
// pthread_t to ask with.
clockid_t ThreadCpuClock(long tid) { return static_cast<clockid_t>((~tid << 3) | 4 | 2); }

struct ParkedWaiter {
  sysgate::Parker parker;
  long tid = 0;
};

void ParkAfterPublishingTid(void* arg) {
  auto* waiter = static_cast<ParkedWaiter*>(arg);
  __atomic_store_n(&waiter->tid, sysgate::CurrentThreadId(), __ATOMIC_RELEASE);
  waiter->parker.Park();
}

// Counts the waiter's spinning before it sleeps, as it should.
void BM_parked_waiter_cpu_sysgate(benchmark::State& state) {
  for (auto _ : state) {
    ParkedWaiter waiter;
    auto thread = sysgate::SpawnOsThread({}, ParkAfterPublishingTid, &waiter);
    if (!thread.ok()) return state.SkipWithError("SpawnOsThread failed");
    while (__atomic_load_n(&waiter.tid, __ATOMIC_ACQUIRE) == 0) sysgate::YieldThread();
    state.counters["cpu_percent"] = CpuPercentOver(ThreadCpuClock(waiter.tid), kWatchNanos);
    waiter.parker.Unpark();
    if (!sysgate::JoinOsThread(thread.value()).ok())
      return state.SkipWithError("JoinOsThread failed");
  }
}
BENCHMARK(BM_parked_waiter_cpu_sysgate)
    ->Iterations(1)
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);

void BM_parked_waiter_cpu_std(benchmark::State& state) {
  for (auto _ : state) {
    std::mutex mutex;
    std::condition_variable woken;
    bool permit = false;
    std::thread waiter([&] {
      std::unique_lock<std::mutex> lock(mutex);
      woken.wait(lock, [&] { return permit; });
    });
    clockid_t clock;
    pthread_getcpuclockid(waiter.native_handle(), &clock);
    state.counters["cpu_percent"] = CpuPercentOver(clock, kWatchNanos);
    {
      std::lock_guard<std::mutex> lock(mutex);
      permit = true;
    }
    woken.notify_one();
    waiter.join();
  }
}
BENCHMARK(BM_parked_waiter_cpu_std)->Iterations(1)->Repetitions(3)->Unit(benchmark::kMillisecond);

}  // namespace
