// Virtual memory in the libc backend: glibc's mmap, mprotect, madvise and
// munmap, and its page size (getpagesize, which answers the auxiliary
// vector's AT_PAGESZ as the raw backend does).

#include <errno.h>
#include <sys/mman.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/memory.h"
#include "sysgate/memory/advice_linux.h"

namespace sysgate {
namespace {

static_assert(kProtectRead == PROT_READ && kProtectWrite == PROT_WRITE &&
                  kProtectExecute == PROT_EXEC,
              "Protection is PROT_* on Linux");

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
  const int linux_advice = internal::LinuxAdvice(advice);
  if (linux_advice < 0) return Result<long>::Error(EINVAL);
  return Widen(libc::madvise(address, size, linux_advice));
}

}  // namespace sysgate
