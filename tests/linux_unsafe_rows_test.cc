// SPDX-License-Identifier: Apache-2.0
// The rows the per-row probe may not call (marked `unsafe:` in
// tables/linux/signatures.tbl, or noreturn) each get a test of their own here,
// mostly in a child process where the call may end, block or alter it. The
// last test fails when a row becomes unsafe without a test here.

#include <asm/unistd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <type_traits>

#include "gtest/gtest.h"
#include "sysgate/kernel/signal.h"
#include "sysgate/syscalls.h"
#include "tests/probe_row.h"

namespace {

namespace sys = sysgate::sys;
using testing::ExitedWithCode;
using testing::KilledBySignal;

// The rows this file covers on the architecture being tested, one test each.
// The legacy calls exist on x86-64 only (asm-generic has clone, ppoll, ...),
// the pre-rt_ signal calls with a one-word mask on i386.
const std::set<std::string> kCovered = {
    "exit",       "exit_group", "umask",           "setsid",
    "vhangup",    "reboot",     "set_tid_address", "rt_sigreturn",
#ifdef __NR_fork
    "fork",
#endif
#ifdef __NR_vfork
    "vfork",
#endif
#ifdef __NR_pause
    "pause",
#endif
#if defined(__x86_64__)  // 6.11, newer than <asm/unistd.h> here
    "uretprobe",
#endif
#ifdef __NR_sigreturn
    "sigreturn",
#endif
#ifdef __NR_sigsuspend
    "sigsuspend",
#endif
#ifdef __NR_ssetmask
    "ssetmask",
#endif
#if defined(__arm__)
    "breakpoint", "set_tls",    "usr26",           "usr32",
#endif
#ifdef __NR_switch_endian
    "switch_endian",
#endif
#if defined(__mips__)
    "pipe",       "set_thread_area",
#endif
#if defined(__m68k__)
    "set_thread_area", "atomic_cmpxchg_32",
#endif
#if defined(__alpha__) || defined(__sparc__)
    "pipe",
#endif
};

// Whether `name` is a number this architecture keeps reserved (ppc64's
// sigreturn and sigsuspend, which its header still names): the probe calls
// those, whatever their signature says, and expects ENOSYS.
bool Reserved(const std::string& name) {
  for (const auto& row : sysgate_test::kProbeRows) {
    if (row.name == name) return row.entry[0] == '\0';
  }
  return false;
}

TEST(LinuxUnsafeRows, ExitGroupEndsTheProcessWithItsCode) {
  EXPECT_EXIT(sys::exit_group(7), ExitedWithCode(7), "");
}

TEST(LinuxUnsafeRows, ExitOfTheLastThreadEndsTheProcess) {
  EXPECT_EXIT(sys::exit(9), ExitedWithCode(9), "");
}

#ifdef __NR_fork
TEST(LinuxUnsafeRows, ForkReturnsTwice) {
  auto child = sys::fork();
  ASSERT_TRUE(child.ok()) << child.error();
  if (child.value() == 0) sys::exit_group(3);
  int status = 0;
  ASSERT_EQ(waitpid(child.value(), &status, 0), child.value());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << status;
}
#endif

#ifdef __NR_vfork
// The child runs on this very stack until it exits, so this is the test of
// the stub keeping its return address out of the child's way.
TEST(LinuxUnsafeRows, VforkChildRunsFirstOnTheSharedStack) {
  // qemu-user runs a guest's vfork as a fork (linux-user/syscall.c): the
  // child shares nothing with its parent there.
  if (std::getenv("SYSGATE_TARGET_RUNNER") != nullptr)
    GTEST_SKIP() << "vfork is a fork under qemu-user";
  volatile int marker = 1;
  auto child = sys::vfork();
  if (child.value() == 0) {
    marker = 2;  // the parent sees this: same memory, and it waited for us
    // The stub, not the inline trap: code inlined here runs in the parent's
    // frame, and under AddressSanitizer its scopes would poison the shadow
    // of the parent's stack, which the child shares.
    sysgate::sys_stub::exit_group(4);
  }
  ASSERT_TRUE(child.ok()) << child.error();
  EXPECT_EQ(marker, 2);
  int status = 0;
  ASSERT_EQ(waitpid(child.value(), &status, 0), child.value());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 4) << status;
}
#endif

