// SPDX-License-Identifier: Apache-2.0
// The inline form compiled at -O2 (see tests/BUILD.bazel), where the
// compiler keeps values in registers across the asm statement and folds
// memory it believes the statement does not touch. At -O0 every value lives
// on the stack between statements, so a missing clobber (x86-64's rcx and
// r11, which `syscall` overwrites with the return address and the flags; or
// "memory", which tells the compiler the kernel reads and writes through the
// pointer arguments) passes unnoticed; here it gives wrong values.

#include <fcntl.h>
#include <linux/time_types.h>
#include <time.h>

#include <cstring>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"
#include "tests/arch_calls.h"

namespace {

namespace sys = sysgate::sys;
namespace sys_inline = sysgate::sys_inline;

// One step of a recurrence that the compiler cannot shortcut (unsigned:
// it wraps).
#define SYSGATE_STEP(v, k) v = v * (2 * (k) + 3) + (k)

// Fourteen values carried around a loop with an inline call in the middle:
// with rax taken by the call, that is every other register, rcx and r11
// included, unless the asm statement says it clobbers them (then the
// compiler spills two). noinline keeps the register allocation of this
// function independent of its callers.
[[gnu::noinline]] unsigned long FourteenValuesAcrossInlineCalls(const unsigned long* seed,
                                                                int rounds, long* parent_sum) {
  unsigned long v0 = seed[0], v1 = seed[1], v2 = seed[2], v3 = seed[3], v4 = seed[4], v5 = seed[5],
                v6 = seed[6], v7 = seed[7], v8 = seed[8], v9 = seed[9], v10 = seed[10],
                v11 = seed[11], v12 = seed[12], v13 = seed[13];
  long parents = 0;
  for (int round = 0; round < rounds; ++round) {
    parents += sys_inline::getppid().value_or(-1);
    SYSGATE_STEP(v0, 0);
    SYSGATE_STEP(v1, 1);
    SYSGATE_STEP(v2, 2);
    SYSGATE_STEP(v3, 3);
    SYSGATE_STEP(v4, 4);
    SYSGATE_STEP(v5, 5);
    SYSGATE_STEP(v6, 6);
    SYSGATE_STEP(v7, 7);
    SYSGATE_STEP(v8, 8);
    SYSGATE_STEP(v9, 9);
    SYSGATE_STEP(v10, 10);
    SYSGATE_STEP(v11, 11);
    SYSGATE_STEP(v12, 12);
    SYSGATE_STEP(v13, 13);
  }
  *parent_sum = parents;
  return v0 ^ (v1 << 1) ^ (v2 << 2) ^ (v3 << 3) ^ (v4 << 4) ^ (v5 << 5) ^ (v6 << 6) ^ (v7 << 7) ^
         (v8 << 8) ^ (v9 << 9) ^ (v10 << 10) ^ (v11 << 11) ^ (v12 << 12) ^ (v13 << 13);
}

// The same recurrence with no call at all: what the values must come to.
unsigned long FourteenValuesExpected(const unsigned long* seed, int rounds) {
  unsigned long v[14];
  for (int k = 0; k < 14; ++k) v[k] = seed[k];
  for (int round = 0; round < rounds; ++round) {
    for (int k = 0; k < 14; ++k) SYSGATE_STEP(v[k], k);
  }
  unsigned long folded = 0;
  for (int k = 0; k < 14; ++k) folded ^= v[k] << k;
  return folded;
}

TEST(LinuxInlineOptimized, ValuesLiveInEveryRegisterSurviveTheCall) {
  // Distinct, unpredictable to the compiler: the test's own pid mixed in.
  const unsigned long pid = sys::SYSGATE_TEST_GETPID().value();
  unsigned long seed[14];
  for (int k = 0; k < 14; ++k) seed[k] = pid * 0x10001 + k * 0x1234567;
  const int rounds = 64;
  long parent_sum = 0;
  EXPECT_EQ(FourteenValuesAcrossInlineCalls(seed, rounds, &parent_sum),
            FourteenValuesExpected(seed, rounds));
  EXPECT_EQ(parent_sum, rounds * sys::getppid().value());
}

// The kernel writes into a buffer the compiler has just zeroed and never
// sees written: without "memory" it may read the zeros it knows of.
[[gnu::noinline]] int ReadIntoZeroedBuffer(int fd, char* first, char* last) {
  char buffer[8] = {};
  const long got = sys_inline::read(fd, buffer, sizeof buffer).value_or(-1);
  *first = buffer[0];
  *last = buffer[sizeof buffer - 1];
  return static_cast<int>(got);
}

// The kernel reads a buffer the compiler sees no later use of: without
// "memory" the stores that fill it are dead to it and may be dropped.
[[gnu::noinline]] long WriteFreshBuffer(int fd, char fill) {
  char buffer[8];
  for (char& c : buffer) c = fill;
  return sys_inline::write(fd, buffer, sizeof buffer).value_or(-1);
}

TEST(LinuxInlineOptimized, KernelWritesThroughAPointerAreSeen) {
  int fds[2];
  ASSERT_TRUE(sys::pipe2(fds, O_CLOEXEC).ok());
  ASSERT_EQ(sys::write(fds[1], "abcdefgh", 8).value_or(-1), 8);
  char first = 0, last = 0;
  ASSERT_EQ(ReadIntoZeroedBuffer(fds[0], &first, &last), 8);
  EXPECT_EQ(first, 'a');
  EXPECT_EQ(last, 'h');
  EXPECT_TRUE(sys::close(fds[0]).ok());
  EXPECT_TRUE(sys::close(fds[1]).ok());
}

TEST(LinuxInlineOptimized, KernelReadsThroughAPointerSeeTheStores) {
  int fds[2];
  ASSERT_TRUE(sys::pipe2(fds, O_CLOEXEC).ok());
  ASSERT_EQ(WriteFreshBuffer(fds[1], 'z'), 8);
  char buffer[9] = {};
  ASSERT_EQ(sys::read(fds[0], buffer, 8).value_or(-1), 8);
  EXPECT_STREQ(buffer, "zzzzzzzz");
  EXPECT_TRUE(sys::close(fds[0]).ok());
  EXPECT_TRUE(sys::close(fds[1]).ok());
}

// A struct result read field by field right after the call, as callers do.
[[gnu::noinline]] long long RealtimeSecondsInline() {
  __kernel_timespec now = {};
  if (!sysgate_test::ArchCalls<sysgate_test::Inline>::ClockGettime(CLOCK_REALTIME, &now).ok()) {
    return -1;
  }
  return now.tv_sec;
}

TEST(LinuxInlineOptimized, StructFilledByTheKernelIsSeen) {
  __kernel_timespec now = {};
  ASSERT_TRUE(
      sysgate_test::ArchCalls<sysgate_test::Stubs>::ClockGettime(CLOCK_REALTIME, &now).ok());
  const long long inline_seconds = RealtimeSecondsInline();
  EXPECT_GE(inline_seconds, now.tv_sec);
  EXPECT_LE(inline_seconds, now.tv_sec + 60);
}

}  // namespace
