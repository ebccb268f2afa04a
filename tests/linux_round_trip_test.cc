// SPDX-License-Identifier: Apache-2.0
// Real work through the typed wrappers: each call's effect is checked, not
// just its return value. tests/arch_calls.h names the calls whose row
// differs on 32-bit architectures (mmap2, clock_gettime64).

#include <fcntl.h>
#include <linux/futex.h>
#include <linux/time_types.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"
#include "tests/arch_calls.h"

namespace {

namespace sys = sysgate::sys;
namespace sys_inline = sysgate::sys_inline;
using Stubs = sysgate_test::ArchCalls<sysgate_test::Stubs>;

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

TEST(LinuxRoundTrip, OpenatWriteReadCloseAFile) {
  const std::string path = TempDir() + "/round_trip";
  auto fd = sys::openat(AT_FDCWD, path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ASSERT_TRUE(fd.ok()) << fd.error();
  const char message[] = "through the stubs";
  auto written = sys::write(fd.value(), message, sizeof message);
  ASSERT_TRUE(written.ok()) << written.error();
  EXPECT_EQ(written.value(), static_cast<long>(sizeof message));
  ASSERT_EQ(sys::lseek(fd.value(), 0, SEEK_SET).value_or(-1), 0);
  char buffer[64] = {};
  auto read = sys::read(fd.value(), buffer, sizeof buffer);
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_EQ(read.value(), static_cast<long>(sizeof message));
  EXPECT_STREQ(buffer, message);
  EXPECT_TRUE(sys::close(fd.value()).ok());
  EXPECT_EQ(sys::close(fd.value()).error(), EBADF) << "closing twice";
  EXPECT_TRUE(sys::unlinkat(AT_FDCWD, path.c_str(), 0).ok());
}

TEST(LinuxRoundTrip, OpenatReportsEnoentAsAValue) {
  auto fd = sys::openat(AT_FDCWD, "/nonexistent/sysgate", O_RDONLY, 0);
  EXPECT_FALSE(fd.ok());
  EXPECT_EQ(fd.error(), ENOENT);
  EXPECT_EQ(fd.raw(), -ENOENT);
}

TEST(LinuxRoundTrip, MmapWriteMunmap) {
  const long page = sysconf(_SC_PAGESIZE);
  // The kernel takes addresses as unsigned long, and so does the raw layer.
  auto mapping =
      Stubs::Mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(mapping.ok()) << mapping.error();
  auto* bytes = static_cast<unsigned char*>(mapping.value());
  std::memset(bytes, 0xa5, 4 * page);
  EXPECT_EQ(bytes[4 * page - 1], 0xa5);
  const auto address = reinterpret_cast<unsigned long>(mapping.value());
  EXPECT_TRUE(sys::munmap(address, 4 * page).ok());
  // Unmapped now: mincore says so with ENOMEM.
  unsigned char residency[4];
  EXPECT_EQ(sys::mincore(address, page, residency).error(), ENOMEM);
}

TEST(LinuxRoundTrip, MmapReportsErrorsAsValues) {
  // A mapping of zero bytes is invalid.
  auto mapping = Stubs::Mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT_EQ(mapping.error(), EINVAL);
}

TEST(LinuxRoundTrip, Pipe2CarriesBytes) {
  int fds[2] = {-1, -1};
  ASSERT_TRUE(sys::pipe2(fds, O_CLOEXEC).ok());
  ASSERT_EQ(sys::write(fds[1], "ping", 4).value_or(-1), 4);
  char buffer[8] = {};
  ASSERT_EQ(sys::read(fds[0], buffer, sizeof buffer).value_or(-1), 4);
  EXPECT_EQ(std::string(buffer, 4), "ping");
  EXPECT_EQ(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_TRUE(sys::close(fds[0]).ok());
  EXPECT_TRUE(sys::close(fds[1]).ok());
}

TEST(LinuxRoundTrip, GetpidAndGettidMatchGlibc) {
  EXPECT_EQ(sys::SYSGATE_TEST_GETPID().value(), getpid());
  EXPECT_EQ(sys::gettid().value(), gettid());
  EXPECT_EQ(sys::getppid().value(), getppid());
}

TEST(LinuxRoundTrip, ClockGettimeMatchesGlibc) {
  timespec before{};
  ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &before), 0);
  __kernel_timespec now{};
  ASSERT_TRUE(Stubs::ClockGettime(CLOCK_MONOTONIC, &now).ok());
  timespec after{};
  ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &after), 0);
  auto ns = [](long long s, long long n) { return s * 1'000'000'000 + n; };
  EXPECT_LE(ns(before.tv_sec, before.tv_nsec), ns(now.tv_sec, now.tv_nsec));
  EXPECT_LE(ns(now.tv_sec, now.tv_nsec), ns(after.tv_sec, after.tv_nsec));
  EXPECT_EQ(Stubs::ClockGettime(-1, &now).error(), EINVAL);
}

