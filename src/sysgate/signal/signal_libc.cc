// Signals in the libc backends (glibc's and libSystem's): sigaction,
// pthread_sigmask, sigaltstack, setitimer, and tgkill or pthread_kill.
//
// Handlers are installed with the C library's struct sigaction, so they
// return through its restorer (glibc's __restore_rt on x86-64, where glibc
// sets none the vDSO's; libSystem's _sigtramp), not sysgate_signal_restorer:
// the library's sigaction chooses it. Unwinders know them as signal frames.
//
// SignalSet keeps a 64-bit mask; glibc's sigset_t is 1024 bits, Darwin's 32,
// and both are filled and read with sigemptyset, sigaddset and sigismember,
// which refuse what the library keeps out: signals past Darwin's 31, and
// glibc's two internal signals (32 and 33, for cancellation and setxid),
// which read as not blocked.

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/signal.h"

namespace sysgate {
namespace {

// SignalSet's bits, 1 to 64: every signal of every OS sysgate knows.
constexpr int kSignals = SignalSet::kMaxSignal;

libc::sigset_t* LibcSet(sigset_t* set) { return reinterpret_cast<libc::sigset_t*>(set); }
const libc::sigset_t* LibcSet(const sigset_t* set) {
  return reinterpret_cast<const libc::sigset_t*>(set);
}

sigset_t ToLibc(const SignalSet& signals) {
  sigset_t set;
  libc::sigemptyset(LibcSet(&set));
  for (int signo = 1; signo <= kSignals; ++signo) {
    // A refused internal signal stays out, as glibc wants.
    if (signals.Has(signo)) libc::sigaddset(LibcSet(&set), signo);
  }
  return set;
}

SignalSet FromLibc(const sigset_t& set) {
  SignalSet signals = SignalSet::Empty();
  for (int signo = 1; signo <= kSignals; ++signo) {
    if (libc::sigismember(LibcSet(&set), signo).value_or(0) == 1) {
      signals.Add(signo);
    }
  }
  return signals;
}

Result<long> SetAction(int signo, void (*handler)(int, siginfo_t*, void*), int flags,
                       const SignalSet& mask) {
  if (!mask.valid()) return Result<long>::Error(EINVAL);
  struct sigaction action = {};
  action.sa_sigaction = handler;
  action.sa_flags = flags;
  action.sa_mask = ToLibc(mask);
  return Result<long>(libc::sigaction(signo, &action, nullptr).raw());
}

// SIG_DFL or SIG_IGN, with no SA_SIGINFO.
Result<long> SetDisposition(int signo, void (*disposition)(int)) {
  struct sigaction action = {};
  action.sa_handler = disposition;
  libc::sigemptyset(LibcSet(&action.sa_mask));
  return Result<long>(libc::sigaction(signo, &action, nullptr).raw());
}

Result<long> ChangeMask(int how, const SignalSet& signals, SignalSet* old) {
  if (!signals.valid()) return Result<long>::Error(EINVAL);
  const sigset_t set = ToLibc(signals);
  sigset_t previous;
  auto changed =
      libc::pthread_sigmask(how, LibcSet(&set), old != nullptr ? LibcSet(&previous) : nullptr);
  if (changed.ok() && old != nullptr) *old = FromLibc(previous);
  return Result<long>(changed.raw());
}

Result<long> SetProfilingTimer(long interval_nanos) {
  const long micros = interval_nanos / 1000;
  timeval interval = {};
  interval.tv_sec = micros / 1'000'000;
  interval.tv_usec = static_cast<decltype(interval.tv_usec)>(micros % 1'000'000);  // int on Darwin
  const itimerval timer = {interval, interval};
  return Result<long>(libc::setitimer(ITIMER_PROF, &timer, nullptr).raw());
}

Result<long> SetStack(void* base, int flags, unsigned long size) {
  stack_t stack = {};
  stack.ss_sp = base;
  stack.ss_flags = flags;
  stack.ss_size = size;
  return Result<long>(libc::sigaltstack(reinterpret_cast<libc::stack_t*>(&stack), nullptr).raw());
}

}  // namespace

Result<long> InstallSignalHandler(int signo, const SignalAction& action) {
  int flags = SA_SIGINFO;
  if (action.restart) flags |= SA_RESTART;
  if (action.on_alternate_stack) flags |= SA_ONSTACK;
  return SetAction(signo, reinterpret_cast<void (*)(int, siginfo_t*, void*)>(action.handler), flags,
                   action.mask);
}

Result<long> SetDefaultSignalAction(int signo) { return SetDisposition(signo, SIG_DFL); }

Result<long> IgnoreSignal(int signo) { return SetDisposition(signo, SIG_IGN); }

Result<long> BlockSignals(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(SIG_BLOCK, signals, old);
}

Result<long> UnblockSignals(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(SIG_UNBLOCK, signals, old);
}

Result<long> SetSignalMask(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(SIG_SETMASK, signals, old);
}

Result<long> SetAlternateSignalStack(void* base, unsigned long size) {
  return SetStack(base, 0, size);
}

Result<long> DisableAlternateSignalStack() { return SetStack(nullptr, SS_DISABLE, 0); }

Result<long> SignalThread(long tid, int signo) {
#if defined(__APPLE__)
  return Result<long>(libc::pthread_kill(reinterpret_cast<pthread_t>(tid), signo).raw());
#else
  return Result<long>(libc::tgkill(libc::getpid(), static_cast<int>(tid), signo).raw());
#endif
}

Result<long> StartProfilingTimer(long interval_nanos) {
  if (interval_nanos < 1000) return Result<long>::Error(EINVAL);
  return SetProfilingTimer(interval_nanos);
}

Result<long> StopProfilingTimer() { return SetProfilingTimer(0); }

}  // namespace sysgate
