// SPDX-License-Identifier: Apache-2.0
// Virtual memory, the same on every OS: reserve address space, commit and
// decommit pages in it, protect, advise, release. What an allocator or a
// garbage collector builds its heap from. Addresses and sizes must be
// page-aligned (PageSize()). Each call is one system call (in the libc
// backend and on Darwin, the C library's mmap, mprotect, madvise or
// munmap): safe in a signal handler, and in the raw backend on a raw thread.

#ifndef SYSGATE_MEMORY_H_
#define SYSGATE_MEMORY_H_

#include "sysgate/result.h"

namespace sysgate {

enum Protection : int {
  kProtectNone = 0,
  kProtectRead = 1,
  kProtectWrite = 2,
  kProtectExecute = 4,
  kProtectReadWrite = kProtectRead | kProtectWrite,
};

enum class Advice {
  kNormal,
  kSequential,
  kRandom,
  kWillNeed,
  kDontNeed,    // drop the contents now; the pages read as zero afterwards
  kFree,        // the contents may be dropped under memory pressure
  kHugePage,    // back with huge pages where the OS can
  kNoHugePage,
};

// The size of a page (from the auxiliary vector on Linux).
unsigned long PageSize();

// Address space that is reserved but not usable: no memory, no access.
Result<void*> Reserve(unsigned long size);

// Makes reserved pages readable and writable; they read as zero at first.
Result<void> Commit(void* address, unsigned long size);

// Gives committed pages' memory back to the OS and makes them inaccessible
// again; the address range stays reserved. Fresh PROT_NONE pages mapped over
// the old ones (MAP_FIXED), in every backend.
Result<void> Decommit(void* address, unsigned long size);

// Unmaps the range.
Result<void> Release(void* address, unsigned long size);

Result<void> Protect(void* address, unsigned long size, int protection);

// madvise with the OS's advice for `advice`. On Darwin, whose MADV_DONTNEED
// may keep the contents and which has no huge-page advice, kDontNeed,
// kHugePage and kNoHugePage are EINVAL, and kFree is MADV_FREE_REUSABLE.
Result<void> Advise(void* address, unsigned long size, Advice advice);

}  // namespace sysgate

#endif  // SYSGATE_MEMORY_H_