// An absolute CLOCK_MONOTONIC deadline 2^32 seconds (136 years) from now,
// whose seconds need more than 32 bits, as any time after January 2038
// does: the timer keeps it, so it reads back as nearly all of that still to
// go, and has not expired. A 32-bit time call (timerfd_settime, not
// timerfd_settime64, on 386 and arm) would keep the low word, now, and the
// timer would expire at once. Through the stubs and the inline form.
template <typename Calls>
void ExpectTimerfdKeepsADeadlinePast32BitSeconds(const char* form) {
  constexpr long long kSeconds32 = 1ll << 32;
  auto fd = sys::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  ASSERT_TRUE(fd.ok()) << form << ": " << fd.error();
  __kernel_timespec now{};
  ASSERT_TRUE(Calls::ClockGettime(CLOCK_MONOTONIC, &now).ok()) << form;
  __kernel_itimerspec deadline{};
  deadline.it_value = {now.tv_sec + kSeconds32, now.tv_nsec};
  auto set = Calls::TimerfdSettime(fd.value(), TFD_TIMER_ABSTIME, &deadline);
  ASSERT_TRUE(set.ok()) << form << ": " << set.error();
  __kernel_itimerspec left{};
  ASSERT_TRUE(Calls::TimerfdGettime(fd.value(), &left).ok()) << form;
  EXPECT_GT(left.it_value.tv_sec, kSeconds32 - 60) << form;
  EXPECT_LE(left.it_value.tv_sec, kSeconds32) << form;
  unsigned long long expirations = 0;
  EXPECT_EQ(
      sys::read(fd.value(), reinterpret_cast<char*>(&expirations), sizeof expirations).error(),
      EAGAIN)
      << form << ": expired " << expirations << " times";
  EXPECT_TRUE(sys::close(fd.value()).ok());
}

TEST(LinuxRoundTrip, TimerfdKeepsADeadlinePast32BitSeconds) {
  ExpectTimerfdKeepsADeadlinePast32BitSeconds<Stubs>("stubs");
  ExpectTimerfdKeepsADeadlinePast32BitSeconds<sysgate_test::ArchCalls<sysgate_test::Inline>>(
      "inline");
}

TEST(LinuxRoundTrip, FutexWakeWithNoWaitersWakesNobody) {
  // 4-byte aligned, as the kernel wants a futex word (EINVAL otherwise),
  // which m68k's C ABI does not make an unsigned int (it aligns it to 2).
  alignas(4) unsigned int word = 0;
  auto woken = sys::futex(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, nullptr, nullptr, 0);
  ASSERT_TRUE(woken.ok()) << woken.error();
  EXPECT_EQ(woken.value(), 0);
  // A wait whose expected value is stale returns at once with EAGAIN.
  auto waited = sys::futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, nullptr, nullptr, 0);
  EXPECT_EQ(waited.error(), EAGAIN);
}

#if defined(__x86_64__) || defined(__i386__)
// modify_ldt's int comes back zero-extended on x86-64 (its row is result32):
// an unknown function must still read as ENOSYS, not as a large success.
TEST(LinuxRoundTrip, ModifyLdtErrorIsAnError) {
  constexpr int kNoSuchFunction = 99;
  auto stub = sys::modify_ldt(kNoSuchFunction, nullptr, 0);
  EXPECT_FALSE(stub.ok()) << stub.raw();
  EXPECT_EQ(stub.error(), ENOSYS);
}
#endif

