// SPDX-License-Identifier: Apache-2.0
// The memory primitives of the raw Linux backend (memory_backend.h): the
// system calls mmap, mprotect, madvise and munmap, and the page size from
// the auxiliary vector (AT_PAGESZ).

#include <linux/auxvec.h>
#include <linux/mman.h>

#include "sysgate/internal/linux_calls.h"
#include "sysgate/memory.h"
#include "sysgate/memory/memory_backend.h"
#include "sysgate/process/auxv.h"
#include "sysgate/syscalls.h"

namespace sysgate::backend {
namespace {

unsigned long Address(void* p) { return reinterpret_cast<unsigned long>(p); }

}  // namespace

unsigned long QueryPageSize() {
  const unsigned long page = AuxvValue(AT_PAGESZ);
  return page != 0 ? page : 4096;
}

Result<void*> MapInaccessible(void* address, unsigned long size) {
  const int fixed = address != nullptr ? MAP_FIXED : 0;
  return linux_calls::Mmap(Address(address), size, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
}

Result<Word> ProtectPages(void* address, unsigned long size, int protection) {
  return sys::mprotect(Address(address), size, protection);
}

Result<Word> AdvisePages(void* address, unsigned long size, int os_advice) {
  return sys::madvise(Address(address), size, os_advice);
}

Result<Word> UnmapPages(void* address, unsigned long size) {
  return sys::munmap(Address(address), size);
}

}  // namespace sysgate::backend
