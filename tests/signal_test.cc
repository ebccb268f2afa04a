// SPDX-License-Identifier: Apache-2.0
// Handlers installed through sysgate (rt_sigaction with sysgate's restorer;
// glibc's sigaction and the C library's restorer under --config=libc),
// masks, the alternate stack, thread-directed signals and the profiling
// timer.

#include "sysgate/signal.h"

#include <signal.h>
#include <sys/time.h>
#include <ucontext.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread/raw_thread.h"
#include "sysgate/time.h"

#ifdef SYSGATE_ARCH_HAS_SA_RESTORER
extern "C" void sysgate_signal_restorer();
#endif

namespace {

std::atomic<int> handled{0};
std::atomic<int> handled_signo{0};
std::atomic<int> info_signo{0};
std::atomic<long> handled_on_tid{0};
void* volatile return_address = nullptr;
void* volatile handler_frame = nullptr;

void Record(int signo, void* info, void*) {
  handled_signo = signo;
  handled_on_tid = sysgate::sys::gettid().value();
  return_address = __builtin_return_address(0);
  handler_frame = __builtin_frame_address(0);
  info_signo = static_cast<siginfo_t*>(info)->si_signo;
  ++handled;
}

class SignalTest : public testing::Test {
 protected:
  void SetUp() override { handled = 0; }
  void TearDown() override {
    // Ignoring first discards a signal still pending (a SIGPROF the timer
    // queued just before it stopped, which valgrind may hold back a while),
    // which the default action would turn into the test's death.
    for (int signo : {SIGUSR1, SIGPROF}) {
      EXPECT_TRUE(sysgate::IgnoreSignal(signo).ok());
      EXPECT_TRUE(sysgate::SetDefaultSignalAction(signo).ok());
    }
  }
};

TEST_F(SignalTest, HandlerRunsAndReturnsThroughTheRestorer) {
  sysgate::SignalAction action;
  action.handler = Record;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGUSR1, action).ok());
  ASSERT_TRUE(sysgate::SignalThread(sysgate::sys::gettid().value(), SIGUSR1).ok());
  // tgkill to oneself is delivered before the system call returns.
  EXPECT_EQ(handled, 1);
  EXPECT_EQ(handled_signo, SIGUSR1);
  EXPECT_EQ(info_signo, SIGUSR1) << "SA_SIGINFO: the handler got a siginfo";
#ifdef SYSGATE_ARCH_HAS_SA_RESTORER
#ifdef SYSGATE_LIBC_BACKEND
  // The C library chose the restorer, not sysgate.
  EXPECT_NE(return_address, reinterpret_cast<void*>(sysgate_signal_restorer));
#else
  // The kernel made the handler "return" to sa_restorer.
  EXPECT_EQ(return_address, reinterpret_cast<void*>(sysgate_signal_restorer));
#endif
#endif
  // And the handler is the one glibc reports too: the kernel's view.
  struct sigaction current = {};
  ASSERT_EQ(sigaction(SIGUSR1, nullptr, &current), 0);
  EXPECT_EQ(reinterpret_cast<void*>(current.sa_sigaction), reinterpret_cast<void*>(Record));
  EXPECT_NE(current.sa_flags & SA_SIGINFO, 0);
}

TEST_F(SignalTest, BlockedSignalWaitsUntilUnblocked) {
  sysgate::SignalAction action;
  action.handler = Record;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGUSR1, action).ok());
  sysgate::SignalSet old = sysgate::SignalSet::Empty();
  const auto usr1 = sysgate::SignalSet::Empty().Add(SIGUSR1);
  ASSERT_TRUE(sysgate::BlockSignals(usr1, &old).ok());
  ASSERT_TRUE(sysgate::SignalThread(sysgate::sys::gettid().value(), SIGUSR1).ok());
  EXPECT_EQ(handled, 0) << "blocked";
  sigset_t pending;
  sigpending(&pending);
  EXPECT_TRUE(sigismember(&pending, SIGUSR1));
  ASSERT_TRUE(sysgate::SetSignalMask(old).ok());
  EXPECT_EQ(handled, 1) << "delivered once unblocked";
}

