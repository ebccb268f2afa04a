// SPDX-License-Identifier: Apache-2.0
// The table's numbers against the kernel: the uapi header of the architecture
// being compiled for (at compile time), and the running kernel for the rows
// newer than that header.

#include <asm/unistd.h>
#include <errno.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"

namespace {

// Fails to compile if a row disagrees with the header.
#include "sysgate/generated/linux/header_numbers_check.inc"

TEST(LinuxNumbers, MostRowsAreCheckedAgainstTheUapiHeader) {
  int checked = 0;
  for (const RowInHeader& row : kRowsInHeader) checked += row.in_header;
  std::printf("%d of %d rows checked against <asm/unistd.h> at compile time\n", checked,
              sysgate::sys::kSyscallCount);
  // The 6.1 headers shipped here define at least 300 numbers per architecture.
  EXPECT_GE(checked, 300);
}

// What the running kernel answers to `number` with every argument -1. In a
// child process, since a call outside the header may do anything (uretprobe
// raises SIGILL when not called from a uretprobe trampoline).
std::string AskKernel(long number) {
  pid_t child = fork();
  if (child == 0) {
    alarm(5);
    long r = sysgate::sys::syscall(number, -1, -1, -1, -1, -1, -1).raw();
    _exit(r == -ENOSYS ? 1 : 0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return WEXITSTATUS(status) == 1 ? "ENOSYS" : "implemented";
}

// Under qemu-user (a cross build's tests) the emulator answers system calls,
// and knows only those of its own release: the running kernel is not asked.
// The cross configurations name the emulator in SYSGATE_TARGET_RUNNER.
const char* Emulator() {
  const char* runner = std::getenv("SYSGATE_TARGET_RUNNER");
  return runner != nullptr && runner[0] != '\0' ? runner : nullptr;
}

// Calls the kernel may leave out by configuration; they answer ENOSYS then.
const char* OptionalCall(const char* name) {
  if (std::strcmp(name, "map_shadow_stack") == 0) return "needs CONFIG_X86_USER_SHADOW_STACK";
  return nullptr;
}

TEST(LinuxNumbers, NewerRowsAreImplementedByTheRunningKernel) {
  if (Emulator() != nullptr) GTEST_SKIP() << "emulated by " << Emulator();
  int confirmed = 0;
  for (const RowInHeader& row : kRowsInHeader) {
    if (row.in_header) continue;
    std::string answer = AskKernel(row.number);
    std::printf("%-20s %3ld  %s\n", row.name, row.number, answer.c_str());
    if (answer == "ENOSYS" && OptionalCall(row.name) != nullptr) continue;
    EXPECT_NE(answer, "ENOSYS") << row.name << " (" << row.number << ")";
    ++confirmed;
  }
  std::printf("%d rows newer than the header confirmed by the running kernel\n", confirmed);
}

// The table claims every call up to kernel 6.18: on such a kernel nothing
// answers above the highest row.
TEST(LinuxNumbers, NothingAnswersAboveTheHighestRow) {
  if (Emulator() != nullptr) GTEST_SKIP() << "emulated by " << Emulator();
  utsname u{};
  ASSERT_EQ(uname(&u), 0);
  int major = 0, minor = 0;
  std::sscanf(u.release, "%d.%d", &major, &minor);
  if (major > 6 || (major == 6 && minor > 18)) {
    GTEST_SKIP() << "kernel " << u.release << " is newer than the table (6.18)";
  }
  for (long n = sysgate::sys::kHighestSyscallNumber + 1; n <= sysgate::sys::kHighestSyscallNumber + 32;
       ++n) {
    EXPECT_EQ(AskKernel(n), "ENOSYS") << "number " << n;
  }
}

}  // namespace
