// SPDX-License-Identifier: Apache-2.0
// What each backend supplies for sysgate/memory.h: the page size and the
// four calls on mappings. memory.cc writes the public functions once over
// these (Reserve and Decommit are both a fresh inaccessible mapping, Commit
// a protection change); memory_linux.cc (the raw system calls and the
// auxiliary vector) and memory_libc.cc (glibc's or libSystem's functions)
// implement them.

#ifndef SYSGATE_MEMORY_MEMORY_BACKEND_H_
#define SYSGATE_MEMORY_MEMORY_BACKEND_H_

#include "sysgate/result.h"

namespace sysgate::backend {

// The size of a page, as the OS says.
unsigned long QueryPageSize();

// Fresh private anonymous pages with no access, not counted against
// overcommit limits (MAP_NORESERVE), reading as zero once made accessible:
// anywhere when `address` is null, otherwise exactly over [address,
// address + size), replacing whatever was mapped there (MAP_FIXED).
Result<void*> MapInaccessible(void* address, unsigned long size);

// mprotect; `protection` is sysgate's Protection, which is the OS's PROT_*
// (advice.cc checks).
Result<Word> ProtectPages(void* address, unsigned long size, int protection);

// madvise with the OS's MADV_* (internal::OsAdvice).
Result<Word> AdvisePages(void* address, unsigned long size, int os_advice);

// munmap.
Result<Word> UnmapPages(void* address, unsigned long size);

}  // namespace sysgate::backend

#endif  // SYSGATE_MEMORY_MEMORY_BACKEND_H_