TEST_F(SignalTest, HandlerRunsOnTheAlternateStack) {
  static char stack[64 * 1024];
  ASSERT_TRUE(sysgate::SetAlternateSignalStack(stack, sizeof stack).ok());
  sysgate::SignalAction action;
  action.handler = Record;
  action.on_alternate_stack = true;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGUSR1, action).ok());
  ASSERT_TRUE(sysgate::SignalThread(sysgate::sys::gettid().value(), SIGUSR1).ok());
  ASSERT_TRUE(sysgate::DisableAlternateSignalStack().ok());
  ASSERT_EQ(handled, 1);
  const char* frame = static_cast<const char*>(handler_frame);
  EXPECT_GE(frame, stack);
  EXPECT_LT(frame, stack + sizeof stack);
}

// SignalThread reaches the thread it names, here a raw thread waiting for it.
struct Target {
  int ready = 0;
};

void WaitForSignal(sysgate::RawThread*, void* target) {
  __atomic_store_n(&static_cast<Target*>(target)->ready, 1, __ATOMIC_RELEASE);
  // On a raw thread, so the raw call in every backend; it cannot fail.
  while (handled.load() == 0) (void)sysgate::sys::sched_yield();
}

TEST_F(SignalTest, SignalThreadReachesTheNamedThread) {
  sysgate::SignalAction action;
  action.handler = Record;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGUSR1, action).ok());
  Target target;
  auto thread = sysgate::SpawnRawThread({}, WaitForSignal, &target);
  ASSERT_TRUE(thread.ok());
  while (__atomic_load_n(&target.ready, __ATOMIC_ACQUIRE) == 0) (void)sysgate::sys::sched_yield();
  const long tid = thread.value()->tid;
  ASSERT_TRUE(sysgate::SignalThread(tid, SIGUSR1).ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_EQ(handled_on_tid, tid);
  EXPECT_NE(handled_on_tid, sysgate::sys::gettid().value());
}

TEST_F(SignalTest, ProfilingTimerFiresWhileTheProcessRuns) {
  sysgate::SignalAction action;
  action.handler = Record;
  ASSERT_TRUE(sysgate::InstallSignalHandler(SIGPROF, action).ok());
  ASSERT_TRUE(sysgate::StartProfilingTimer(1'000'000).ok());  // every 1 ms of CPU
  const int64_t start = sysgate::MonotonicNanos();
  volatile unsigned long spin = 0;
  while (handled < 5 && sysgate::MonotonicNanos() - start < 5 * sysgate::kNanosPerSecond) ++spin;
  ASSERT_TRUE(sysgate::StopProfilingTimer().ok());
  EXPECT_GE(handled, 5);
  EXPECT_EQ(handled_signo, SIGPROF);
  itimerval now = {};
  getitimer(ITIMER_PROF, &now);
  EXPECT_EQ(now.it_value.tv_sec + now.it_value.tv_usec, 0) << "stopped";
  EXPECT_EQ(sysgate::StartProfilingTimer(10).error(), EINVAL) << "below a microsecond";
}

TEST(SignalSet, AddRemoveHas) {
  auto set = sysgate::SignalSet::Empty().Add(SIGINT).Add(SIGRTMIN + 3);
  EXPECT_TRUE(set.Has(SIGINT));
  EXPECT_TRUE(set.Has(SIGRTMIN + 3));
  EXPECT_FALSE(set.Has(SIGTERM));
  set.Remove(SIGINT);
  EXPECT_FALSE(set.Has(SIGINT));
  EXPECT_TRUE(sysgate::SignalSet::Full().Has(sysgate::SignalSet::kMaxSignal));  // _NSIG
  EXPECT_TRUE(set.valid());
}

