// SPDX-License-Identifier: Apache-2.0
// The signal primitives of the raw Linux backend (signal_backend.h): the
// system calls rt_sigaction (with the kernel's struct sigaction and, where
// the architecture has one, sysgate's sa_restorer), rt_sigprocmask,
// sigaltstack, tgkill and setitimer.

#include <linux/signal.h>
#include <linux/time.h>

#include "sysgate/internal/divide.h"
#include "sysgate/internal/linux_calls.h"
#include "sysgate/kernel/signal.h"
#include "sysgate/kernel_types.h"
#include "sysgate/signal.h"
#include "sysgate/signal/signal_backend.h"
#include "sysgate/syscalls.h"

#ifdef SYSGATE_ARCH_HAS_SA_RESTORER
extern "C" void sysgate_signal_restorer();
#endif

namespace sysgate::backend {
namespace {

Result<Word> SetAction(int signo, void* handler, unsigned long flags, const SignalSet& mask) {
  kernel::sigaction action = {};
  action.handler = handler;
  action.flags = flags;
  action.mask = *mask.kernel();
  void* restorer = nullptr;  // where rt_sigaction takes one: none, the kernel's own
#if defined(SYSGATE_ARCH_RESTORER_ARGUMENT)
  restorer = reinterpret_cast<void*>(sysgate_signal_restorer);
#elif defined(SYSGATE_ARCH_HAS_SA_RESTORER)
  action.flags |= SA_RESTORER;
  action.restorer = sysgate_signal_restorer;
#endif
  return linux_calls::RtSigaction(signo, &action, restorer);
}

}  // namespace

Result<Word> SetSignalHandler(int signo, const SignalAction& action) {
  unsigned long flags = SA_SIGINFO;
  if (action.restart) flags |= SA_RESTART;
  if (action.on_alternate_stack) flags |= SA_ONSTACK;
  return SetAction(signo, reinterpret_cast<void*>(action.handler), flags, action.mask);
}

Result<Word> SetSignalDisposition(int signo, SignalDisposition disposition) {
  auto* handler = disposition == SignalDisposition::kDefault ? SIG_DFL : SIG_IGN;
  return SetAction(signo, reinterpret_cast<void*>(handler), 0, SignalSet::Empty());
}

Result<Word> ChangeSignalMask(MaskChange how, const SignalSet& signals, SignalSet* previous) {
  const int os_how = how == MaskChange::kBlock     ? SIG_BLOCK
                     : how == MaskChange::kUnblock ? SIG_UNBLOCK
                                                   : SIG_SETMASK;
  return sys::rt_sigprocmask(os_how, const_cast<kernel::sigset_t*>(signals.kernel()),
                             previous != nullptr ? previous->kernel() : nullptr,
                             kernel::kSigsetSize);
}

Result<Word> SetSignalStack(void* base, unsigned long size, bool disable) {
  // The uapi's stack_t, struct sigaltstack (kernel_types.h): mips puts
  // ss_size before ss_flags, so the fields are set by name.
  kernel::sigaltstack stack = {};
  stack.ss_sp = base;
  stack.ss_flags = disable ? SS_DISABLE : 0;
  stack.ss_size = size;
  return sys::sigaltstack(&stack, nullptr);
}

Result<Word> SendSignalToThread(long tid, int signo) {
  return sys::tgkill(linux_calls::ProcessId().value(), static_cast<int>(tid), signo);
}

Result<Word> SetProfilingTimer(int64_t interval_micros) {
  const internal::Quotient seconds = internal::Divide(interval_micros, 1'000'000);
  // The fields' widths are the architecture's (sparc64's tv_usec is an int,
  // x32's tv_sec a long long); the remainder is below a million.
  kernel::kernel_old_timeval interval = {
      static_cast<decltype(kernel::kernel_old_timeval::tv_sec)>(seconds.quotient),
      static_cast<decltype(kernel::kernel_old_timeval::tv_usec)>(seconds.remainder),
  };
  kernel::kernel_old_itimerval timer = {interval, interval};
  return sys::setitimer(ITIMER_PROF, &timer, nullptr);
}

}  // namespace sysgate::backend
