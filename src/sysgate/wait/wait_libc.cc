// SPDX-License-Identifier: Apache-2.0
// WaitOnAddress and WakeAddress in the libc backend: the futex through glibc's
// syscall(), which has no futex wrapper of its own.

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace sysgate {
namespace {

long AddressWord(const unsigned int* address) { return reinterpret_cast<long>(address); }

}  // namespace

Result<void> WaitOnAddress(const unsigned int* address, unsigned int expected,
                           int64_t timeout_nanos) {
  if (timeout_nanos < 0) {
    return Result<void>(
        libc::syscall(SYS_futex, AddressWord(address), FUTEX_WAIT_PRIVATE, expected, 0, 0));
  }
  // FUTEX_WAIT's timeout is relative (on CLOCK_MONOTONIC).
  const timespec timeout = {timeout_nanos / kNanosPerSecond, timeout_nanos % kNanosPerSecond};
  return Result<void>(libc::syscall(SYS_futex, AddressWord(address), FUTEX_WAIT_PRIVATE, expected,
                                    reinterpret_cast<long>(&timeout), 0));
}

Result<long> WakeAddress(const unsigned int* address, int count) {
  return libc::syscall(SYS_futex, AddressWord(address), FUTEX_WAKE_PRIVATE, count, 0, 0);
}

}  // namespace sysgate