// The set is the kernel's sigset_t, which glibc's begins with: unsigned
// longs, signal n at bit (n - 1) % (bits in a long) of word (n - 1) / (bits
// in a long). One 64-bit integer would have its halves the wrong way round
// on a 32-bit big-endian kernel.
TEST(SignalSet, EachSignalIsWhereTheCLibraryPutsIt) {
  for (int signo = 1; signo <= sysgate::SignalSet::kMaxSignal; ++signo) {
    sigset_t expected;
    sigemptyset(&expected);
    if (sigaddset(&expected, signo) != 0) continue;  // glibc's own signals (32 and 33)
    const auto set = sysgate::SignalSet::Empty().Add(signo);
    EXPECT_EQ(memcmp(set.kernel(), &expected, sysgate::kernel::kSigsetSize), 0) << signo;
  }
}

constexpr int kOutOfRange[] = {0, -1, sysgate::SignalSet::kMaxSignal + 1, INT_MIN, INT_MAX};

TEST(SignalSet, OutOfRangeLeavesTheSignalsAndMakesTheSetInvalid) {
  constexpr unsigned long kSigint = 1UL << (SIGINT - 1);
  for (int signo : kOutOfRange) {
    auto added = sysgate::SignalSet::Empty().Add(SIGINT).Add(signo);
    EXPECT_FALSE(added.valid()) << signo;
    EXPECT_EQ(added.kernel()->sig[0], kSigint) << signo;
    for (int i = 1; i < sysgate::kernel::kSigsetWords; ++i) EXPECT_EQ(added.kernel()->sig[i], 0UL);
    EXPECT_FALSE(added.Has(signo)) << signo;
    added.Add(SIGTERM);
    EXPECT_FALSE(added.valid()) << signo << ": it stays invalid";

    auto removed = sysgate::SignalSet::Full().Remove(signo);
    EXPECT_FALSE(removed.valid()) << signo;
    for (int i = 0; i < sysgate::kernel::kSigsetWords; ++i) {
      EXPECT_EQ(removed.kernel()->sig[i], ~0UL) << signo << ", word " << i;
    }
    EXPECT_FALSE(removed.Has(signo)) << signo;
  }
}

bool Blocked(int signo) {
  sigset_t mask;
  sigprocmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, signo) == 1;
}

TEST_F(SignalTest, InvalidSetIsRefusedChangingNothing) {
  for (int signo : kOutOfRange) {
    const auto bad = sysgate::SignalSet::Empty().Add(SIGUSR1).Add(signo);
    auto old = sysgate::SignalSet::Empty().Add(SIGUSR2);
    EXPECT_EQ(sysgate::BlockSignals(bad, &old).error(), EINVAL) << signo;
    EXPECT_EQ(sysgate::SetSignalMask(bad, &old).error(), EINVAL) << signo;
    EXPECT_TRUE(old.Has(SIGUSR2)) << signo << ": old is left alone";
    EXPECT_FALSE(Blocked(SIGUSR1)) << signo;

    ASSERT_TRUE(sysgate::BlockSignals(sysgate::SignalSet::Empty().Add(SIGUSR1)).ok());
    EXPECT_EQ(sysgate::UnblockSignals(bad).error(), EINVAL) << signo;
    EXPECT_TRUE(Blocked(SIGUSR1)) << signo;
    ASSERT_TRUE(sysgate::UnblockSignals(sysgate::SignalSet::Empty().Add(SIGUSR1)).ok());

    sysgate::SignalAction action;
    action.handler = Record;
    action.mask = bad;
    EXPECT_EQ(sysgate::InstallSignalHandler(SIGUSR1, action).error(), EINVAL) << signo;
    struct sigaction current = {};
    ASSERT_EQ(sigaction(SIGUSR1, nullptr, &current), 0);
    EXPECT_NE(reinterpret_cast<void*>(current.sa_sigaction), reinterpret_cast<void*>(Record));
  }
}

// An `old` that was invalid holds the mask, and is valid, once it receives it.
TEST_F(SignalTest, OldMaskIsValidOnceReceived) {
  auto old = sysgate::SignalSet::Empty().Add(0);
  ASSERT_TRUE(sysgate::BlockSignals(sysgate::SignalSet::Empty(), &old).ok());
  EXPECT_TRUE(old.valid());
  EXPECT_EQ(old.Has(SIGUSR1), Blocked(SIGUSR1));
}

}  // namespace
