// SPDX-License-Identifier: Apache-2.0
// WaitOnAddress and WakeAddress in the raw Linux backend: the futex system
// call, private to the process. These are the seam Parker (parker.cc) is
// written once over, as are wait_libc.cc's and wait_darwin.cc's.

#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/time.h>

#include "sysgate/internal/divide.h"
#include "sysgate/internal/linux_calls.h"
#include "sysgate/kernel_types.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace sysgate {
namespace {

unsigned int* FutexWord(const unsigned int* address) { return const_cast<unsigned int*>(address); }

}  // namespace

Result<void> WaitOnAddress(const unsigned int* address, unsigned int expected,
                           int64_t timeout_nanos) {
  if (timeout_nanos < 0) {
    return Result<void>(
        linux_calls::Futex(FutexWord(address), FUTEX_WAIT | FUTEX_PRIVATE_FLAG, expected, nullptr));
  }
  // FUTEX_WAIT's timeout is relative (on CLOCK_MONOTONIC).
  const internal::Quotient seconds = internal::Divide(timeout_nanos, kNanosPerSecond);
  const kernel::kernel_timespec timeout = {seconds.quotient, seconds.remainder};
  return Result<void>(
      linux_calls::Futex(FutexWord(address), FUTEX_WAIT | FUTEX_PRIVATE_FLAG, expected, &timeout));
}

// The register kept whole as a Result<long>: the count of threads woken
// fits a long, whatever a word's width.
Result<long> WakeAddress(const unsigned int* address, int count) {
  return Result<long>(
      linux_calls::Futex(FutexWord(address), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, nullptr).raw());
}

}  // namespace sysgate
