// SPDX-License-Identifier: Apache-2.0
// The poller over a pipe: readable when written, a timeout when not, and
// hangup when the writer closes; and the Poller owns its descriptor.

#include "sysgate/poller.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdint>
#include <thread>
#include <utility>

#include "gtest/gtest.h"
#include "sysgate/file.h"
#include "sysgate/time.h"

namespace {

class PollerTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(poller_.Open().ok());
    ASSERT_TRUE(sysgate::Pipe(fds_).ok());
  }
  void TearDown() override {
    EXPECT_TRUE(poller_.Close().ok());
    EXPECT_TRUE(sysgate::Close(fds_[0]).ok());
    if (fds_[1] >= 0) {
      EXPECT_TRUE(sysgate::Close(fds_[1]).ok());
    }
  }

  sysgate::Poller poller_;
  int fds_[2] = {-1, -1};
};

TEST_F(PollerTest, TimesOutWhenNothingHappens) {
  ASSERT_TRUE(poller_.Add(fds_[0], sysgate::kReadable, 7).ok());
  sysgate::PollEvent events[4];
  const int64_t start = sysgate::MonotonicNanos();
  auto n = poller_.Wait(events, 4, 20'000'000);
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(n.value(), 0);
  EXPECT_GE(sysgate::MonotonicNanos() - start, 19'000'000);
}

TEST_F(PollerTest, SeesThePipeBecomeReadable) {
  ASSERT_TRUE(poller_.Add(fds_[0], sysgate::kReadable, 7).ok());
  ASSERT_TRUE(sysgate::Write(fds_[1], "x", 1).ok());
  sysgate::PollEvent events[4];
  auto n = poller_.Wait(events, 4, -1);
  ASSERT_TRUE(n.ok()) << n.error();
  ASSERT_EQ(n.value(), 1);
  EXPECT_EQ(events[0].token, 7u);
  EXPECT_TRUE(events[0].readable);
  EXPECT_FALSE(events[0].writable);
  EXPECT_FALSE(events[0].hangup);
}

// The longest timeout (rounded to milliseconds without overflow, then cut
// to epoll's limit) and the most negative (no limit) wait for the writer.
TEST_F(PollerTest, ExtremeTimeoutsWaitForTheWriter) {
  ASSERT_TRUE(poller_.Add(fds_[0], sysgate::kReadable, 7).ok());
  for (int64_t timeout : {INT64_MAX, INT64_MAX - 1, INT64_MIN}) {
    // A std::thread, which ThreadSanitizer can follow (it cannot follow
    // sysgate's raw OsThreads).
    std::thread writer([fd = fds_[1]] {
      EXPECT_TRUE(sysgate::SleepNanos(20'000'000).ok());
      EXPECT_TRUE(sysgate::Write(fd, "x", 1).ok());
    });
    sysgate::PollEvent events[4];
    auto n = poller_.Wait(events, 4, timeout);
    writer.join();
    ASSERT_TRUE(n.ok()) << timeout << ": " << n.error();
    ASSERT_EQ(n.value(), 1) << timeout;
    EXPECT_TRUE(events[0].readable);
    char byte = 0;
    ASSERT_EQ(sysgate::Read(fds_[0], &byte, 1).value(), 1);
  }
}

TEST_F(PollerTest, ModifyAndRemove) {
  ASSERT_TRUE(poller_.Add(fds_[1], sysgate::kReadable, 1).ok());
  sysgate::PollEvent events[4];
  EXPECT_EQ(poller_.Wait(events, 4, 0).value(), 0) << "a pipe's write end never reads";
  ASSERT_TRUE(poller_.Modify(fds_[1], sysgate::kWritable, 2).ok());
  ASSERT_EQ(poller_.Wait(events, 4, 0).value(), 1);
  EXPECT_EQ(events[0].token, 2u);
  EXPECT_TRUE(events[0].writable);
  ASSERT_TRUE(poller_.Remove(fds_[1]).ok());
  EXPECT_EQ(poller_.Wait(events, 4, 0).value(), 0);
  EXPECT_EQ(poller_.Remove(fds_[1]).error(), ENOENT);
}

TEST_F(PollerTest, HangupWhenTheWriterCloses) {
  ASSERT_TRUE(poller_.Add(fds_[0], sysgate::kReadable, 3).ok());
  ASSERT_TRUE(sysgate::Close(fds_[1]).ok());
  fds_[1] = -1;
  sysgate::PollEvent events[4];
  ASSERT_EQ(poller_.Wait(events, 4, -1).value(), 1);
  EXPECT_TRUE(events[0].hangup);
}

TEST(Poller, ErrorsAreValues) {
  sysgate::Poller poller;
  ASSERT_TRUE(poller.Open().ok());
  EXPECT_EQ(poller.Add(-1, sysgate::kReadable, 0).error(), EBADF);
  EXPECT_TRUE(poller.Close().ok());
  EXPECT_EQ(poller.Close().error(), EBADF) << "closed already";
}

// Whether `fd` is an open descriptor of this process.
bool IsOpen(int fd) { return fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

TEST(Poller, DestructionClosesTheDescriptor) {
  int fd = -1;
  {
    sysgate::Poller poller;
    ASSERT_TRUE(poller.Open().ok());
    fd = poller.fd();
    ASSERT_TRUE(IsOpen(fd));
  }
  EXPECT_FALSE(IsOpen(fd));
}

TEST(Poller, MoveLeavesTheSourceEmpty) {
  sysgate::Poller from;
  ASSERT_TRUE(from.Open().ok());
  const int fd = from.fd();
  {
    sysgate::Poller to(std::move(from));
    EXPECT_EQ(from.fd(), -1);
    EXPECT_EQ(to.fd(), fd);
    sysgate::Poller assigned;
    assigned = std::move(to);
    EXPECT_EQ(to.fd(), -1);
    EXPECT_EQ(assigned.fd(), fd);
    EXPECT_TRUE(IsOpen(fd));
  }
  EXPECT_FALSE(IsOpen(fd)) << "closed once, by its last owner";
}

TEST(Poller, OpenAgainClosesTheFirst) {
  sysgate::Poller poller;
  ASSERT_TRUE(poller.Open().ok());
  const int first = poller.fd();
  ASSERT_TRUE(poller.Open().ok());
  EXPECT_NE(poller.fd(), first) << "made before the first is closed";
  EXPECT_FALSE(IsOpen(first));
}

}  // namespace
