// SPDX-License-Identifier: Apache-2.0
// The file primitives of the libc backends (file_backend.h), glibc's and
// libSystem's: open, read, write, close, pipe2 (pipe and fcntl on Darwin),
// fcntl, getpid and _exit.

#include <fcntl.h>

#include "sysgate/file/file_backend.h"
#include "sysgate/libcall/libc.h"

namespace sysgate::backend {

Result<int> OpenFile(const char* path, int os_flags, unsigned mode) {
  return libc::open(path, os_flags, mode);
}

Result<Word> ReadFile(int fd, void* buffer, unsigned long size) {
  return libc::read(fd, buffer, size);
}

Result<Word> WriteFile(int fd, const void* buffer, unsigned long size) {
  return libc::write(fd, buffer, size);
}

Result<Word> CloseFile(int fd) { return libc::close(fd); }

Result<Word> MakePipe(int fds[2]) {
#if defined(__APPLE__)
  // Darwin has no pipe2: close-on-exec is set on each end afterwards, which
  // leaves a window where a concurrent fork+exec inherits them (as the Go
  // runtime accepts on Darwin).
  auto made = libc::pipe(fds);
  if (!made.ok()) return made;
  for (int i = 0; i < 2; ++i) {
    auto set = libc::fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    if (!set.ok()) {
      // The pipe is of no use to the caller, and the fcntl error is the one
      // to report.
      (void)libc::close(fds[0]);
      (void)libc::close(fds[1]);
      return set;
    }
  }
  return Result<Word>::Ok(0);
#else
  return libc::pipe2(fds, O_CLOEXEC);
#endif
}

Result<Word> FileStatusFlags(int fd) { return libc::fcntl(fd, F_GETFL, 0); }

Result<Word> SetFileStatusFlags(int fd, long flags) { return libc::fcntl(fd, F_SETFL, flags); }

long GetProcessId() { return libc::getpid(); }

// _exit ends the whole process (glibc's is exit_group), as the raw backend's.
void ExitAllThreads(int code) { libc::exit(code); }

}  // namespace sysgate::backend
