// SPDX-License-Identifier: Apache-2.0
// A tour of sysgate: the generated system call layer, then each part of the
// uniform API doing real work, and a summary of the table this build was
// generated from. Run it with ./bazelw run //examples:tour.

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sysgate/constants.h"
#include "sysgate/file.h"
#include "sysgate/memory.h"
#include "sysgate/owned_fd.h"
#include "sysgate/owned_mapping.h"
#include "sysgate/poller.h"
#include "sysgate/signal.h"
#include "sysgate/status.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"
#include "sysgate/time/vdso.h"
#include "sysgate/wait.h"

namespace k = sysgate::kernel;
namespace sys = sysgate::sys;

namespace {

void Section(const char* title) { std::printf("\n== %s\n", title); }

// Says so when a call that should not fail does.
template <typename T>
void Check(sysgate::Result<T> result, const char* call) {
  if (!result.ok()) std::printf("%s failed: errno %d\n", call, result.error());
}

double Millis(long nanos) { return static_cast<double>(nanos) / 1e6; }

void RawLayer() {
  Section("the generated layer: every system call, a stub each, errors as values");
  std::printf("getpid() = %d, gettid() = %d\n", sys::getpid().value(), sys::gettid().value());
  char release[128] = {};
  auto fd = sys::openat(k::AT_FDCWD, "/proc/sys/kernel/osrelease", k::O_RDONLY | k::O_CLOEXEC, 0);
  if (fd.ok()) {
    auto n = sys::read(fd.value(), release, sizeof release - 1);
    Check(sys::close(fd.value()), "close");
    if (n.ok()) release[strcspn(release, "\n")] = '\0';
  }
  std::printf("openat/read/close of /proc/sys/kernel/osrelease: %s\n", release);
  // The kernel's structs are sysgate's too, complete, with no uapi header.
  k::new_utsname uts = {};
  Check(sys::uname(&uts), "uname");
  std::printf("uname into a kernel::new_utsname: %s %s on %s\n", uts.sysname, uts.release, uts.machine);
  k::statx st = {};
  Check(sys::statx(k::AT_FDCWD, "/proc/self/exe", 0, k::STATX_SIZE | k::STATX_MTIME, &st), "statx");
  std::printf("statx(\"/proc/self/exe\") into a kernel::statx: %llu bytes, modified at %lld s\n",
              static_cast<unsigned long long>(st.stx_size), static_cast<long long>(st.stx_mtime.tv_sec));
  auto missing = sys::openat(k::AT_FDCWD, "/no/such/file", k::O_RDONLY, 0);
  std::printf("openat(\"/no/such/file\") = raw %ld, error() %d, as a Status: %s\n", missing.raw(),
              missing.error(), sysgate::ToStatus(missing, "openat").ToString().c_str());
}

void Time() {
  Section("time: the vDSO, found without libc");
  const bool vdso = sysgate::Vdso().clock_gettime != nullptr;
  std::printf("vDSO clock_gettime: %s\n", vdso ? "found" : "absent, using the system call");
  const long wall = sysgate::WallNanos();
  std::printf("wall clock: %ld.%09ld s since 1970\n", wall / sysgate::kNanosPerSecond,
              wall % sysgate::kNanosPerSecond);
  const long start = sysgate::MonotonicNanos();
  constexpr int kReads = 1'000'000;
  for (int i = 0; i < kReads; ++i) sysgate::MonotonicNanos();
  const long reads = sysgate::MonotonicNanos() - start;
  std::printf("monotonic clock: %d reads in %.1f ms (%.0f ns each)\n", kReads, Millis(reads),
              static_cast<double>(reads) / kReads);
  const long before = sysgate::MonotonicNanos();
  Check(sysgate::SleepNanos(10'000'000), "SleepNanos");
  std::printf("SleepNanos(10 ms) slept %.2f ms\n", Millis(sysgate::MonotonicNanos() - before));
}

struct Worker {
  long tid = 0;
  unsigned long sum = 0;
};

void Work(void* arg) {
  auto* worker = static_cast<Worker*>(arg);
  worker->tid = sysgate::CurrentThreadId();
  for (unsigned long i = 1; i <= 1'000'000; ++i) worker->sum += i;
}

void Threads() {
  Section("threads: raw clone(2) threads, no libc on them");
  std::printf("this thread: %ld; CPUs available: %d\n", sysgate::CurrentThreadId(),
              sysgate::CpuCount().value_or(-1));
  Worker workers[4];
  sysgate::OsThread* threads[4];
  for (int i = 0; i < 4; ++i) threads[i] = sysgate::SpawnOsThread({}, Work, &workers[i]).value();
  for (int i = 0; i < 4; ++i) Check(sysgate::JoinOsThread(threads[i]), "JoinOsThread");
  for (const Worker& w : workers) std::printf("thread %ld summed 1..1000000 = %lu\n", w.tid, w.sum);
}

struct PingPong {
  sysgate::Parker ping, pong;
};

void Pong(void* arg) {
  auto* game = static_cast<PingPong*>(arg);
  for (int i = 0; i < 10'000; ++i) {
    game->ping.Park();
    game->pong.Unpark();
  }
}

void Waiting() {
  Section("waiting: a parker (spin, then futex) between two threads");
  PingPong game;
  auto* thread = sysgate::SpawnOsThread({}, Pong, &game).value();
  const long start = sysgate::MonotonicNanos();
  for (int i = 0; i < 10'000; ++i) {
    game.ping.Unpark();
    game.pong.Park();
  }
  const long took = sysgate::MonotonicNanos() - start;
  Check(sysgate::JoinOsThread(thread), "JoinOsThread");
  std::printf("10000 round trips in %.1f ms (%.2f us each)\n", Millis(took),
              static_cast<double>(took) / 10'000 / 1000);
  unsigned int word = 0;
  std::printf("WaitOnAddress with a 5 ms timeout: error %d (ETIMEDOUT is %d)\n",
              sysgate::WaitOnAddress(&word, 0, 5'000'000).error(), ETIMEDOUT);
}

void Memory() {
  Section("memory: reserve, commit, protect, decommit; released as its OwnedMapping goes");
  const unsigned long page = sysgate::PageSize();
  const unsigned long size = 256 * page;
  sysgate::OwnedMapping reserved(sysgate::Reserve(size).value(), size);
  auto* base = static_cast<char*>(reserved.get());
  std::printf("reserved %lu KiB at %p (page size %lu)\n", size / 1024, static_cast<void*>(base),
              page);
  Check(sysgate::Commit(base, 16 * page), "Commit");
  std::memset(base, 0x5a, 16 * page);
  std::printf("committed and filled 16 pages; byte 0 = 0x%02x\n", base[0] & 0xff);
  std::printf("protect read-only: %s\n",
              sysgate::Protect(base, 16 * page, sysgate::kProtectRead).ok() ? "ok" : "failed");
  Check(sysgate::Decommit(base, 16 * page), "Decommit");
  Check(sysgate::Commit(base, page), "Commit");
  std::printf("decommitted and committed again: byte 0 = 0x%02x\n", base[0] & 0xff);
}

void Polling() {
  Section("polling: a pipe through the poller");
  int fds[2];
  Check(sysgate::Pipe(fds), "Pipe");
  const sysgate::OwnedFd reader(fds[0]), writer(fds[1]);  // closed at the end of the scope
  sysgate::Poller poller;  // so is its epoll descriptor
  Check(poller.Open(), "Poller::Open");
  Check(poller.Add(reader.get(), sysgate::kReadable, 42), "Poller::Add");
  sysgate::PollEvent events[4];
  std::printf("wait 10 ms with nothing written: %d events\n",
              poller.Wait(events, 4, 10'000'000).value_or(-1));
  Check(sysgate::Write(writer.get(), "ping", 4), "Write");
  const int n = poller.Wait(events, 4, -1).value_or(-1);
  std::printf("after a write: %d event, token %llu, readable %d\n", n, events[0].token,
              events[0].readable);
}

// Lock-free atomics, which a signal handler may touch.
std::atomic<bool> usr1_seen{false};
std::atomic<int> profile_samples{0};

void OnUsr1(int, void*, void*) { usr1_seen.store(true, std::memory_order_relaxed); }
void OnProf(int, void*, void*) { profile_samples.fetch_add(1, std::memory_order_relaxed); }

void Signals() {
  Section("signals: rt_sigaction with sysgate's restorer, tgkill, the profiling timer");
  sysgate::SignalAction action;
  action.handler = OnUsr1;
  Check(sysgate::InstallSignalHandler(k::SIGUSR1, action), "InstallSignalHandler");
  Check(sysgate::SignalThread(sysgate::CurrentThreadId(), k::SIGUSR1), "SignalThread");
  std::printf("SIGUSR1 sent to this thread: handler ran and returned: %s\n",
              usr1_seen.load() ? "yes" : "no");
  action.handler = OnProf;
  Check(sysgate::InstallSignalHandler(k::SIGPROF, action), "InstallSignalHandler");
  Check(sysgate::StartProfilingTimer(1'000'000), "StartProfilingTimer");
  const long start = sysgate::MonotonicNanos();
  volatile unsigned long spin = 0;
  while (sysgate::MonotonicNanos() - start < 100'000'000) ++spin;
  Check(sysgate::StopProfilingTimer(), "StopProfilingTimer");
  std::printf("profiling timer at 1 ms of CPU: %d SIGPROF samples over 100 ms of spinning\n",
              profile_samples.load());
  Check(sysgate::SetDefaultSignalAction(k::SIGUSR1), "SetDefaultSignalAction");
  Check(sysgate::SetDefaultSignalAction(k::SIGPROF), "SetDefaultSignalAction");
}

void Files() {
  Section("files and the process");
  char path[] = "/tmp/sysgate-tour-XXXXXX";
  const int fd = mkstemp(path);  // only to pick a fresh name
  Check(sysgate::Close(fd), "Close");
  auto file = sysgate::Open(path, sysgate::kOpenReadWrite | sysgate::kOpenTruncate);
  Check(sysgate::Write(file.value(), "written by sysgate", 18), "Write");
  Check(sysgate::Close(file.value()), "Close");
  char text[32] = {};
  file = sysgate::Open(path, sysgate::kOpenRead);
  Check(sysgate::Read(file.value(), text, sizeof text - 1), "Read");
  Check(sysgate::Close(file.value()), "Close");
  Check(sys::unlinkat(k::AT_FDCWD, path, 0), "unlinkat");
  std::printf("wrote and read back %s: \"%s\"; process id %ld\n", path, text,
              sysgate::ProcessId());
}

}  // namespace

int main() {
  std::printf("sysgate tour: system calls without libc in between\n");
  RawLayer();
  Time();
  Threads();
  Waiting();
  Memory();
  Polling();
  Signals();
  Files();
  Section("the table");
  std::printf("%s: %d system calls, %d with typed signatures, highest number %ld\n",
              sys::kSyscallTable, sys::kSyscallCount, sys::kTypedSyscallCount,
              sys::kHighestSyscallNumber);
  return 0;
}