// pwrite64 and pread64 at offsets above 4 GiB in a sparse file, through the
// stub, the inline form and the by-number stub, each write read back
// through all three and glibc. On a 32-bit architecture the offset is two
// words: a high word lost or put in the wrong place moves the bytes by 4 GiB
// or more, where the other readers find nothing and the file's size shows it.
TEST(LinuxRoundTrip, Pread64Pwrite64AboveFourGiB) {
  using Write = sysgate::Result<long> (*)(int, const char*, unsigned long, long long);
  using Read = sysgate::Result<long> (*)(int, char*, unsigned long, long long);
  struct Form {
    const char* name;
    Write write;
    Read read;
  };
  const Form forms[] = {
      {"stub",
       [](int fd, const char* b, unsigned long n, long long at) {
         return sysgate::sys_stub::pwrite64(fd, b, n, at);
       },
       [](int fd, char* b, unsigned long n, long long at) {
         return sysgate::sys_stub::pread64(fd, b, n, at);
       }},
      {"inline",
       [](int fd, const char* b, unsigned long n, long long at) {
         return sys_inline::pwrite64(fd, b, n, at);
       },
       [](int fd, char* b, unsigned long n, long long at) {
         return sys_inline::pread64(fd, b, n, at);
       }},
      {"by number",
       [](int fd, const char* b, unsigned long n, long long at) {
         return sys::syscall(sys::nr::pwrite64, fd, reinterpret_cast<long>(b), static_cast<long>(n),
                             SYSGATE_TEST_WORDS64(at));
       },
       [](int fd, char* b, unsigned long n, long long at) {
         return sys::syscall(sys::nr::pread64, fd, reinterpret_cast<long>(b), static_cast<long>(n),
                             SYSGATE_TEST_WORDS64(at));
       }},
  };
  const std::string path = TempDir() + "/above_4gib";
  // O_LARGEFILE: a 32-bit process's file may not pass 2 GiB without it. On a
  // 64-bit architecture glibc spells it 0 and the kernel implies it.
  auto fd = sys::openat(AT_FDCWD, path.c_str(),
                        O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_LARGEFILE, 0600);
  ASSERT_TRUE(fd.ok()) << fd.error();
  constexpr long long kGiB = 1ll << 30;
  // Each form's own offset, high and low words both nonzero and all distinct.
  auto offset = [&](int form) { return (5 + 2 * form) * kGiB + 4096 * form + 3; };
  long long end = 0;
  for (int w = 0; w < 3; ++w) {
    const std::string message = std::string("written by ") + forms[w].name;
    auto written = forms[w].write(fd.value(), message.data(), message.size(), offset(w));
    ASSERT_TRUE(written.ok()) << forms[w].name << ": " << written.error();
    ASSERT_EQ(written.value(), static_cast<long>(message.size())) << forms[w].name;
    end = offset(w) + static_cast<long long>(message.size());
    for (int r = 0; r < 3; ++r) {
      std::string got(message.size(), '\0');
      auto read = forms[r].read(fd.value(), got.data(), got.size(), offset(w));
      ASSERT_TRUE(read.ok()) << forms[r].name << ": " << read.error();
      EXPECT_EQ(got, message) << "written by " << forms[w].name << ", read by " << forms[r].name;
    }
    std::string got(message.size(), '\0');
    ASSERT_EQ(pread64(fd.value(), got.data(), got.size(), offset(w)),
              static_cast<ssize_t>(message.size()));
    EXPECT_EQ(got, message) << "written by " << forms[w].name << ", read by glibc";
    // Nothing where the low word alone points.
    std::string low(message.size(), 'x');
    ASSERT_GE(pread64(fd.value(), low.data(), low.size(), offset(w) & 0xffffffff), 0);
    EXPECT_EQ(low, std::string(message.size(), '\0')) << forms[w].name;
  }
  EXPECT_EQ(lseek64(fd.value(), 0, SEEK_END), end) << "the last write ends the file";
  EXPECT_TRUE(sys::close(fd.value()).ok());

  // qemu-user opens every file with O_LARGEFILE for its guest (its host is
  // 64-bit), so only a kernel running the program itself says EOVERFLOW.
  if (sysgate_test::kWords32 && std::getenv("SYSGATE_TARGET_RUNNER") == nullptr) {
    // The flag mattered: without it a 32-bit process cannot open a file
    // that passes 2 GiB (generic_file_open), so the file really is that big.
    EXPECT_EQ(sys::openat(AT_FDCWD, path.c_str(), O_RDONLY | O_CLOEXEC, 0).error(), EOVERFLOW);
  }
  EXPECT_TRUE(sys::unlinkat(AT_FDCWD, path.c_str(), 0).ok());
}

// A word as parameter type P, as a caller would pass it.
template <typename P>
P FromWord(unsigned long word) {
  if constexpr (std::is_pointer_v<P>) {
    return reinterpret_cast<P>(word);
  } else {
    return static_cast<P>(word);
  }
}

// Calls `call` with words[i] as its i-th argument.
template <typename R, typename... P, std::size_t... I>
R CallWithWords(R (*call)(P...) noexcept, const unsigned long* words, std::index_sequence<I...>) {
  return call(FromWord<P>(words[I])...);
}

// The typed clone takes its arguments where the kernel reads them: tls
// before child_tidptr under CONFIG_CLONE_BACKWARDS, the stack first under
// CLONE_BACKWARDS2 (core_abi.h's SYSGATE_ARCH_CLONE_ARG_*, from the row's
// signature). A fork-like clone with CLONE_CHILD_SETTID has the kernel write
// the child's tid through child_tidptr into the child's copy of the word; a
// row with the two swapped would hand the kernel a null child_tidptr and the
// word's address as tls, and the child would find 0.
TEST(LinuxRoundTrip, CloneWritesTheChildTidWhereTheRowSaysChildTidptrGoes) {
  int child_tid = 0;
  unsigned long words[5] = {};
  words[SYSGATE_ARCH_CLONE_ARG_CLONE_FLAGS] = CLONE_CHILD_SETTID | SIGCHLD;
  words[SYSGATE_ARCH_CLONE_ARG_CHILD_TIDPTR] = reinterpret_cast<unsigned long>(&child_tid);
  const auto child = CallWithWords(&sys::clone, words, std::make_index_sequence<5>());
  ASSERT_TRUE(child.ok()) << child.error();
  if (child.value() == 0) sys::exit_group(child_tid == sys::gettid().value() ? 0 : 1);
  int status = 0;
  ASSERT_EQ(waitpid(child.value(), &status, 0), child.value());
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child found no tid where child_tidptr pointed";
}

TEST(LinuxRoundTrip, SyscallByNumber) {
  EXPECT_EQ(sys::syscall(sys::nr::SYSGATE_TEST_GETPID).value(), getpid());
  EXPECT_EQ(sys::syscall(sys::nr::close, -1).error(), EBADF);
}

}  // namespace
