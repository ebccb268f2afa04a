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

Result<long> ChangeMask(backend::MaskChange how, const SignalSet& signals, SignalSet* old) {
  if (!signals.valid()) return Result<long>::Error(EINVAL);
  // Received into a set of its own, so that an `old` that was invalid is
  // valid once it holds the OS's mask, and is left alone when the call fails.
  SignalSet previous = SignalSet::Empty();
  auto changed = backend::ChangeSignalMask(how, signals, old != nullptr ? &previous : nullptr);
  if (changed.ok() && old != nullptr) *old = previous;
  return changed;
}

}  // namespace

Result<long> InstallSignalHandler(int signo, const SignalAction& action) {
  if (!action.mask.valid()) return Result<long>::Error(EINVAL);
  return backend::SetSignalHandler(signo, action);
}

Result<long> SetDefaultSignalAction(int signo) {
  return backend::SetSignalDisposition(signo, backend::SignalDisposition::kDefault);
}

Result<long> IgnoreSignal(int signo) {
  return backend::SetSignalDisposition(signo, backend::SignalDisposition::kIgnore);
}

Result<long> BlockSignals(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(backend::MaskChange::kBlock, signals, old);
}

Result<long> UnblockSignals(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(backend::MaskChange::kUnblock, signals, old);
}

Result<long> SetSignalMask(const SignalSet& signals, SignalSet* old) {
  return ChangeMask(backend::MaskChange::kSet, signals, old);
}

Result<long> SetAlternateSignalStack(void* base, unsigned long size) {
  return backend::SetSignalStack(base, size, /*disable=*/false);
}

Result<long> DisableAlternateSignalStack() {
  return backend::SetSignalStack(nullptr, 0, /*disable=*/true);
}

Result<long> SignalThread(long tid, int signo) { return backend::SendSignalToThread(tid, signo); }

Result<long> StartProfilingTimer(int64_t interval_nanos) {
  if (interval_nanos < 1000) return Result<long>::Error(EINVAL);
  const int64_t micros = internal::Divide(interval_nanos, 1000).quotient;
  return backend::SetProfilingTimer(micros < kMaxIntervalMicros ? micros : kMaxIntervalMicros);
}

Result<long> StopProfilingTimer() { return backend::SetProfilingTimer(0); }

}  // namespace sysgate
