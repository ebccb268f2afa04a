// Files and the process in the libc backends (glibc's and libSystem's):
// open, read, write, close, pipe, fcntl, getpid and _exit.

#include <fcntl.h>

#include "sysgate/file.h"
#include "sysgate/file/open_flags.h"
#include "sysgate/libcall/libc.h"

namespace sysgate {

Result<int> Open(const char* path, unsigned flags, unsigned mode) {
  return libc::open(path, internal::OsOpenFlags(flags), mode);
}

Result<long> Read(int fd, void* buffer, unsigned long size) { return libc::read(fd, buffer, size); }

Result<long> Write(int fd, const void* buffer, unsigned long size) {
  return libc::write(fd, buffer, size);
}

Result<long> Close(int fd) { return Result<long>(libc::close(fd).raw()); }

Result<long> Pipe(int fds[2]) {
#if defined(__APPLE__)
  // Darwin has no pipe2: close-on-exec is set on each end afterwards, which
  // leaves a window where a concurrent fork+exec inherits them (as the Go
  // runtime accepts on Darwin).
  auto made = libc::pipe(fds);
  if (!made.ok()) return Result<long>(made.raw());
  for (int i = 0; i < 2; ++i) {
    auto set = libc::fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    if (!set.ok()) {
      libc::close(fds[0]);
      libc::close(fds[1]);
      return Result<long>(set.raw());
    }
  }
  return Result<long>(0);
#else
  return Result<long>(libc::pipe2(fds, O_CLOEXEC).raw());
#endif
}

Result<long> SetNonblocking(int fd, bool nonblocking) {
  auto flags = libc::fcntl(fd, F_GETFL, 0);
  if (!flags.ok()) return Result<long>(flags.raw());
  const int wanted = nonblocking ? (flags.value() | O_NONBLOCK) : (flags.value() & ~O_NONBLOCK);
  if (wanted == flags.value()) return Result<long>(0);
  return Result<long>(libc::fcntl(fd, F_SETFL, wanted).raw());
}

long ProcessId() { return libc::getpid(); }

// _exit ends the whole process (glibc's is exit_group), as the raw backend's.
void ExitProcess(int code) { libc::exit(code); }

}  // namespace sysgate