#ifdef __NR_pause
void IgnoreSignal(int) {}

TEST(LinuxUnsafeRows, PauseReturnsEintrWhenASignalIsHandled) {
  EXPECT_EXIT(
      {
        signal(SIGALRM, IgnoreSignal);
        alarm(1);
        auto r = sys::pause();
        _exit(r.error() == EINTR ? 0 : 1);
      },
      ExitedWithCode(0), "");
}
#endif

TEST(LinuxUnsafeRows, UmaskSetsAndAnswersThePreviousMask) {
  const mode_t original = umask(022);
  EXPECT_EQ(sys::umask(027).value(), 022);
  EXPECT_EQ(umask(original), 027) << "glibc sees the mask sysgate set";
}

TEST(LinuxUnsafeRows, SetsidMakesTheChildASessionLeader) {
  EXPECT_EXIT(
      {
        auto r = sys::setsid();
        _exit(r.ok() && r.value() == getpid() && getsid(0) == getpid() ? 0 : 1);
      },
      ExitedWithCode(0), "");
}

// Without a controlling terminal (a new session has none) vhangup has nothing
// to hang up: root gets 0, anyone else EPERM, through sysgate as through glibc.
TEST(LinuxUnsafeRows, VhangupWithoutATerminal) {
  EXPECT_EXIT(
      {
        setsid();
        long ours = sys::vhangup().raw();
        long glibc = syscall(SYS_vhangup) == -1 ? -errno : 0;
        _exit(ours == glibc && (ours == 0 || ours == -EPERM) ? 0 : 1);
      },
      ExitedWithCode(0), "");
}

// The kernel checks the magic numbers before anything else: 0 is refused.
TEST(LinuxUnsafeRows, RebootWithoutTheMagicIsRefused) {
  EXPECT_EXIT(
      {
        long ours = sys::reboot(0, 0, 0, nullptr).raw();
        long glibc = syscall(SYS_reboot, 0, 0, 0, nullptr) == -1 ? -errno : 0;
        _exit(ours == glibc && (ours == -EINVAL || ours == -EPERM) ? 0 : 1);
      },
      ExitedWithCode(0), "");
}

TEST(LinuxUnsafeRows, SetTidAddressAnswersTheThreadId) {
  EXPECT_EXIT(
      {
        static int word;
        auto r = sys::set_tid_address(&word);
        _exit(r.ok() && r.value() == gettid() ? 0 : 1);
      },
      ExitedWithCode(0), "");
}

