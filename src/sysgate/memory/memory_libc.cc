// Virtual memory in the libc backends (glibc's and libSystem's): mmap,
// mprotect, madvise and munmap, and the page size (getpagesize; glibc's
// answers the auxiliary vector's AT_PAGESZ as the raw backend does).

#include <errno.h>
#include <sys/mman.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/memory.h"
#include "sysgate/memory/advice.h"

namespace sysgate {
namespace {

static_assert(kProtectRead == PROT_READ && kProtectWrite == PROT_WRITE &&
                  kProtectExecute == PROT_EXEC,
              "Protection is PROT_* on Linux and Darwin");

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
  // Fresh inaccessible pages mapped over the old ones: their memory goes back
  // to the OS at once, a use after decommit faults, and a later Commit reads
  // zeros. (Darwin's MADV_DONTNEED may keep the contents, so the raw
  // backend's madvise-then-mprotect would not promise the zeros there.)
  auto mapped = libc::mmap(address, size, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  return mapped.ok() ? Result<long>(0) : Result<long>::Error(mapped.error());
}

Result<long> Release(void* address, unsigned long size) {
  return Widen(libc::munmap(address, size));
}

Result<long> Protect(void* address, unsigned long size, int protection) {
  return Widen(libc::mprotect(address, size, protection));
}

Result<long> Advise(void* address, unsigned long size, Advice advice) {
  const int os_advice = internal::OsAdvice(advice);
  if (os_advice < 0) return Result<long>::Error(EINVAL);
  return Widen(libc::madvise(address, size, os_advice));
}

}  // namespace sysgate
