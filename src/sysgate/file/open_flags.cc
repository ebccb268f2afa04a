// SPDX-License-Identifier: Apache-2.0
// Its own translation unit for the O_* numbers, which are each OS's own
// (O_CREAT is 0100 on Linux, 0x200 on Darwin). On Linux they come from the
// kernel's <linux/fcntl.h>, as the core needs no libc header (glibc's are the
// same numbers, and its <fcntl.h> clashes with the kernel's in one file).

#if defined(__linux__)
#include <linux/fcntl.h>
#else
#include <fcntl.h>
#endif

#include "sysgate/file.h"
#include "sysgate/file/open_flags.h"

namespace sysgate::internal {

int OsOpenFlags(unsigned flags) {
  int os_flags = O_CLOEXEC;
  switch (flags & kOpenReadWrite) {
    case kOpenRead:
      os_flags |= O_RDONLY;
      break;
    case kOpenWrite:
      os_flags |= O_WRONLY;
      break;
    default:
      os_flags |= O_RDWR;
      break;
  }
  if (flags & kOpenCreate) os_flags |= O_CREAT;
  if (flags & kOpenTruncate) os_flags |= O_TRUNC;
  if (flags & kOpenAppend) os_flags |= O_APPEND;
  if (flags & kOpenExclusive) os_flags |= O_EXCL;
  if (flags & kOpenNonblocking) os_flags |= O_NONBLOCK;
  return os_flags;
}

int OsNonblockingFlag() { return O_NONBLOCK; }

}  // namespace sysgate::internal
