// WaitOnAddress and WakeAddress in the raw Linux backend: the futex system
// call, private to the process. These are the seam Parker (parker.cc) is
// written once over, as are wait_libc.cc's and wait_darwin.cc's.

#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/time.h>

#include "sysgate/kernel/time.h"
#include "sysgate/syscalls.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace sysgate {
namespace {

unsigned int* Word(const unsigned int* address) { return const_cast<unsigned int*>(address); }

}  // namespace

Result<long> WaitOnAddress(const unsigned int* address, unsigned int expected, long timeout_nanos) {
  if (timeout_nanos < 0) {
    return sys::futex(Word(address), FUTEX_WAIT | FUTEX_PRIVATE_FLAG, expected, nullptr, nullptr, 0);
  }
  // FUTEX_WAIT's timeout is relative (on CLOCK_MONOTONIC).
  const kernel::kernel_timespec timeout = {timeout_nanos / kNanosPerSecond,
                                           timeout_nanos % kNanosPerSecond};
  return sys::futex(Word(address), FUTEX_WAIT | FUTEX_PRIVATE_FLAG, expected, &timeout, nullptr, 0);
}

Result<long> WakeAddress(const unsigned int* address, int count) {
  return sys::futex(Word(address), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, nullptr, nullptr, 0);
}

}  // namespace sysgate
