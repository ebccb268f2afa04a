// SPDX-License-Identifier: Apache-2.0
// The signal primitives of the libc backends (signal_backend.h), glibc's and
// libSystem's: sigaction, pthread_sigmask, sigaltstack, setitimer, and
// tgkill or pthread_kill.
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

#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/signal.h"
#include "sysgate/signal/signal_backend.h"

namespace sysgate::backend {
namespace {

// SignalSet's bits, 1 to 64: every signal of every OS sysgate knows.
constexpr int kSignals = SignalSet::kMaxSignal;

libc::sigset_t* LibcSet(sigset_t* set) { return reinterpret_cast<libc::sigset_t*>(set); }
const libc::sigset_t* LibcSet(const sigset_t* set) {
  return reinterpret_cast<const libc::sigset_t*>(set);
}

sigset_t ToLibc(const SignalSet& signals) {
  sigset_t set;
  (void)libc::sigemptyset(LibcSet(&set));  // fails only for a null set
  for (int signo = 1; signo <= kSignals; ++signo) {
    // A refused internal signal stays out, as glibc wants.
    if (signals.Has(signo)) (void)libc::sigaddset(LibcSet(&set), signo);
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

Result<Word> SetAction(int signo, void (*handler)(int, siginfo_t*, void*), int flags,
                       const SignalSet& mask) {
  struct sigaction action = {};
  action.sa_sigaction = handler;
  action.sa_flags = flags;
  action.sa_mask = ToLibc(mask);
  return libc::sigaction(signo, &action, nullptr);
}

}  // namespace

Result<Word> SetSignalHandler(int signo, const SignalAction& action) {
  int flags = SA_SIGINFO;
  if (action.restart) flags |= SA_RESTART;
  if (action.on_alternate_stack) flags |= SA_ONSTACK;
  return SetAction(signo, reinterpret_cast<void (*)(int, siginfo_t*, void*)>(action.handler), flags,
                   action.mask);
}

// SIG_DFL or SIG_IGN, with no SA_SIGINFO.
Result<Word> SetSignalDisposition(int signo, SignalDisposition disposition) {
  struct sigaction action = {};
  action.sa_handler = disposition == SignalDisposition::kDefault ? SIG_DFL : SIG_IGN;
  (void)libc::sigemptyset(LibcSet(&action.sa_mask));  // fails only for a null set
  return libc::sigaction(signo, &action, nullptr);
}

Result<Word> ChangeSignalMask(MaskChange how, const SignalSet& signals, SignalSet* previous) {
  const int os_how = how == MaskChange::kBlock     ? SIG_BLOCK
                     : how == MaskChange::kUnblock ? SIG_UNBLOCK
                                                   : SIG_SETMASK;
  const sigset_t set = ToLibc(signals);
  sigset_t before;
  auto changed = libc::pthread_sigmask(os_how, LibcSet(&set),
                                       previous != nullptr ? LibcSet(&before) : nullptr);
  if (changed.ok() && previous != nullptr) *previous = FromLibc(before);
  return changed;
}

Result<Word> SetSignalStack(void* base, unsigned long size, bool disable) {
  stack_t stack = {};
  stack.ss_sp = base;
  stack.ss_flags = disable ? SS_DISABLE : 0;
  stack.ss_size = size;
  return libc::sigaltstack(reinterpret_cast<libc::stack_t*>(&stack), nullptr);
}

Result<Word> SendSignalToThread(long tid, int signo) {
#if defined(__APPLE__)
  return libc::pthread_kill(reinterpret_cast<pthread_t>(tid), signo);
#else
  return libc::tgkill(libc::getpid(), static_cast<int>(tid), signo);
#endif
}

Result<Word> SetProfilingTimer(int64_t interval_micros) {
  timeval interval = {};
  interval.tv_sec = interval_micros / 1'000'000;
  // int on Darwin
  interval.tv_usec = static_cast<decltype(interval.tv_usec)>(interval_micros % 1'000'000);
  const itimerval timer = {interval, interval};
  return libc::setitimer(ITIMER_PROF, &timer, nullptr);
}

}  // namespace sysgate::backend
