// SPDX-License-Identifier: Apache-2.0
// What a workspace that depends on @sysgate gets, checked against the kernel
// and, where the two must agree, against libc: the uniform API (files, time,
// a thread, a futex handoff), the friendly Status layer and the raw layer.

#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "sysgate/file.h"
#include "sysgate/status.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace {

TEST(ConsumerFile, WritesAndReadsBackAFile) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/written";
  auto out = sysgate::Open(
      path.c_str(), sysgate::kOpenWrite | sysgate::kOpenCreate | sysgate::kOpenTruncate, 0600);
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(sysgate::Write(out.value(), "through sysgate", 15).value_or(-1), 15);
  ASSERT_TRUE(sysgate::Close(out.value()).ok());

  auto in = sysgate::Open(path.c_str(), sysgate::kOpenRead);
  ASSERT_TRUE(in.ok()) << in.error();
  char text[32] = {};
  EXPECT_EQ(sysgate::Read(in.value(), text, sizeof text).value_or(-1), 15);
  EXPECT_STREQ(text, "through sysgate");
  EXPECT_TRUE(sysgate::Close(in.value()).ok());
}

TEST(ConsumerFile, MissingFileIsNotFoundWithItsErrnoName) {
  auto fd = sysgate::Open("/no/such/file", sysgate::kOpenRead);
  EXPECT_EQ(fd.error(), ENOENT);
  const absl::Status status = sysgate::ToStatus(fd, "open");
  EXPECT_TRUE(absl::IsNotFound(status)) << status;
  EXPECT_EQ(status.message(), "open: ENOENT (No such file or directory)");
}

TEST(ConsumerRawLayer, AgreesWithLibc) {
  EXPECT_EQ(sysgate::sys::nr::getpid, SYS_getpid);
  EXPECT_EQ(sysgate::sys::getpid().value(), getpid());
  EXPECT_EQ(sysgate::sys::close(-1).error(), EBADF);
}

TEST(ConsumerTime, WallClockMatchesLibcAndSleepAdvancesMonotonic) {
  timespec libc_now;
  clock_gettime(CLOCK_REALTIME, &libc_now);
  const long libc_nanos = libc_now.tv_sec * sysgate::kNanosPerSecond + libc_now.tv_nsec;
  EXPECT_LT(std::labs(sysgate::WallNanos() - libc_nanos), sysgate::kNanosPerSecond);

  constexpr long kSleep = 5'000'000;
  const long before = sysgate::MonotonicNanos();
  ASSERT_TRUE(sysgate::SleepNanos(kSleep).ok());
  EXPECT_GE(sysgate::MonotonicNanos() - before, kSleep);
}

struct Handoff {
  unsigned int started = 0;
  unsigned int value = 0;  // 0 until the main thread hands one over
  long thread_id = 0;
  long raw_thread_id = 0;
  unsigned int received = 0;
};

// Runs on a sysgate thread, which may make only sysgate calls: no libc.
void Receive(void* arg) {
  auto* handoff = static_cast<Handoff*>(arg);
  handoff->thread_id = sysgate::CurrentThreadId();
  handoff->raw_thread_id = sysgate::sys::gettid().value();
  // The waiters look at the words, not at what the wait and wake return.
  __atomic_store_n(&handoff->started, 1, __ATOMIC_RELEASE);
  (void)sysgate::WakeAddress(&handoff->started, 1);
  unsigned int value;
  while ((value = __atomic_load_n(&handoff->value, __ATOMIC_ACQUIRE)) == 0) {
    (void)sysgate::WaitOnAddress(&handoff->value, 0, -1);
  }
  handoff->received = value;
}

TEST(ConsumerThread, ThreadReceivesAValueThroughAFutexWait) {
  Handoff handoff;
  auto thread = sysgate::SpawnOsThread({}, Receive, &handoff);
  ASSERT_TRUE(thread.ok()) << thread.error();
  while (__atomic_load_n(&handoff.started, __ATOMIC_ACQUIRE) == 0) {
    auto waited = sysgate::WaitOnAddress(&handoff.started, 0, -1);
    EXPECT_TRUE(waited.ok() || waited.error() == EAGAIN) << waited.error();
  }
  EXPECT_GT(handoff.thread_id, 0);
  EXPECT_NE(handoff.thread_id, sysgate::CurrentThreadId());
  EXPECT_EQ(handoff.thread_id, handoff.raw_thread_id);

  __atomic_store_n(&handoff.value, 42, __ATOMIC_RELEASE);
  EXPECT_TRUE(sysgate::WakeAddress(&handoff.value, 1).ok());
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
  EXPECT_EQ(handoff.received, 42u);
}

TEST(ConsumerWait, WaitReturnsAtOnceOnAChangedWordAndTimesOut) {
  unsigned int word = 1;
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 0, -1).error(), EAGAIN);
  EXPECT_EQ(sysgate::WaitOnAddress(&word, 1, 1'000'000).error(), ETIMEDOUT);
}

}  // namespace
