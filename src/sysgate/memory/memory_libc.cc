// SPDX-License-Identifier: Apache-2.0
// The memory primitives of the libc backends (memory_backend.h), glibc's and
// libSystem's: mmap, mprotect, madvise and munmap, and the page size
// (getpagesize; glibc's answers the auxiliary vector's AT_PAGESZ as the raw
// backend does).

#include <sys/mman.h>

#include "sysgate/libcall/libc.h"
#include "sysgate/memory.h"
#include "sysgate/memory/memory_backend.h"

namespace sysgate::backend {

unsigned long QueryPageSize() { return static_cast<unsigned long>(libc::getpagesize()); }

Result<void*> MapInaccessible(void* address, unsigned long size) {
  const int fixed = address != nullptr ? MAP_FIXED : 0;
  return libc::mmap(address, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed,
                    -1, 0);
}

Result<Word> ProtectPages(void* address, unsigned long size, int protection) {
  return libc::mprotect(address, size, protection);
}

Result<Word> AdvisePages(void* address, unsigned long size, int os_advice) {
  return libc::madvise(address, size, os_advice);
}

Result<Word> UnmapPages(void* address, unsigned long size) { return libc::munmap(address, size); }

}  // namespace sysgate::backend
