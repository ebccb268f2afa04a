// SPDX-License-Identifier: Apache-2.0
// exit and abort through the typed wrappers of sysgate/libcall/libc.h, each
// in a child process. Apart from libc_wrappers_test, whose threads must not
// be alive at a fork: under qemu-user a fork while another thread is inside
// the emulator can leave the child waiting on a lock nobody will release.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc.h"

namespace {

namespace libc = sysgate::libc;

int ChildStatus(void (*body)()) {
  const pid_t child = fork();
  if (child == 0) {
    body();
    _exit(100);  // not reached
  }
  int status = 0;
  EXPECT_EQ(libc::waitpid(child, &status, 0).value_or(-1), child);
  return status;
}

TEST(LibcWrappers, ExitEndsTheProcessWithItsStatus) {
  const int status = ChildStatus([] { libc::exit(42); });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
}

TEST(LibcWrappers, AbortRaisesSigabrt) {
  const int status = ChildStatus([] { libc::abort(); });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGABRT);
}

}  // namespace
