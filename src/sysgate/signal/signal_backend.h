// SPDX-License-Identifier: Apache-2.0
// What each backend supplies for sysgate/signal.h: the OS's calls for
// dispositions, the thread's mask, the alternate stack, a signal to one
// thread and the profiling timer. signal.cc writes the public functions once
// over these, with the checks (an invalid SignalSet, a profiling interval
// under a microsecond) that are the same everywhere; signal_linux.cc (the
// raw system calls and sysgate's restorer) and signal_libc.cc (glibc's or
// libSystem's functions and struct sigaction) implement them.

#ifndef SYSGATE_SIGNAL_SIGNAL_BACKEND_H_
#define SYSGATE_SIGNAL_SIGNAL_BACKEND_H_

#include "sysgate/int64.h"
#include "sysgate/result.h"
#include "sysgate/signal.h"

namespace sysgate::backend {

// Installs `action` (its mask valid) for `signo`, with SA_SIGINFO and the
// OS's flags for action.restart and action.on_alternate_stack.
Result<Word> SetSignalHandler(int signo, const SignalAction& action);

enum class SignalDisposition { kDefault, kIgnore };  // SIG_DFL, SIG_IGN

// Sets `signo` to `disposition`, with no flags and an empty mask.
Result<Word> SetSignalDisposition(int signo, SignalDisposition disposition);

enum class MaskChange { kBlock, kUnblock, kSet };  // SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK

// Changes the calling thread's mask by `signals` (valid); when `previous` is
// not null, fills it (an empty set) with the mask before, if the call
// succeeds.
Result<Word> ChangeSignalMask(MaskChange how, const SignalSet& signals, SignalSet* previous);

// sigaltstack: [base, base + size) with no flags, or SS_DISABLE when
// `disable` (base and size then null and 0).
Result<Word> SetSignalStack(void* base, unsigned long size, bool disable);

// Sends `signo` to the thread of this process that CurrentThreadId named.
Result<Word> SendSignalToThread(long tid, int signo);

// ITIMER_PROF every `interval_micros` (>= 0; 0 stops it).
Result<Word> SetProfilingTimer(int64_t interval_micros);

}  // namespace sysgate::backend

#endif  // SYSGATE_SIGNAL_SIGNAL_BACKEND_H_
