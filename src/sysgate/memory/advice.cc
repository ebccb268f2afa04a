// SPDX-License-Identifier: Apache-2.0
// Its own translation unit for the MADV_* numbers, which are each OS's own,
// and the check that sysgate's Protection is the OS's PROT_*, which every
// backend passes to mprotect as it is.
// On Linux they come from the kernel's <linux/mman.h>, as the core needs no
// libc header (glibc's <sys/mman.h> has the same numbers and clashes with the
// kernel's in one file).

#if defined(__linux__)
#include <linux/mman.h>
#else
#include <sys/mman.h>
#endif

#include "sysgate/memory/advice.h"

namespace sysgate::internal {

static_assert(kProtectRead == PROT_READ && kProtectWrite == PROT_WRITE &&
                  kProtectExecute == PROT_EXEC,
              "Protection is the OS's PROT_*");

int OsAdvice(Advice advice) {
  switch (advice) {
    case Advice::kNormal:
      return MADV_NORMAL;
    case Advice::kSequential:
      return MADV_SEQUENTIAL;
    case Advice::kRandom:
      return MADV_RANDOM;
    case Advice::kWillNeed:
      return MADV_WILLNEED;
#if defined(__APPLE__)
    // Darwin's MADV_DONTNEED may keep the contents, so it cannot promise
    // zeros (Decommit maps fresh pages instead); MADV_FREE_REUSABLE is the
    // lazy free that also updates the task's footprint, as the Go runtime
    // uses it (mem_darwin.go).
    case Advice::kDontNeed:
      return -1;
    case Advice::kFree:
      return MADV_FREE_REUSABLE;
    case Advice::kHugePage:
    case Advice::kNoHugePage:
      return -1;
#else
    case Advice::kDontNeed:
      return MADV_DONTNEED;
    case Advice::kFree:
      return MADV_FREE;
    case Advice::kHugePage:
      return MADV_HUGEPAGE;
    case Advice::kNoHugePage:
      return MADV_NOHUGEPAGE;
#endif
  }
  return -1;
}

}  // namespace sysgate::internal
