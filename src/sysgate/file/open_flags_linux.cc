// Its own translation unit: the kernel's <linux/fcntl.h>, which clashes with
// glibc's <fcntl.h> in a file that includes both.

#include "sysgate/file/open_flags_linux.h"

#include <linux/fcntl.h>

#include "sysgate/file.h"

namespace sysgate::internal {

int LinuxOpenFlags(unsigned flags) {
  int linux_flags = O_CLOEXEC;
  switch (flags & kOpenReadWrite) {
    case kOpenRead:
      linux_flags |= O_RDONLY;
      break;
    case kOpenWrite:
      linux_flags |= O_WRONLY;
      break;
    default:
      linux_flags |= O_RDWR;
      break;
  }
  if (flags & kOpenCreate) linux_flags |= O_CREAT;
  if (flags & kOpenTruncate) linux_flags |= O_TRUNC;
  if (flags & kOpenAppend) linux_flags |= O_APPEND;
  if (flags & kOpenExclusive) linux_flags |= O_EXCL;
  if (flags & kOpenNonblocking) linux_flags |= O_NONBLOCK;
  return linux_flags;
}

}  // namespace sysgate::internal
