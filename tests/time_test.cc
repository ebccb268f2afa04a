// SPDX-License-Identifier: Apache-2.0
// Clocks through the vDSO (or the system call where there is none), and
// sleeping.

#include "sysgate/time.h"

#include <linux/auxvec.h>
#include <linux/time_types.h>
#include <poll.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/file.h"
#include "sysgate/process/auxv.h"
#include "sysgate/signal.h"
#include "sysgate/time/vdso.h"

namespace {

int64_t GlibcNanos(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec * sysgate::kNanosPerSecond + ts.tv_nsec;
}

TEST(Auxv, AgreesWithGetauxval) {
  EXPECT_EQ(sysgate::AuxvValue(AT_PAGESZ), getauxval(AT_PAGESZ));
  EXPECT_EQ(sysgate::AuxvValue(AT_SYSINFO_EHDR), getauxval(AT_SYSINFO_EHDR));
  EXPECT_EQ(sysgate::AuxvValue(AT_UID), getauxval(AT_UID));
  EXPECT_EQ(sysgate::AuxvValue(0x7fffffff), 0u) << "an entry the kernel never gives";
}

// Found whenever the process was given one. qemu-user before 8.1 gives its
// guests none, valgrind hides the kernel's, and m68k's and alpha's kernels
// map none: then sysgate finds none either, and the clocks fall back to the
// system call.
TEST(Vdso, FoundWhenTheProcessHasOne) {
  const sysgate::VdsoSymbols& vdso = sysgate::Vdso();
  if (getauxval(AT_SYSINFO_EHDR) == 0) {
    EXPECT_EQ(vdso.clock_gettime, nullptr);
    GTEST_SKIP() << (SYSGATE_ARCH_HAS_VDSO ? "this process was given no vDSO (an emulator, or valgrind)"
                                           : "this architecture's kernel maps no vDSO");
  }
  ASSERT_NE(vdso.clock_gettime, nullptr);
  EXPECT_NE(vdso.gettimeofday, nullptr);
#if __SIZEOF_POINTER__ == 8
  EXPECT_NE(vdso.clock_getres, nullptr);
#else
  // The 32-bit vDSOs' clock_getres takes the 32-bit old_timespec32, and
  // they have none of 64-bit times (not in 6.18 either): taking the one
  // there would be a call that ends in 2038.
  EXPECT_EQ(vdso.clock_getres, nullptr);
#endif
#if defined(__x86_64__)
  EXPECT_NE(vdso.time, nullptr);
  EXPECT_NE(vdso.getcpu, nullptr);
#endif
  // The vDSO's own answer, compared with glibc's (which uses it too). The
  // kernel's struct, not glibc's: on i386 the function is
  // __vdso_clock_gettime64, which writes 64-bit seconds.
  __kernel_timespec ts{};
  ASSERT_EQ(vdso.clock_gettime(CLOCK_REALTIME, &ts), 0);
  EXPECT_NEAR(static_cast<double>(ts.tv_sec), static_cast<double>(time(nullptr)), 1.0);
  EXPECT_EQ(vdso.clock_gettime(-1, &ts), -EINVAL) << "errors as -errno, from the fallback";
}

TEST(Vdso, RejectsWhatIsNotAnElfImage) {
  sysgate::VdsoSymbols symbols;
  const char not_elf[64] = "not an ELF image";
  EXPECT_FALSE(sysgate::ParseVdso(not_elf, &symbols));
  EXPECT_EQ(symbols.clock_gettime, nullptr);
  EXPECT_FALSE(sysgate::ParseVdso(nullptr, &symbols));
}

TEST(Time, MonotonicAgreesWithClockGettimeAndNeverGoesBack) {
  const int64_t before = GlibcNanos(CLOCK_MONOTONIC);
  int64_t previous = sysgate::MonotonicNanos();
  for (int i = 0; i < 100000; ++i) {
    const int64_t now = sysgate::MonotonicNanos();
    ASSERT_GE(now, previous);
    previous = now;
  }
  const int64_t after = GlibcNanos(CLOCK_MONOTONIC);
  EXPECT_GE(previous, before);
  EXPECT_LE(previous, after);
}

TEST(Time, WallAgreesWithClockGettime) {
  const int64_t before = GlibcNanos(CLOCK_REALTIME);
  const int64_t wall = sysgate::WallNanos();
  const int64_t after = GlibcNanos(CLOCK_REALTIME);
  EXPECT_GE(wall, before);
  EXPECT_LE(wall, after);
}

TEST(Time, SleepSleepsAtLeastThatLong) {
  const int64_t start = sysgate::MonotonicNanos();
  ASSERT_TRUE(sysgate::SleepNanos(20'000'000).ok());
  const int64_t slept = sysgate::MonotonicNanos() - start;
  EXPECT_GE(slept, 20'000'000);
  EXPECT_LT(slept, 2 * sysgate::kNanosPerSecond);
}

TEST(Time, NegativeSleepIsAnError) {
  for (int64_t nanos : {int64_t{-1}, -sysgate::kNanosPerSecond, INT64_MIN}) {
    EXPECT_EQ(sysgate::SleepNanos(nanos).error(), EINVAL) << nanos;
  }
}

// A child that sleeps for `nanos` through SleepNanos, exiting when the sleep
// ends (100, or the error); -1 if fork failed.
pid_t ForkSleeper(int64_t nanos) {
  const pid_t child = fork();
  if (child == 0) {
    auto slept = sysgate::SleepNanos(nanos);
    _exit(slept.ok() ? 100 : slept.error());
  }
  return child;
}

// Expects `child`, a ForkSleeper, to be asleep still, and ends it.
void ExpectAsleepThenKill(pid_t child, const std::string& sleep) {
  int status = 0;
  const pid_t ended = waitpid(child, &status, WNOHANG);
  EXPECT_EQ(ended, 0) << sleep << " ended: "
                      << (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                            : "signal " + std::to_string(WTERMSIG(status)));
  if (ended == 0) {
    kill(child, SIGKILL);
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  }
}

int handled_pipe = -1;  // the write end, for the child's handler

// Installed and writing through sysgate, not libc: ThreadSanitizer's own
// sigaction would hold the signal back until the child next entered libc,
// and a sleep resumed by raw system calls never does.
void ReportSignal(int, void*, void*) {
  const char byte = 1;
  (void)sysgate::Write(handled_pipe, &byte, 1);  // a lost byte fails HandlerRan
}

// Waits up to a second for the child's handler to report a signal.
bool HandlerRan(int read_end) {
  pollfd readable = {read_end, POLLIN, 0};
  char byte = 0;
  return poll(&readable, 1, 1000) == 1 && read(read_end, &byte, 1) == 1;
}

// The longest sleep has a deadline at the end of the clock's range, not one
// wrapped into the past (which the kernel refuses with EINVAL), and resumes
// after each handler. It never ends, so it runs in a child that is killed.
TEST(Time, LongestSleepSleepsThroughSignals) {
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  handled_pipe = report[1];
  sysgate::SignalAction action;
  action.handler = ReportSignal;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGUSR1, action).ok());  // inherited: no race
  const pid_t child = ForkSleeper(INT64_MAX);
  ASSERT_GE(child, 0);
  EXPECT_TRUE(sysgate::SetDefaultSignalAction(SIGUSR1).ok());
  for (int i = 0; i < 3; ++i) {
    usleep(20'000);
    ASSERT_EQ(kill(child, SIGUSR1), 0);
    EXPECT_TRUE(HandlerRan(report[0])) << "signal " << i;
  }
  usleep(50'000);
  ExpectAsleepThenKill(child, "SleepNanos(INT64_MAX)");
  close(report[0]);
  close(report[1]);
}

// A sleep of 2^32 seconds (136 years) has a deadline whose seconds need
// more than 32 bits, as any time after January 2038 does. Through a call
// with 32-bit seconds (clock_nanosleep rather than clock_nanosleep_time64
// on 386 and arm) the deadline would keep only its low word, now, and the
// sleep would end at once. It must still be asleep a while later.
TEST(Time, SleepWhoseDeadlinePasses32BitSecondsSleeps) {
  const pid_t child = ForkSleeper(sysgate::kNanosPerSecond << 32);
  ASSERT_GE(child, 0);
  usleep(200'000);
  ExpectAsleepThenKill(child, "SleepNanos(2^32 s)");
}

}  // namespace
