// SPDX-License-Identifier: Apache-2.0
// The inline form against the out-of-line stubs: the same rows, the same
// answers, including errors, on every architecture. Each call's effect is
// checked through the other form, so a wrong register shows as a wrong value.
// And the default API, sysgate::sys, is the inline form but where a row
// must take the stub.
// tests/arch_calls.h names the calls whose row differs on 32-bit architectures
// (mmap2, clock_gettime64).

#include <asm/unistd.h>
#include <fcntl.h>
#include <linux/time_types.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"
#include "tests/arch_calls.h"

namespace {

namespace sys = sysgate::sys;
namespace sys_inline = sysgate::sys_inline;
namespace sys_stub = sysgate::sys_stub;
using Stubs = sysgate_test::ArchCalls<sysgate_test::Stubs>;
using Inline = sysgate_test::ArchCalls<sysgate_test::Inline>;

long long Nanos(const __kernel_timespec& ts) { return ts.tv_sec * 1'000'000'000 + ts.tv_nsec; }

TEST(LinuxInline, NoArgumentCallsAnswerAsTheStubs) {
  EXPECT_EQ(sys_inline::SYSGATE_TEST_GETPID().value(), sys_stub::SYSGATE_TEST_GETPID().value());
  EXPECT_EQ(sys_inline::getppid().value(), sys_stub::getppid().value());
  EXPECT_EQ(sys_inline::gettid().value(), sys_stub::gettid().value());
  EXPECT_EQ(sys_inline::geteuid().value(), sys_stub::geteuid().value());
}

TEST(LinuxInline, ErrorsComeBackAsValues) {
  EXPECT_EQ(sys_inline::close(-1).error(), EBADF);
  EXPECT_EQ(sys_inline::openat(AT_FDCWD, "/nonexistent/sysgate", O_RDONLY, 0).error(), ENOENT);
}

// Three arguments, pointers among them, both ways through a pipe.
TEST(LinuxInline, PipeWrittenInlineIsReadByTheStubAndBack) {
  int fds[2];
  ASSERT_TRUE(sys_inline::pipe2(fds, O_CLOEXEC).ok());
  const char there[] = "inline to stub";
  ASSERT_EQ(sys_inline::write(fds[1], there, sizeof there).value_or(-1), long{sizeof there});
  char buffer[32] = {};
  ASSERT_EQ(sys_stub::read(fds[0], buffer, sizeof buffer).value_or(-1), long{sizeof there});
  EXPECT_STREQ(buffer, there);

  const char back[] = "stub to inline";
  ASSERT_EQ(sys_stub::write(fds[1], back, sizeof back).value_or(-1), long{sizeof back});
  ASSERT_EQ(sys_inline::read(fds[0], buffer, sizeof buffer).value_or(-1), long{sizeof back});
  EXPECT_STREQ(buffer, back);
  EXPECT_TRUE(sys_inline::close(fds[0]).ok());
  EXPECT_TRUE(sys_inline::close(fds[1]).ok());
}

// Six arguments: every argument register is used (on i386 the sixth, ebp,
// is loaded from memory around the trap).
TEST(LinuxInline, MmapWithSixArgumentsMapsWhatTheStubUnmaps) {
  const unsigned long size = 1 << 16;
  auto mapping = Inline::Mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                              static_cast<unsigned long>(-1), 0);
  ASSERT_TRUE(mapping.ok()) << mapping.error();
  static_cast<char*>(mapping.value())[size - 1] = 1;
  const unsigned long address = reinterpret_cast<unsigned long>(mapping.value());
  EXPECT_EQ(sys_inline::munmap(address + 1, size).error(), EINVAL) << "unaligned";
  EXPECT_TRUE(sys_stub::munmap(address, size).ok());
}

TEST(LinuxInline, ClockGettimeAgreesWithTheStub) {
  __kernel_timespec before = {}, inline_now = {}, after = {};
  ASSERT_TRUE(Stubs::ClockGettime(CLOCK_MONOTONIC, &before).ok());
  ASSERT_TRUE(Inline::ClockGettime(CLOCK_MONOTONIC, &inline_now).ok());
  ASSERT_TRUE(Stubs::ClockGettime(CLOCK_MONOTONIC, &after).ok());
  EXPECT_LE(Nanos(before), Nanos(inline_now));
  EXPECT_LE(Nanos(inline_now), Nanos(after));
}

TEST(LinuxInline, CallsByNumberMatchTheTypedForm) {
  EXPECT_EQ(sys_inline::syscall(sys::nr::SYSGATE_TEST_GETPID).value(), sys_stub::SYSGATE_TEST_GETPID().value());
  EXPECT_EQ(sys_inline::syscall(sys::nr::close, -1).error(), EBADF);
  const unsigned long size = 1 << 16;
  auto mapping = sys_inline::syscall(sysgate_test::kMmapNumber,
                                     SYSGATE_TEST_MMAP_WORDS(0, size, PROT_READ | PROT_WRITE,
                                                             MAP_PRIVATE | MAP_ANONYMOUS, -1UL, 0));
  ASSERT_TRUE(mapping.ok()) << mapping.error();
  EXPECT_TRUE(sys_inline::syscall(sys::nr::munmap, mapping.value(), size).ok());
}

// The same functions, not copies: syscalls.h's using-declarations, as the
// rows' attributes decide (signatures.tbl's shares_stack).
template <typename F>
constexpr bool SameFunction(F* a, F* b) {
  return a == b;
}
// Unless its trap loads the frame pointer's register (the .abi's
// frame_pointer: arm's number register, i386's sixth argument).
constexpr bool kInlineByDefault = SYSGATE_ARCH_INLINE_WORDS >= 0;
static_assert(SameFunction(&sys::getppid, kInlineByDefault ? &sys_inline::getppid : &sys_stub::getppid),
              "getppid is the inline trap");
static_assert(SameFunction(&sys::exit_group,
                           kInlineByDefault ? &sys_inline::exit_group : &sys_stub::exit_group),
              "so is a call that never returns");
static_assert(SameFunction(&sys::process_vm_readv, SYSGATE_ARCH_INLINE_WORDS >= 6
                                                       ? &sys_inline::process_vm_readv
                                                       : &sys_stub::process_vm_readv),
              "a six-word call is the inline trap where its sixth register is not the frame pointer");
#ifdef __NR_vfork
static_assert(SameFunction(&sys::vfork, &sys_stub::vfork),
              "vfork's child reuses the caller's frame: the stub");
#endif
static_assert(SameFunction<sysgate::Result<long>(long)>(&sys::syscall, &sys_stub::syscall),
              "a call by number may be vfork's: the stub");

TEST(LinuxInline, ExitGroupEndsTheProcessWithItsCode) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) sys_inline::exit_group(42);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
}

}  // namespace
