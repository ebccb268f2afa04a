// SPDX-License-Identifier: Apache-2.0
// Signals, the same on every OS: handlers, signal masks, alternate signal
// stacks, signals sent to one thread, and the profiling timer. Signal
// numbers are the OS's (SIGPROF, ...). Everything here is a system call or
// two, or the C library's function for it: safe in a signal handler, and in
// the raw backend on a raw thread.
//
// The backends:
// - raw (Linux, the default): the system calls, with the kernel's struct
//   sigaction and sigset_t, and handlers that return through
//   sysgate's own sa_restorer (glibc's byte pattern) on x86-64, arm64,
//   i386 and arm, through the vDSO's trampoline or the kernel's on the
//   signal stack elsewhere.
// - libc (--config=libc, Linux) and Darwin: the C library's sigaction,
//   pthread_sigmask, sigaltstack and setitimer, and tgkill (Linux) or
//   pthread_kill (Darwin). Handlers return through the C library's restorer
//   (glibc's __restore_rt, libSystem's _sigtramp). A SignalSet is copied
//   into and out of the library's sigset_t with sigaddset and sigismember,
//   so the signals the library keeps to itself are left out: glibc's two
//   internal signals (32 and 33) are never blocked and read back as not
//   blocked, and Darwin has only signals 1 to 31.

#ifndef SYSGATE_SIGNAL_H_
#define SYSGATE_SIGNAL_H_

#include "sysgate/int64.h"
#include "sysgate/kernel/signal.h"
#include "sysgate/result.h"

namespace sysgate {

// A set of signals, in the kernel's layout: signals 1 to kMaxSignal, the
// kernel's _NSIG (64; 128 on mips).
//
// Adding or removing any other number leaves the signals as they were and
// makes the set invalid, as a stream's failbit does, so that a chain of Adds
// needs one check at the end. Every function taking a SignalSet refuses an
// invalid one with EINVAL: a mask with a signal silently missing (or
// another one in its place) would be worse than no mask.
class SignalSet {
 public:
  static constexpr int kMaxSignal = SYSGATE_ARCH_NSIG;

  static SignalSet Empty() { return SignalSet(0); }
  static SignalSet Full() { return SignalSet(~0UL); }

  SignalSet& Add(int signo) {
    if (InRange(signo)) {
      bits_.sig[Index(signo)] |= Bit(signo);
    } else {
      valid_ = false;
    }
    return *this;
  }
  SignalSet& Remove(int signo) {
    if (InRange(signo)) {
      bits_.sig[Index(signo)] &= ~Bit(signo);
    } else {
      valid_ = false;
    }
    return *this;
  }
  // False for a number out of range, which no set holds.
  bool Has(int signo) const {
    return InRange(signo) && (bits_.sig[Index(signo)] & Bit(signo)) != 0;
  }

  // Whether every Add and Remove so far named a signal in range.
  bool valid() const { return valid_; }

  // The bits, for the raw layer, which does not look at valid().
  kernel::sigset_t* kernel() { return &bits_; }
  const kernel::sigset_t* kernel() const { return &bits_; }

 private:
  // Every word of the set is `word`.
  explicit SignalSet(unsigned long word) {
    for (int i = 0; i < kernel::kSigsetWords; ++i) bits_.sig[i] = word;
  }
  static bool InRange(int signo) { return signo >= 1 && signo <= kMaxSignal; }
  static unsigned long Bit(int signo) { return 1UL << ((signo - 1) % kernel::kSigsetWordBits); }
  static int Index(int signo) { return (signo - 1) / kernel::kSigsetWordBits; }

  kernel::sigset_t bits_;
  bool valid_ = true;
};

// The handler's arguments are the kernel's: the signal, its siginfo_t and
// the interrupted context (a ucontext_t).
using SignalHandler = void (*)(int signo, void* info, void* context);

struct SignalAction {
  SignalHandler handler = nullptr;
  SignalSet mask = SignalSet::Empty();  // blocked while the handler runs, besides signo
  bool restart = true;                  // SA_RESTART: restart interrupted system calls
  bool on_alternate_stack = false;      // SA_ONSTACK: run on the sigaltstack, if one is set
};

// Installs `action` for `signo` (SA_SIGINFO, so the handler gets all three
// arguments). In the raw backend the handler returns through sysgate's
// restorer on x86-64, arm64, i386 and arm, which unwinders (libgcc, gdb)
// recognise as a signal frame; riscv64, ppc64, ppc and mips have none the kernel
// uses and return through the vDSO's (or, with no vDSO, a trampoline the
// kernel writes on the signal stack).
// In the libc backend and on Darwin it returns through the C library's,
// which unwinders know too. EINVAL, installing nothing, when action.mask is
// an invalid SignalSet.
Result<void> InstallSignalHandler(int signo, const SignalAction& action);

// Back to the default action, or to ignoring the signal.
Result<void> SetDefaultSignalAction(int signo);
Result<void> IgnoreSignal(int signo);

// The calling thread's mask: add to it, take from it, or replace it. `old`,
// if not null, receives the mask before the change (and is left alone when
// the call fails). EINVAL for an invalid set, changing nothing.
Result<void> BlockSignals(const SignalSet& signals, SignalSet* old = nullptr);
Result<void> UnblockSignals(const SignalSet& signals, SignalSet* old = nullptr);
Result<void> SetSignalMask(const SignalSet& signals, SignalSet* old = nullptr);

// Handlers installed with on_alternate_stack run on [base, base + size) in
// the calling thread. size must be at least MINSIGSTKSZ.
Result<void> SetAlternateSignalStack(void* base, unsigned long size);
Result<void> DisableAlternateSignalStack();

// Sends `signo` to one thread of this process, named by CurrentThreadId
// (tgkill on Linux, pthread_kill on Darwin).
Result<void> SignalThread(long tid, int signo);

// SIGPROF every `interval_nanos` of CPU time used by the process
// (ITIMER_PROF), rounded to microseconds; stopped by StopProfilingTimer.
Result<void> StartProfilingTimer(int64_t interval_nanos);
Result<void> StopProfilingTimer();

}  // namespace sysgate

#endif  // SYSGATE_SIGNAL_H_