#if defined(__x86_64__)
// Outside a uretprobe trampoline the kernel answers with SIGILL (on kernels
// that have it; older ones say ENOSYS, and the child exits 0).
bool KilledBySigillOrExitedZero(int status) {
  return (WIFSIGNALED(status) && WTERMSIG(status) == SIGILL) ||
         (WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(LinuxUnsafeRows, UretprobeOutsideATrampolineRaisesSigill) {
  EXPECT_EXIT(
      {
        auto r = sys::uretprobe();
        _exit(r.error() == ENOSYS ? 0 : 1);
      },
      KilledBySigillOrExitedZero, "");
}
#endif

// With no signal frame on the stack the kernel cannot restore one and kills
// the caller with SIGSEGV (the real use, returning from a handler, belongs to
// the signal tests). mips's kernel takes the frame at the stack pointer
// itself, where the caller's own stack is readable (sys_sigreturn and
// sys_rt_sigreturn, arch/mips/kernel/signal.c): it loads those words as the
// registers, and the thread goes on at whatever pc they hold, to die of
// whatever that address raises (SIGSEGV, SIGILL, SIGBUS: qemu-mipsel's o32
// sigreturn dies of SIGILL). So does hppa's, whose frame is the
// PARISC_RT_SIGFRAME_SIZE bytes below the stack pointer (sys_rt_sigreturn,
// arch/parisc/kernel/signal.c): where the stack grows up, that is the
// caller's own frames, readable (qemu-hppa takes the same words: there the
// pc they held was 0, where its gateway page raises SIGILL: seen). Either
// way the call never returns. x86-64's kernel may take the words there for
// a frame as well and go on at what they hold, and AddressSanitizer's
// handler would turn that fault into an exit (seen under --config=asan):
// the child restores the default actions first, so what kills it is the
// fault itself.
void DefaultFaultActions() {
  for (int signal_number : {SIGSEGV, SIGILL, SIGBUS}) signal(signal_number, SIG_DFL);
}

bool KilledWithoutAFrame(int status) {
#if defined(__mips__) || defined(__hppa__)
  return WIFSIGNALED(status) &&
         (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGILL || WTERMSIG(status) == SIGBUS);
#else
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
#endif
}

TEST(LinuxUnsafeRows, RtSigreturnWithoutAFrameIsFatal) {
  EXPECT_EXIT(
      {
        DefaultFaultActions();
        // The stub, as the test was written for: the words the kernel reads
        // start at its return address.
        (void)sysgate::sys_stub::rt_sigreturn();  // never returns
      },
      KilledWithoutAFrame, "");
}

#ifdef __NR_sigreturn
// The old-style frame's counterpart of rt_sigreturn.
TEST(LinuxUnsafeRows, SigreturnWithoutAFrameIsFatal) {
  if (Reserved("sigreturn")) GTEST_SKIP() << "reserved here: the probe expects ENOSYS";
  EXPECT_EXIT((void)sys::sigreturn(), KilledWithoutAFrame, "");  // never returns
}
#endif

// The old signal calls' mask: one word, bit N-1 for signal N.
constexpr unsigned long OldMaskBit(int signal) { return 1ul << (signal - 1); }

#ifdef __NR_sigsuspend
volatile sig_atomic_t handled_usr1 = 0;
void NoteUsr1(int) { handled_usr1 = 1; }
void IgnoreAlarm(int) {}

// The old sigsuspend's mask is its third argument where the kernel selects
// CONFIG_OLD_SIGSUSPEND3 (i386, arm: sigsuspend(unused, unused, mask)), its
// only one under CONFIG_OLD_SIGSUSPEND (ppc), and a whole sigset_t by
// pointer on mips o32 (CONFIG_TRAD_SIGNALS): the row's signature says which.
template <typename Call>
auto OldSigsuspend(Call call, unsigned long mask) -> decltype(call(mask)) {
  return call(mask);
}
template <typename Call>
auto OldSigsuspend(Call call, unsigned long mask) -> decltype(call(0, 0, mask)) {
  return call(0, 0, mask);
}
template <typename Call>
auto OldSigsuspend(Call call, unsigned long mask)
    -> decltype(call(static_cast<sysgate::kernel::sigset_t*>(nullptr))) {
  sysgate::kernel::sigset_t set{};
  set.sig[0] = mask;
  return call(&set);
}

// sigsuspend waits with the mask it is given as the thread's mask: a
// pending SIGUSR1 that the mask keeps blocked stays pending, and the alarm
// ends the wait with EINTR. A mask word lost on the way would let SIGUSR1
// end it at once.
TEST(LinuxUnsafeRows, SigsuspendWaitsWithTheMaskItIsGiven) {
  if (Reserved("sigsuspend")) GTEST_SKIP() << "reserved here: the probe expects ENOSYS";
  // qemu-user reads the old sigsuspend's mask through its first argument,
  // as a pointer (mips's form), not as a value from the third
  // (CONFIG_OLD_SIGSUSPEND3, which i386, arm and m68k select) or the first
  // (ppc's CONFIG_OLD_SIGSUSPEND).
  constexpr bool kMaskByPointer =
      std::is_invocable_v<decltype(sys::sigsuspend), sysgate::kernel::sigset_t*>;
  if (std::getenv("SYSGATE_TARGET_RUNNER") != nullptr && !kMaskByPointer)
    GTEST_SKIP() << "qemu-user's sigsuspend differs";
  EXPECT_EXIT(
      {
        signal(SIGUSR1, NoteUsr1);
        signal(SIGALRM, IgnoreAlarm);
        sigset_t usr1;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        sigprocmask(SIG_BLOCK, &usr1, nullptr);
        raise(SIGUSR1);
        alarm(1);
        auto r = OldSigsuspend(sys::sigsuspend, OldMaskBit(SIGUSR1));
        _exit(r.error() == EINTR && handled_usr1 == 0 ? 0 : 1);
      },
      ExitedWithCode(0), "");
}
#endif

#ifdef __NR_ssetmask
// ssetmask(mask) replaces the signal mask and answers the one it replaced.
TEST(LinuxUnsafeRows, SsetmaskReplacesTheMaskAndAnswersTheOldOne) {
  // qemu-user 7.2 reads ssetmask's mask, and writes the old one, as a word
  // of guest memory (target_to_host_old_sigset, tswapal), not a register's
  // value: on a big-endian guest it byte-swaps both (seen on ppc64: a mask
  // of 1 << 9 blocked signal 50, and the old SIGUSR2 came back as 1 << 51).
  if (std::getenv("SYSGATE_TARGET_RUNNER") != nullptr && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
    GTEST_SKIP() << "qemu-user's ssetmask byte-swaps the mask on a big-endian guest";
  EXPECT_EXIT(
      {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR2);
        sigprocmask(SIG_SETMASK, &set, nullptr);
        auto r = sys::ssetmask(static_cast<int>(OldMaskBit(SIGUSR1)));
        sigprocmask(SIG_SETMASK, nullptr, &set);
        _exit(r.ok() && static_cast<unsigned long>(r.value()) == OldMaskBit(SIGUSR2) &&
                      sigismember(&set, SIGUSR1) == 1 && sigismember(&set, SIGUSR2) == 0
                  ? 0
                  : 1);
      },
      ExitedWithCode(0), "");
}
#endif

#if defined(__arm__)
// ARM's private calls (arch/arm/kernel/traps.c, arm_syscall).
TEST(LinuxUnsafeRows, ArmBreakpointRaisesSigtrap) {
  EXPECT_EXIT((void)sys::breakpoint(), KilledBySignal(SIGTRAP), "");  // never returns
}

// set_tls replaces TPIDRURO, which get_tls reads back. In a child, since
// libc's thread-local storage lives at the old value.
TEST(LinuxUnsafeRows, ArmSetTlsIsWhatGetTlsReads) {
  EXPECT_EXIT(
      {
        const long old = sys::get_tls().raw();
        (void)sys::set_tls(0x12345678);  // get_tls says whether it took
        sys::exit_group(sys::get_tls().raw() == 0x12345678 && old != 0x12345678 ? 0 : 1);
      },
      ExitedWithCode(0), "");
}

// No ARMv7 kernel runs 26-bit code: usr26 and usr32 raise SIGILL there
// (the call is not one of the 0x0f0000-0x0f07ff that answer ENOSYS), and
// qemu-user answers ENOSYS.
TEST(LinuxUnsafeRows, ArmUsr26AndUsr32AreRefused) {
  for (auto call : {sys::usr26, sys::usr32}) {
    const pid_t child = fork();
    if (child == 0) _exit(call().error() == ENOSYS ? 0 : 1);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE((WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
                (WIFSIGNALED(status) && WTERMSIG(status) == SIGILL))
        << status;
  }
}
#endif

#if defined(__mips__) || defined(__sparc__) || defined(__alpha__)
// mips's, sparc's and alpha's pipe take nothing and return the read end in
// v0 (o0, v0) and the write end in v1 (o1, a4): sysm_pipe,
// arch/mips/kernel/syscall.c; sys_sparc_pipe, arch/sparc/kernel/
// sys_sparc_64.c; sys_alpha_pipe, arch/alpha/kernel/osf_sys.c. The stub
// hands back the first. The write end is the lowest free descriptor after
// the read end: a byte written there is read back from the read end.
TEST(LinuxUnsafeRows, PipeOfTwoRegistersReturnsTheReadEnd) {
  auto read_end = sys::pipe();
  ASSERT_TRUE(read_end.ok()) << read_end.error();
  const int r = static_cast<int>(read_end.value()), w = r + 1;
  char byte = 'm';
  EXPECT_EQ(sys::write(w, &byte, 1).raw(), 1);
  byte = 0;
  EXPECT_EQ(sys::read(r, &byte, 1).raw(), 1);
  EXPECT_EQ(byte, 'm');
  EXPECT_TRUE(sys::close(w).ok());
  EXPECT_TRUE(sys::close(r).ok());
}
#endif

#if defined(__mips__)
// mips's set_thread_area sets the thread pointer to its argument, which
// `rdhwr $3, $29` reads back. In a child, since libc's thread-local storage
// lives at the old value.
TEST(LinuxUnsafeRows, MipsSetThreadAreaIsWhatRdhwrReads) {
  EXPECT_EXIT(
      {
        (void)sys::set_thread_area(0x12345678);  // rdhwr says whether it took
        register unsigned long tp asm("$3");
        asm volatile(".set push\n\t.set mips32r2\n\trdhwr $3, $29\n\t.set pop" : "=r"(tp));
        sys::exit_group(tp == 0x12345678 ? 0 : 1);
      },
      ExitedWithCode(0), "");
}
#endif

#if defined(__m68k__)
// m68k's set_thread_area sets the thread pointer the kernel keeps, which
// get_thread_area reads back. In a child, since libc's thread-local storage
// lives at the old value.
TEST(LinuxUnsafeRows, M68kSetThreadAreaIsWhatGetThreadAreaReads) {
  EXPECT_EXIT(
      {
        (void)sys::set_thread_area(0x12345678);  // get_thread_area says whether it took
        const auto tp = sys::get_thread_area();
        sys::exit_group(tp.ok() && reinterpret_cast<unsigned long>(tp.value()) == 0x12345678 ? 0 : 1);
      },
      ExitedWithCode(0), "");
}

// atomic_cmpxchg_32(new, old, d3, d4, d5, mem) stores `new` at mem when mem
// holds `old`, and answers what mem held (sys_atomic_cmpxchg_32,
// arch/m68k/kernel/sys_m68k.c). The probe's bad address is tested in a
// child: the kernel answers EFAULT, qemu-user raises SIGSEGV.
TEST(LinuxUnsafeRows, M68kAtomicCmpxchg32ExchangesOnlyTheExpectedValue) {
  unsigned long word = 5;
  EXPECT_EQ(sys::atomic_cmpxchg_32(7, 5, 0, 0, 0, &word).raw(), 5);
  EXPECT_EQ(word, 7u);
  EXPECT_EQ(sys::atomic_cmpxchg_32(9, 5, 0, 0, 0, &word).raw(), 7);
  EXPECT_EQ(word, 7u);

  const pid_t child = fork();
  if (child == 0) {
    auto* bad = reinterpret_cast<unsigned long*>(-1L & ~3L);
    _exit(sys::atomic_cmpxchg_32(0, 0, 0, 0, 0, bad).error() == EFAULT ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE((WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
              (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV))
      << status;
}
#endif

#ifdef __NR_switch_endian
// ppc64's switch_endian flips the thread's byte order: the instruction after
// the `sc` is then read byte-swapped, which raises SIGILL (a
// little-endian `bnslr+` read big-endian is no valid instruction) unless
// something is mapped there that happens to decode. qemu-user 7.2 does not
// implement it and answers ENOSYS.
TEST(LinuxUnsafeRows, SwitchEndianLeavesTheThreadUnableToRunItsCode) {
  const pid_t child = fork();
  if (child == 0) _exit(sys::switch_endian().error() == ENOSYS ? 0 : 1);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE((WIFEXITED(status) && WEXITSTATUS(status) == 0) || WIFSIGNALED(status)) << status;
}
#endif

TEST(LinuxUnsafeRows, EveryUnsafeRowHasATestHere) {
  std::set<std::string> unsafe;
  for (const auto& row : sysgate_test::kProbeRows) {
    if (row.kind == sysgate_test::ProbeKind::kUnsafe) unsafe.insert(row.name);
  }
  std::set<std::string> covered;
  for (const auto& name : kCovered) {
    if (!Reserved(name)) covered.insert(name);
  }
  EXPECT_EQ(unsafe, covered);
}

}  // namespace
