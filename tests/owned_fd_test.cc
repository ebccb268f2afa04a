// SPDX-License-Identifier: Apache-2.0
// OwnedFd: it closes what it owns, once, and nothing it gave up.

#include "sysgate/owned_fd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <type_traits>
#include <utility>

#include "gtest/gtest.h"
#include "sysgate/file.h"

namespace {

using sysgate::OwnedFd;

static_assert(!std::is_copy_constructible_v<OwnedFd> && !std::is_copy_assignable_v<OwnedFd>);
static_assert(std::is_nothrow_move_constructible_v<OwnedFd> &&
              std::is_nothrow_move_assignable_v<OwnedFd>);

// Whether `fd` is an open descriptor of this process.
bool IsOpen(int fd) { return fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

// A fresh descriptor: a pipe's read end (the write end is closed).
int NewFd() {
  int fds[2];
  if (!sysgate::Pipe(fds).ok()) return -1;
  EXPECT_TRUE(sysgate::Close(fds[1]).ok());
  return fds[0];
}

TEST(OwnedFd, DestructionCloses) {
  const int fd = NewFd();
  ASSERT_TRUE(IsOpen(fd));
  {
    OwnedFd owned(fd);
    EXPECT_EQ(owned.get(), fd);
  }
  EXPECT_FALSE(IsOpen(fd));
}

TEST(OwnedFd, EmptyClosesNothing) {
  const OwnedFd empty;
  EXPECT_EQ(empty.get(), -1);
}

TEST(OwnedFd, MoveLeavesTheSourceEmpty) {
  const int fd = NewFd();
  OwnedFd from(fd);
  {
    OwnedFd to(std::move(from));
    EXPECT_EQ(from.get(), -1);
    EXPECT_EQ(to.get(), fd);
    OwnedFd assigned;
    assigned = std::move(to);
    EXPECT_EQ(to.get(), -1);
    EXPECT_EQ(assigned.get(), fd);
    EXPECT_TRUE(IsOpen(fd));
  }
  EXPECT_FALSE(IsOpen(fd)) << "closed by its last owner";
}

TEST(OwnedFd, MoveAssignmentClosesWhatItHeld) {
  const int first = NewFd();
  const int second = NewFd();
  OwnedFd owned(first);
  owned = OwnedFd(second);
  EXPECT_FALSE(IsOpen(first));
  EXPECT_TRUE(IsOpen(second));
  EXPECT_EQ(owned.get(), second);
}

TEST(OwnedFd, SelfMoveKeepsTheDescriptor) {
  const int fd = NewFd();
  OwnedFd owned(fd);
  OwnedFd& same = owned;
  owned = std::move(same);
  EXPECT_EQ(owned.get(), fd);
  EXPECT_TRUE(IsOpen(fd));
}

TEST(OwnedFd, ReleaseGivesUpOwnership) {
  const int fd = NewFd();
  int released = -1;
  {
    OwnedFd owned(fd);
    released = owned.release();
    EXPECT_EQ(owned.get(), -1);
  }
  EXPECT_EQ(released, fd);
  EXPECT_TRUE(IsOpen(fd)) << "released, so not closed";
  EXPECT_TRUE(sysgate::Close(fd).ok());
}

TEST(OwnedFd, ResetClosesTheOldOne) {
  const int first = NewFd();
  const int second = NewFd();
  OwnedFd owned(first);
  owned.reset(second);
  EXPECT_FALSE(IsOpen(first));
  EXPECT_EQ(owned.get(), second);
  owned.reset(second);
  EXPECT_TRUE(IsOpen(second)) << "reset to the descriptor it holds closes nothing";
  owned.reset();
  EXPECT_FALSE(IsOpen(second));
  EXPECT_EQ(owned.get(), -1);
}

TEST(OwnedFd, CloseReportsAndEmpties) {
  const int fd = NewFd();
  OwnedFd owned(fd);
  EXPECT_TRUE(owned.Close().ok());
  EXPECT_FALSE(IsOpen(fd));
  EXPECT_EQ(owned.get(), -1);
  EXPECT_EQ(owned.Close().error(), EBADF) << "nothing left to close";
}

}  // namespace
