#include <linux/mman.h>
#include <linux/auxvec.h>
#include <linux/errno.h>

#include "sysgate/memory.h"
#include "sysgate/memory/advice.h"
#include "sysgate/process/auxv.h"
#include "sysgate/syscalls.h"

namespace sysgate {
namespace {

static_assert(kProtectRead == PROT_READ && kProtectWrite == PROT_WRITE &&
                  kProtectExecute == PROT_EXEC,
              "Protection is PROT_* on Linux");

unsigned long Address(void* p) { return reinterpret_cast<unsigned long>(p); }

}  // namespace

unsigned long PageSize() {
  const unsigned long page = AuxvValue(AT_PAGESZ);
  return page != 0 ? page : 4096;
}

Result<void*> Reserve(unsigned long size) {
  // MAP_NORESERVE: reserved space is not counted against overcommit limits
  // until it is committed.
  return sys::mmap(0, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
}

Result<long> Commit(void* address, unsigned long size) {
  return sys::mprotect(Address(address), size, PROT_READ | PROT_WRITE);
}

Result<long> Decommit(void* address, unsigned long size) {
  // DONTNEED frees the pages of a private anonymous mapping at once; the
  // protection change makes a use after decommit fault instead of reading
  // zeros.
  auto dropped = sys::madvise(Address(address), size, MADV_DONTNEED);
  if (!dropped.ok()) return dropped;
  return sys::mprotect(Address(address), size, PROT_NONE);
}

Result<long> Release(void* address, unsigned long size) {
  return sys::munmap(Address(address), size);
}

Result<long> Protect(void* address, unsigned long size, int protection) {
  return sys::mprotect(Address(address), size, protection);
}

Result<long> Advise(void* address, unsigned long size, Advice advice) {
  const int os_advice = internal::OsAdvice(advice);
  if (os_advice < 0) return Result<long>::Error(EINVAL);
  return sys::madvise(Address(address), size, os_advice);
}

}  // namespace sysgate
