// sysgate's Advice as Linux's madvise(2) advice, shared by the raw and the
// libc backends (the numbers are the kernel's in both).

#ifndef SYSGATE_MEMORY_ADVICE_LINUX_H_
#define SYSGATE_MEMORY_ADVICE_LINUX_H_

#include "sysgate/memory.h"

namespace sysgate::internal {

// MADV_* for `advice`, or -1 for a value outside the enum.
int LinuxAdvice(Advice advice);

}  // namespace sysgate::internal

#endif  // SYSGATE_MEMORY_ADVICE_LINUX_H_
