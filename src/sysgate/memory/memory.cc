// The public functions of sysgate/memory.h, the same in every backend, over
// the primitives of memory_backend.h.

#include "sysgate/memory.h"

#include "sysgate/internal/os_errno.h"
#include "sysgate/memory/advice.h"
#include "sysgate/memory/memory_backend.h"

namespace sysgate {

unsigned long PageSize() { return backend::QueryPageSize(); }

Result<void*> Reserve(unsigned long size) { return backend::MapInaccessible(nullptr, size); }

Result<long> Commit(void* address, unsigned long size) {
  return backend::ProtectPages(address, size, kProtectReadWrite);
}

Result<long> Decommit(void* address, unsigned long size) {
  // Fresh inaccessible pages mapped over the old ones: their memory goes back
  // to the OS at once, a use after decommit faults, and a later Commit reads
  // zeros. Not madvise(MADV_DONTNEED) and mprotect, which give the same on
  // Linux but not on Darwin, whose MADV_DONTNEED may keep the contents.
  auto mapped = backend::MapInaccessible(address, size);
  return mapped.ok() ? Result<long>(0) : Result<long>::Error(mapped.error());
}

Result<long> Release(void* address, unsigned long size) {
  return backend::UnmapPages(address, size);
}

Result<long> Protect(void* address, unsigned long size, int protection) {
  return backend::ProtectPages(address, size, protection);
}

Result<long> Advise(void* address, unsigned long size, Advice advice) {
  const int os_advice = internal::OsAdvice(advice);
  if (os_advice < 0) return Result<long>::Error(EINVAL);
  return backend::AdvisePages(address, size, os_advice);
}

}  // namespace sysgate
