// SPDX-License-Identifier: Apache-2.0
// sysgate's Advice (sysgate/memory.h) as the madvise(2) advice of the OS being
// compiled, shared by every backend.

#ifndef SYSGATE_MEMORY_ADVICE_H_
#define SYSGATE_MEMORY_ADVICE_H_

#include "sysgate/memory.h"

namespace sysgate::internal {

// MADV_* for `advice`, or -1 where this OS has no advice that does what
// sysgate/memory.h promises (and for a value outside the enum).
int OsAdvice(Advice advice);

}  // namespace sysgate::internal

#endif  // SYSGATE_MEMORY_ADVICE_H_
