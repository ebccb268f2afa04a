#include <linux/errno.h>
#include <linux/signal.h>
#include <linux/time.h>

#include "sysgate/kernel/time.h"
#include "sysgate/signal.h"
#include "sysgate/syscalls.h"

#ifdef SYSGATE_KERNEL_HAS_SA_RESTORER
extern "C" void sysgate_signal_restorer();

// The restorers' hand-written numbers (restorer_linux_*.S), against the table.
#if defined(__x86_64__)
static_assert(sysgate::sys::nr::rt_sigreturn == 15);
#elif defined(__aarch64__)
static_assert(sysgate::sys::nr::rt_sigreturn == 139);
#endif
#endif

namespace sysgate {
namespace {

Result<long> SetAction(int signo, void* handler, unsigned long flags, const SignalSet& mask) {
  if (!mask.valid()) return Result<long>::Error(EINVAL);
  kernel::sigaction action = {};
  action.handler = handler;
  action.flags = flags;
  action.mask = *mask.kernel();
#ifdef SYSGATE_KERNEL_HAS_SA_RESTORER
  action.flags |= SA_RESTORER;
  action.restorer = sysgate_signal_restorer;
#endif
  return sys::rt_sigaction(signo, &action, nullptr, kernel::kSigsetSize);
}

Result<long> ChangeMask(int how, const SignalSet& signals, SignalSet* old) {
  if (!signals.valid()) return Result<long>::Error(EINVAL);
  // Received into a set of its own, so that an `old` that was invalid is
  // valid once it holds the kernel's mask.
  SignalSet previous = SignalSet::Empty();
  auto changed =
      sys::rt_sigprocmask(how, const_cast<kernel::sigset_t*>(signals.kernel()),
                          old != nullptr ? previous.kernel() : nullptr, kernel::kSigsetSize);
  if (changed.ok() && old != nullptr) *old = previous;
  return changed;
}

Result<long> SetProfilingTimer(long interval_nanos) {
  const long micros = interval_nanos / 1000;
  kernel::kernel_old_timeval interval = {micros / 1'000'000, micros % 1'000'000};
  kernel::kernel_old_itimerval timer = {interval, interval};
  return sys::setitimer(ITIMER_PROF, &timer, nullptr);
}

}  // namespace

Result<long> InstallSignalHandler(int signo, const SignalAction& action) {
  unsigned long flags = SA_SIGINFO;
  if (action.restart) flags |= SA_RESTART;
  if (action.on_alternate_stack) flags |= SA_ONSTACK;
  return SetAction(signo, reinterpret_cast<void*>(action.handler), flags, action.mask);
}

Result<long> SetDefaultSignalAction(int signo) {
  return SetAction(signo, reinterpret_cast<void*>(SIG_DFL), 0, SignalSet::Empty());
}

Result<long> IgnoreSignal(int signo) {
  return SetAction(signo, reinterpret_cast<void*>(SIG_IGN), 0, SignalSet::Empty());
}

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
  kernel::stack_t stack = {base, 0, size};
  return sys::sigaltstack(&stack, nullptr);
}

Result<long> DisableAlternateSignalStack() {
  kernel::stack_t stack = {nullptr, SS_DISABLE, 0};
  return sys::sigaltstack(&stack, nullptr);
}

Result<long> SignalThread(long tid, int signo) {
  return sys::tgkill(sys::getpid().value(), static_cast<int>(tid), signo);
}

Result<long> StartProfilingTimer(long interval_nanos) {
  if (interval_nanos < 1000) return Result<long>::Error(EINVAL);
  return SetProfilingTimer(interval_nanos);
}

Result<long> StopProfilingTimer() { return SetProfilingTimer(0); }

}  // namespace sysgate
