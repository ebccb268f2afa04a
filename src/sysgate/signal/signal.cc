// SPDX-License-Identifier: Apache-2.0
// The public functions of sysgate/signal.h, the same in every backend, over
// the primitives of signal_backend.h.

#include "sysgate/signal.h"

#include "sysgate/internal/divide.h"
#include "sysgate/internal/os_errno.h"
#include "sysgate/signal/signal_backend.h"

namespace sysgate {
namespace {

// setitimer's struct timeval counts seconds in a long: 2^31 - 1 of them (68
// years) on the 32-bit architectures, where a longer interval is cut to it.
constexpr int64_t kMaxIntervalMicros = int64_t{0x7fffffff} * 1'000'000;

Result<void> ChangeMask(backend::MaskChange how, const SignalSet& signals, SignalSet* old) {
  if (!signals.valid()) return Result<void>::Error(EINVAL);
  // Received into a set of its own, so that an `old` that was invalid is
  // valid once it holds the OS's mask, and is left alone when the call fails.
  SignalSet previous = SignalSet::Empty();
  auto changed = backend::ChangeSignalMask(how, signals, old != nullptr ? &previous : nullptr);
  if (changed.ok() && old != nullptr) *old = previous;
  return Result<void>(changed);
}

}  // namespace

Result<void> InstallSignalHandler(int signo, const SignalAction& action) {
  if (!action.mask.valid()) return Result<void>::Error(EINVAL);
  return Result<void>(backend::SetSignalHandler(signo, action));
}

Result<void> SetDefaultSignalAction(int signo) {
  return Result<void>(backend::SetSignalDisposition(signo, backend::SignalDisposition::kDefault));
}

Result<void> IgnoreSignal(int signo) {
  return Result<void>(backend::SetSignalDisposition(signo, backend::SignalDisposition::kIgnore));
}

Result<void> BlockSignals(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(backend::MaskChange::kBlock, signals, old);
}

Result<void> UnblockSignals(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(backend::MaskChange::kUnblock, signals, old);
}

Result<void> SetSignalMask(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(backend::MaskChange::kSet, signals, old);
}

Result<void> SetAlternateSignalStack(void* base, unsigned long size) {
  return Result<void>(backend::SetSignalStack(base, size, /*disable=*/false));
}

Result<void> DisableAlternateSignalStack() {
  return Result<void>(backend::SetSignalStack(nullptr, 0, /*disable=*/true));
}

Result<void> SignalThread(long tid, int signo) {
  return Result<void>(backend::SendSignalToThread(tid, signo));
}

Result<void> StartProfilingTimer(int64_t interval_nanos) {
  if (interval_nanos < 1000) return Result<void>::Error(EINVAL);
  const int64_t micros = internal::Divide(interval_nanos, 1000).quotient;
  return Result<void>(
      backend::SetProfilingTimer(micros < kMaxIntervalMicros ? micros : kMaxIntervalMicros));
}

Result<void> StopProfilingTimer() { return Result<void>(backend::SetProfilingTimer(0)); }

}  // namespace sysgate
