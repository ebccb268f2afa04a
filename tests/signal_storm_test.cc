// SPDX-License-Identifier: Apache-2.0
// A signal storm over the LibcCall guard: two threads call libc through it
// in a loop while each receives SIGPROF from its own 20 kHz timer. Every
// sample must see either no record or a complete one (pc and sp set, sp
// inside the sampled thread's stack), and a libc call that the handler makes
// through the guard must leave the interrupted call's record as it was.
//
//   signal_storm_test [--seconds=N]    (default 1; the long run is 5)

#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc.h"
#include "sysgate/libcall/libc_call_guard.h"

namespace {

namespace libc = sysgate::libc;

double seconds = 1.0;

// The sampled thread's stack, for the handler (initial-exec TLS, readable
// in a signal handler).
__attribute__((tls_model("initial-exec"))) thread_local std::uintptr_t stack_low = 0;
__attribute__((tls_model("initial-exec"))) thread_local std::uintptr_t stack_high = 0;

std::atomic<long> empty_samples{0};
std::atomic<long> complete_samples{0};
std::atomic<long> bad_samples{0};
std::atomic<long> clobbered{0};
std::atomic<bool> stop{false};

void OnProf(int, siginfo_t*, void*) {
  const int saved_errno = errno;
  sysgate::LibcCallSite before;
  const bool had = sysgate::CurrentLibcCall(&before);
  if (!had) {
    ++empty_samples;
  } else if (before.pc != 0 && before.sp >= stack_low && before.sp < stack_high) {
    ++complete_samples;
  } else {
    ++bad_samples;
  }
  // A libc call of the handler's own, through the guard: a nested call, which
  // must neither replace nor clear the record of the call it interrupted.
  libc::getpid();
  sysgate::LibcCallSite after;
  const bool has = sysgate::CurrentLibcCall(&after);
  if (had != has || (has && (after.pc != before.pc || after.sp != before.sp))) ++clobbered;
  errno = saved_errno;
}

void* CallLibcInALoop(void*) {
  pthread_attr_t attr;
  pthread_getattr_np(pthread_self(), &attr);
  void* low;
  size_t size;
  pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  stack_low = reinterpret_cast<std::uintptr_t>(low);
  stack_high = stack_low + size;

  // This thread's own timer: CLOCK_MONOTONIC is a high-resolution timer, so
  // it really fires every 50 us, and SIGEV_THREAD_ID aims it at this thread.
  sigevent event = {};
  event.sigev_notify = SIGEV_THREAD_ID;
  event.sigev_signo = SIGPROF;
  event._sigev_un._tid = gettid();
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) return nullptr;
  const itimerspec every = {{0, 50'000}, {0, 50'000}};
  timer_settime(timer, 0, &every, nullptr);

  const timespec nap = {0, 1000};
  for (unsigned long i = 0; !stop.load(std::memory_order_relaxed); ++i) {
    libc::getpid();
    if (i % 64 == 0) (void)libc::nanosleep(&nap, nullptr);  // slow calls too, EINTR or not
  }
  timer_delete(timer);
  return nullptr;
}

TEST(SignalStorm, EverySampleSeesNoRecordOrAWholeOne) {
  struct sigaction action = {};
  action.sa_sigaction = OnProf;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  ASSERT_EQ(sigaction(SIGPROF, &action, nullptr), 0);
  pthread_t threads[2];
  for (pthread_t& thread : threads) {
    ASSERT_EQ(pthread_create(&thread, nullptr, CallLibcInALoop, nullptr), 0);
  }
  const timespec duration = {static_cast<time_t>(seconds),
                             static_cast<long>((seconds - static_cast<time_t>(seconds)) * 1e9)};
  nanosleep(&duration, nullptr);
  stop = true;
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
  signal(SIGPROF, SIG_IGN);

  const long samples = empty_samples + complete_samples + bad_samples;
  std::printf(
      "%.1f s, two threads: %ld samples checked (%ld inside a libc call, %ld outside), %ld bad, "
      "%ld records disturbed by the handler's own libc call\n",
      seconds, samples, complete_samples.load(), empty_samples.load(), bad_samples.load(),
      clobbered.load());
  EXPECT_EQ(bad_samples, 0);
  EXPECT_EQ(clobbered, 0);
  // 20 kHz per thread; even a loaded machine delivers a good share.
  EXPECT_GE(samples, static_cast<long>(2 * 20'000 * seconds / 10));
  EXPECT_GT(complete_samples, 0) << "no sample landed inside a libc call";
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) seconds = std::atof(argv[i] + 10);
  }
  return RUN_ALL_TESTS();
}
