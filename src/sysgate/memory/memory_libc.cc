// Virtual memory in the libc backend: glibc's mmap, mprotect, madvise and
// munmap, and its page size (getpagesize, which answers the auxiliary
// vector's AT_PAGESZ as the raw backend does).

#include <errno.h>
#include <sys/mman.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/memory.h"

namespace sysgate {
namespace {

static_assert(kProtectRead == PROT_READ && kProtectWrite == PROT_WRITE &&
                  kProtectExecute == PROT_EXEC,
              "Protection is PROT_* on Linux");

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

Result<long> Widen(Result<int> result) { return Result<long>(result.raw()); }

}  // namespace

unsigned long PageSize() { return static_cast<unsigned long>(libc::getpagesize()); }

Result<void*> Reserve(unsigned long size) {
  // MAP_NORESERVE: reserved space is not counted against overcommit limits
  // until it is committed.
  return libc::mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
}

Result<long> Commit(void* address, unsigned long size) {
  return Widen(libc::mprotect(address, size, PROT_READ | PROT_WRITE));
}

Result<long> Decommit(void* address, unsigned long size) {
  // DONTNEED frees the pages of a private anonymous mapping at once; the
  // protection change makes a use after decommit fault instead of reading
  // zeros.
  auto dropped = libc::madvise(address, size, MADV_DONTNEED);
  if (!dropped.ok()) return Widen(dropped);
  return Widen(libc::mprotect(address, size, PROT_NONE));
}

Result<long> Release(void* address, unsigned long size) {
  return Widen(libc::munmap(address, size));
}

Result<long> Protect(void* address, unsigned long size, int protection) {
  return Widen(libc::mprotect(address, size, protection));
}

Result<long> Advise(void* address, unsigned long size, Advice advice) {
  const int linux_advice = LinuxAdvice(advice);
  if (linux_advice < 0) return Result<long>::Error(EINVAL);
  return Widen(libc::madvise(address, size, linux_advice));
}

}  // namespace sysgate
