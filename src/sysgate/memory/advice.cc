// Its own translation unit: the kernel's <linux/mman.h>, which clashes with
// glibc's <sys/mman.h> in a file that includes both.

#include "sysgate/memory/advice_linux.h"

#include <linux/mman.h>

namespace sysgate::internal {

int LinuxAdvice(Advice advice) {
  switch (advice) {
    case Advice::kNormal:
      return MADV_NORMAL;
    case Advice::kSequential:
      return MADV_SEQUENTIAL;
    case Advice::kRandom:
      return MADV_RANDOM;
    case Advice::kWillNeed:
      return MADV_WILLNEED;
    case Advice::kDontNeed:
      return MADV_DONTNEED;
    case Advice::kFree:
      return MADV_FREE;
    case Advice::kHugePage:
      return MADV_HUGEPAGE;
    case Advice::kNoHugePage:
      return MADV_NOHUGEPAGE;
  }
  return -1;
}

}  // namespace sysgate::internal
