// SPDX-License-Identifier: Apache-2.0
// A sampling profiler, as a runtime would write one: a 1 kHz ITIMER_PROF
// whose SIGPROF handler asks every interrupted thread (the main thread,
// pthreads and raw threads) whether it is a raw thread and whether it is
// inside a libc or vDSO call, and checks what the record says. The SIGPROF
// of ITIMER_PROF is process-wide, so it lands on every kind of thread.
//
// The raw threads use only what a raw thread may in the backend under test:
// the uniform API's clock in the raw backend (a vDSO call where there is a
// vDSO), the raw layer only under --config=libc.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc_call_guard.h"
#include "sysgate/signal.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread/raw_thread.h"
#include "sysgate/time.h"
#include "sysgate/time/vdso.h"

namespace {

using sysgate::CallSiteKind;
using sysgate::LibcCallSite;

// A pc returned into `function` (whose code is far shorter than 4 KiB): its
// code, which under ELFv1 is its descriptor's and on hppa its plabel's.
bool PointsInto(unsigned long pc, const void* function) {
  const auto start = sysgate::FunctionCode(function);
  return pc > start && pc < start + 4096;
}

// How much deeper in the stack `inner` is than `outer`: a frame called
// later is below an earlier one where the stack grows down, above it where
// it grows up (hppa: core_abi.h's SYSGATE_ARCH_STACK_GROWS_UP).
long Deeper(unsigned long inner, unsigned long outer) {
  return static_cast<long>(SYSGATE_ARCH_STACK_GROWS_UP ? inner - outer : outer - inner);
}

LibcCallSite seen_in_vdso_call;
bool seen_complete;

long FakeVdsoFunction(int, void*) {
  seen_complete = sysgate::CurrentLibcCall(&seen_in_vdso_call);
  return 5;
}

[[gnu::noinline]] long CallFakeVdso(unsigned long* frame) {
  *frame = reinterpret_cast<unsigned long>(__builtin_frame_address(0));
  const long result = sysgate::CallVdso(FakeVdsoFunction, 0, static_cast<void*>(nullptr));
  // Not a tail call, which optimization would make of a plain `return
  // CallVdso(...)`: then this frame is gone while CallVdso runs, and the
  // record rightly names this function's caller, whose frame is the one on
  // the stack.
  asm volatile("" ::: "memory");
  return result;
}

TEST(CallVdso, LeavesAVdsoSiteWhileItRuns) {
  int context;
  sysgate::SetLibcCallContext(&context);
  unsigned long frame;
  EXPECT_EQ(CallFakeVdso(&frame), 5);
  sysgate::SetLibcCallContext(nullptr);
  ASSERT_TRUE(seen_complete);
  EXPECT_EQ(seen_in_vdso_call.kind, CallSiteKind::kVdso);
  EXPECT_TRUE(PointsInto(seen_in_vdso_call.pc, reinterpret_cast<void*>(&CallFakeVdso)));
  // The caller's stack pointer at the call: at or past its frame address.
  const long depth = Deeper(seen_in_vdso_call.sp, frame);
  EXPECT_TRUE(depth >= 0 && depth < 4096) << depth;
  EXPECT_EQ(seen_in_vdso_call.context, &context);
  LibcCallSite after;
  EXPECT_FALSE(sysgate::CurrentLibcCall(&after)) << "cleared on return";
}

// What the handler counted. Plain atomics: lock-free, so safe in a handler.
struct Samples {
  std::atomic<long> total{0};
  std::atomic<long> on_raw_threads{0};
  std::atomic<long> in_libc{0};
  std::atomic<long> in_vdso{0};
  std::atomic<long> bad{0};  // a record or thread that made no sense
};
Samples samples;

// The raw threads' contexts, so the handler can tell a real RawThread.
constexpr int kRawThreads = 2;
int raw_thread_marks[kRawThreads];

bool IsOurRawThread(const sysgate::RawThread* thread) {
  for (const int& mark : raw_thread_marks) {
    if (thread->context == &mark) return true;
  }
  return false;
}

void Profile(int, void*, void*) {
  const unsigned long here = reinterpret_cast<unsigned long>(__builtin_frame_address(0));
  samples.total.fetch_add(1, std::memory_order_relaxed);
  const sysgate::RawThread* raw = sysgate::CurrentRawThread();
  if (raw != nullptr) {
    samples.on_raw_threads.fetch_add(1, std::memory_order_relaxed);
    if (!IsOurRawThread(raw)) samples.bad.fetch_add(1, std::memory_order_relaxed);
  }
  LibcCallSite site;
  if (!sysgate::CurrentLibcCall(&site)) return;
  // The handler runs on the interrupted stack, deeper than the call it
  // interrupted: the recorded sp is outside this frame, and near it.
  const long depth = Deeper(here, site.sp);
  const bool sp_plausible = depth > 0 && depth < 256 * 1024;
  if (!sp_plausible || site.pc == 0) samples.bad.fetch_add(1, std::memory_order_relaxed);
  switch (site.kind) {
    case CallSiteKind::kLibc:
      samples.in_libc.fetch_add(1, std::memory_order_relaxed);
      break;
    case CallSiteKind::kVdso:
      samples.in_vdso.fetch_add(1, std::memory_order_relaxed);
      break;
    default:
      samples.bad.fetch_add(1, std::memory_order_relaxed);
  }
}

std::atomic<bool> stop{false};

// A libc call through LibcCall, as a trampoline would make it.
long GetpidTrampoline(const long*) { return getpid(); }

void PthreadWork() {
  while (!stop.load(std::memory_order_relaxed)) {
    sysgate::LibcCall(GetpidTrampoline, nullptr);
    sysgate::MonotonicNanos();
  }
}

// The calls are what is sampled; getppid cannot fail.
void RawThreadWork(sysgate::RawThread*, void*) {
  while (!stop.load(std::memory_order_relaxed)) {
#if defined(SYSGATE_LIBC_BACKEND)
    (void)sysgate::sys::getppid();
#else
    sysgate::MonotonicNanos();
    (void)sysgate::sys::getppid();
#endif
  }
}

TEST(Profiler, SamplesEveryKindOfThreadForTenSeconds) {
  sysgate::SignalAction action;
  action.handler = Profile;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGPROF, action).ok());

  std::vector<sysgate::RawThread*> raw_threads;
  for (int& mark : raw_thread_marks) {
    auto thread = sysgate::SpawnRawThread({}, RawThreadWork, &mark);
    ASSERT_TRUE(thread.ok()) << thread.error();
    raw_threads.push_back(thread.value());
  }
  std::thread pthreads[] = {std::thread(PthreadWork), std::thread(PthreadWork)};

  ASSERT_TRUE(sysgate::StartProfilingTimer(1'000'000).ok());  // 1 kHz of CPU time
  const int64_t end = sysgate::MonotonicNanos() + 10 * sysgate::kNanosPerSecond;
  // The main thread takes samples too, inside and outside libc calls.
  while (sysgate::MonotonicNanos() < end) sysgate::LibcCall(GetpidTrampoline, nullptr);
  ASSERT_TRUE(sysgate::StopProfilingTimer().ok());

  stop.store(true);
  for (std::thread& thread : pthreads) thread.join();
  for (sysgate::RawThread* thread : raw_threads) ASSERT_TRUE(sysgate::JoinRawThread(thread).ok());
  // Ignoring first discards a SIGPROF still pending.
  ASSERT_TRUE(sysgate::IgnoreSignal(SIGPROF).ok());
  ASSERT_TRUE(sysgate::SetDefaultSignalAction(SIGPROF).ok());

  const long total = samples.total.load();
  RecordProperty("samples", std::to_string(total));
  RecordProperty("in_libc", std::to_string(samples.in_libc.load()));
  RecordProperty("in_vdso", std::to_string(samples.in_vdso.load()));
  // Five busy threads on two CPUs for 10 s is about 20000 samples; under
  // qemu or a sanitizer far fewer, but hundreds.
  EXPECT_GT(total, 100);
  EXPECT_GT(samples.on_raw_threads.load(), 0) << "of " << total;
  EXPECT_GT(samples.in_libc.load(), 0) << "of " << total;
#if !defined(SYSGATE_LIBC_BACKEND)
  // In the libc backend the clock is libc's; under qemu-user and valgrind
  // there is no vDSO.
  if (sysgate::Vdso().clock_gettime != nullptr) {
    EXPECT_GT(samples.in_vdso.load(), 0) << "of " << total;
  }
#endif
  EXPECT_EQ(samples.bad.load(), 0) << "of " << total;
}

}  // namespace
