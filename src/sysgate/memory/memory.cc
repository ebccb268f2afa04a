// SPDX-License-Identifier: Apache-2.0
// The public functions of sysgate/memory.h, the same in every backend, over
// the primitives of memory_backend.h.

#include "sysgate/memory.h"

#include "sysgate/internal/os_errno.h"
#include "sysgate/memory/advice.h"
#include "sysgate/memory/memory_backend.h"

namespace sysgate {

unsigned long PageSize() { return backend::QueryPageSize(); }

Result<void*> Reserve(unsigned long size) { return backend::MapInaccessible(nullptr, size); }

Result<void> Commit(void* address, unsigned long size) {
  return Result<void>(backend::ProtectPages(address, size, kProtectReadWrite));
}

Result<void> Decommit(void* address, unsigned long size) {
  // Fresh inaccessible pages mapped over the old ones: their memory goes back
  // to the OS at once, a use after decommit faults, and a later Commit reads
  // zeros. Not madvise(MADV_DONTNEED) and mprotect, which give the same on
  // Linux but not on Darwin, whose MADV_DONTNEED may keep the contents.
  return Result<void>(backend::MapInaccessible(address, size));
}

Result<void> Release(void* address, unsigned long size) {
  return Result<void>(backend::UnmapPages(address, size));
}

Result<void> Protect(void* address, unsigned long size, int protection) {
  return Result<void>(backend::ProtectPages(address, size, protection));
}

Result<void> Advise(void* address, unsigned long size, Advice advice) {
  const int os_advice = internal::OsAdvice(advice);
  if (os_advice < 0) return Result<void>::Error(EINVAL);
  return Result<void>(backend::AdvisePages(address, size, os_advice));
}

}  // namespace sysgate
