// SPDX-License-Identifier: Apache-2.0
// Files, pipes and the process through the uniform API.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/file.h"

namespace {

std::string TempPath(const char* name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

TEST(File, CreateWriteReadBack) {
  const std::string path = TempPath("file_test");
  auto fd = sysgate::Open(path.c_str(),
                          sysgate::kOpenWrite | sysgate::kOpenCreate | sysgate::kOpenTruncate, 0640);
  ASSERT_TRUE(fd.ok()) << fd.error();
  EXPECT_EQ(fcntl(fd.value(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ASSERT_EQ(sysgate::Write(fd.value(), "hello", 5).value_or(-1), 5);
  ASSERT_TRUE(sysgate::Close(fd.value()).ok());
  struct stat st = {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 5);

  fd = sysgate::Open(path.c_str(), sysgate::kOpenRead);
  ASSERT_TRUE(fd.ok());
  char buffer[16] = {};
  EXPECT_EQ(sysgate::Read(fd.value(), buffer, sizeof buffer).value_or(-1), 5);
  EXPECT_EQ(std::string(buffer), "hello");
  EXPECT_EQ(sysgate::Write(fd.value(), "x", 1).error(), EBADF) << "opened read-only";
  EXPECT_TRUE(sysgate::Close(fd.value()).ok());

  EXPECT_EQ(sysgate::Open(path.c_str(), sysgate::kOpenWrite | sysgate::kOpenCreate |
                                            sysgate::kOpenExclusive)
                .error(),
            EEXIST);
  unlink(path.c_str());
  EXPECT_EQ(sysgate::Open(path.c_str(), sysgate::kOpenRead).error(), ENOENT);
}

TEST(File, PipeAndNonblocking) {
  int fds[2];
  ASSERT_TRUE(sysgate::Pipe(fds).ok());
  ASSERT_TRUE(sysgate::SetNonblocking(fds[0], true).ok());
  EXPECT_NE(fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
  char byte;
  EXPECT_EQ(sysgate::Read(fds[0], &byte, 1).error(), EAGAIN) << "empty, and nonblocking";
  ASSERT_TRUE(sysgate::SetNonblocking(fds[0], false).ok());
  EXPECT_EQ(fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
  ASSERT_EQ(sysgate::Write(fds[1], "z", 1).value_or(-1), 1);
  ASSERT_EQ(sysgate::Read(fds[0], &byte, 1).value_or(-1), 1);
  EXPECT_EQ(byte, 'z');
  EXPECT_TRUE(sysgate::Close(fds[0]).ok());
  EXPECT_TRUE(sysgate::Close(fds[1]).ok());
}

TEST(Process, IdAndExit) {
  EXPECT_EQ(sysgate::ProcessId(), getpid());
  EXPECT_EXIT(sysgate::ExitProcess(5), testing::ExitedWithCode(5), "");
}

}  // namespace
