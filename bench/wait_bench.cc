// SPDX-License-Identifier: Apache-2.0
// Two threads handing a turn back and forth, and what a parked thread costs
// while it waits. The partner of the sysgate benchmarks is an OsThread (a
// raw clone thread on Linux), which may use the Parker: it needs no libc.

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "benchmark/benchmark.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace {

// Where the two threads of a ping-pong may run. Unpinned, the kernel
// decides, and on a loaded machine it often queues both on one CPU.
enum class Placement {
  kUnpinned,
  kOneCpu,   // both on the first CPU this process may use
  kTwoCpus,  // the main thread on the first, its partner on the second
};

// Pins the calling thread and, once it publishes its id, the partner, as
// `placement` says; gives the calling thread its CPUs back when it goes.
class Pinning {
 public:
  explicit Pinning(Placement placement) : placement_(placement) {
    sched_getaffinity(0, sizeof original_, &original_);
    int found = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && found < 2; ++cpu) {
      if (CPU_ISSET(cpu, &original_)) cpus_[found++] = cpu;
    }
    if (placement_ == Placement::kUnpinned) return;
    ok_ = found == 2 || (placement_ == Placement::kOneCpu && found == 1);
    if (ok_) ok_ = Pin(0, cpus_[0]);
  }
  ~Pinning() { sched_setaffinity(0, sizeof original_, &original_); }

  // False when the machine has too few CPUs for the placement.
  bool ok() const { return ok_; }

  bool PinPartner(long tid) {
    if (placement_ == Placement::kUnpinned) return true;
    return Pin(tid, cpus_[placement_ == Placement::kOneCpu ? 0 : 1]);
  }

 private:
  static bool Pin(long tid, int cpu) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(static_cast<pid_t>(tid), sizeof one, &one) == 0;
  }

  Placement placement_;
  cpu_set_t original_;
  int cpus_[2] = {0, 0};
  bool ok_ = true;
};

// The main thread unparks `ping` and parks on `pong`; the partner the other
// way round, until `stop`.
struct ParkerPingPong {
  sysgate::Parker ping;
  sysgate::Parker pong;
  long partner_tid = 0;
  bool stop = false;
};

void ParkerPartner(void* arg) {
  auto* turns = static_cast<ParkerPingPong*>(arg);
  __atomic_store_n(&turns->partner_tid, sysgate::CurrentThreadId(), __ATOMIC_RELEASE);
  for (;;) {
    turns->ping.Park();
    if (__atomic_load_n(&turns->stop, __ATOMIC_ACQUIRE)) return;
    turns->pong.Unpark();
  }
}

long AwaitTid(const long* tid) {
  long published;
  while ((published = __atomic_load_n(tid, __ATOMIC_ACQUIRE)) == 0) sched_yield();
  return published;
}

void ParkerPingPongOn(benchmark::State& state, Placement placement) {
  Pinning pinning(placement);
  if (!pinning.ok()) return state.SkipWithError("too few CPUs");
  ParkerPingPong turns;
  auto partner = sysgate::SpawnOsThread({}, ParkerPartner, &turns);
  if (!partner.ok()) return state.SkipWithError("SpawnOsThread failed");
  if (!pinning.PinPartner(AwaitTid(&turns.partner_tid))) state.SkipWithError("pinning failed");
  for (auto _ : state) {
    turns.ping.Unpark();
    turns.pong.Park();
  }
  __atomic_store_n(&turns.stop, true, __ATOMIC_RELEASE);
  turns.ping.Unpark();
  if (!sysgate::JoinOsThread(partner.value()).ok()) state.SkipWithError("JoinOsThread failed");
}

void BM_ping_pong_sysgate(benchmark::State& state) { ParkerPingPongOn(state, Placement::kUnpinned); }
BENCHMARK(BM_ping_pong_sysgate)->UseRealTime();

void BM_ping_pong_one_cpu_sysgate(benchmark::State& state) {
  ParkerPingPongOn(state, Placement::kOneCpu);
}
BENCHMARK(BM_ping_pong_one_cpu_sysgate)->UseRealTime();

void BM_ping_pong_two_cpus_sysgate(benchmark::State& state) {
  ParkerPingPongOn(state, Placement::kTwoCpus);
}
BENCHMARK(BM_ping_pong_two_cpus_sysgate)->UseRealTime();

// The least a handoff between OS threads can do: one word whose value says
// whose turn it is, a futex wake after each change and a futex wait while
// it is not one's turn; no spinning.
struct FutexPingPong {
  unsigned int partners = 0;  // 1: the partner's turn
  long partner_tid = 0;
  bool stop = false;
};

void Futex(unsigned int* word, int op, unsigned int value) {
  syscall(SYS_futex, word, op | FUTEX_PRIVATE_FLAG, value, nullptr, nullptr, 0);
}

// Hands the turn over (to_partner: 1 or 0) and waits for it to come back.
void HandOver(unsigned int* word, unsigned int to_partner) {
  __atomic_store_n(word, to_partner, __ATOMIC_RELEASE);
  Futex(word, FUTEX_WAKE, 1);
  while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == to_partner) Futex(word, FUTEX_WAIT, to_partner);
}

void FutexPingPongOn(benchmark::State& state, Placement placement) {
  Pinning pinning(placement);
  if (!pinning.ok()) return state.SkipWithError("too few CPUs");
  FutexPingPong turns;
  std::thread partner([&turns] {
    __atomic_store_n(&turns.partner_tid, static_cast<long>(gettid()), __ATOMIC_RELEASE);
    while (__atomic_load_n(&turns.partners, __ATOMIC_ACQUIRE) == 0) Futex(&turns.partners, FUTEX_WAIT, 0);
    while (!__atomic_load_n(&turns.stop, __ATOMIC_ACQUIRE)) HandOver(&turns.partners, 0);
  });
  if (!pinning.PinPartner(AwaitTid(&turns.partner_tid))) state.SkipWithError("pinning failed");
  for (auto _ : state) HandOver(&turns.partners, 1);
  __atomic_store_n(&turns.stop, true, __ATOMIC_RELEASE);
  __atomic_store_n(&turns.partners, 1, __ATOMIC_RELEASE);
  Futex(&turns.partners, FUTEX_WAKE, 1);
  partner.join();
}

void BM_ping_pong_one_cpu_futex(benchmark::State& state) {
  FutexPingPongOn(state, Placement::kOneCpu);
}
BENCHMARK(BM_ping_pong_one_cpu_futex)->UseRealTime();

void BM_ping_pong_two_cpus_futex(benchmark::State& state) {
  FutexPingPongOn(state, Placement::kTwoCpus);
}
BENCHMARK(BM_ping_pong_two_cpus_futex)->UseRealTime();

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
