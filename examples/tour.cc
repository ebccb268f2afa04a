// A tour of sysgate: a few real system calls through the generated stubs,
// errors as values, and a summary of the table this build was generated from.

#include <fcntl.h>
#include <linux/time_types.h>
#include <time.h>

#include <cstdio>
#include <cstring>

#include "sysgate/status.h"
#include "sysgate/syscalls.h"

namespace sys = sysgate::sys;

int main() {
  std::printf("sysgate tour: every call below is a generated stub, no libc in between\n\n");

  std::printf("getpid()        = %d\n", sys::getpid().value());
  std::printf("gettid()        = %d\n", sys::gettid().value());

  __kernel_timespec now{};
  sys::clock_gettime(CLOCK_MONOTONIC, reinterpret_cast<sysgate::kernel::kernel_timespec*>(&now));
  std::printf("clock_gettime() = %lld.%09lld s since boot (CLOCK_MONOTONIC)\n", now.tv_sec,
              now.tv_nsec);

  // Read a file with openat/read/close.
  char buffer[256] = {};
  auto fd = sys::openat(AT_FDCWD, "/proc/sys/kernel/osrelease", O_RDONLY | O_CLOEXEC, 0);
  if (fd.ok()) {
    auto n = sys::read(fd.value(), buffer, sizeof buffer - 1);
    sys::close(fd.value());
    if (n.ok()) buffer[strcspn(buffer, "\n")] = '\0';
  }
  std::printf("kernel release  = %s (openat, read, close)\n", buffer);

  // Errors come back as values; the friendly layer turns them into a Status.
  auto missing = sys::openat(AT_FDCWD, "/no/such/file", O_RDONLY, 0);
  std::printf("openat(\"/no/such/file\") -> raw %ld, errno %d, %s\n", missing.raw(), missing.error(),
              sysgate::ToStatus(missing, "openat").ToString().c_str());

  // And straight to the file descriptor, without stdio.
  const char line[] = "write(1, ...)   = this line, written by the write stub\n";
  std::fflush(stdout);
  sys::write(1, line, sizeof line - 1);

  std::printf("\ntable %s: %d system calls, %d with typed signatures, highest number %ld\n",
              sys::kSyscallTable, sys::kSyscallCount, sys::kTypedSyscallCount, sys::kHighestSyscallNumber);
  return 0;
}
