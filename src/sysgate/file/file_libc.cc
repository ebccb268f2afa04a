// Files and the process in the libc backend: glibc's open, read, write,
// close, pipe2, fcntl, getpid and _exit.

#include <fcntl.h>

#include "sysgate/file.h"
#include "sysgate/file/open_flags_linux.h"
#include "sysgate/libcall/libc.h"

namespace sysgate {

Result<int> Open(const char* path, unsigned flags, unsigned mode) {
  return libc::open(path, internal::LinuxOpenFlags(flags), mode);
}

Result<long> Read(int fd, void* buffer, unsigned long size) { return libc::read(fd, buffer, size); }

Result<long> Write(int fd, const void* buffer, unsigned long size) {
  return libc::write(fd, buffer, size);
}

Result<long> Close(int fd) { return Result<long>(libc::close(fd).raw()); }

Result<long> Pipe(int fds[2]) { return Result<long>(libc::pipe2(fds, O_CLOEXEC).raw()); }

Result<long> SetNonblocking(int fd, bool nonblocking) {
  auto flags = libc::fcntl(fd, F_GETFL, 0);
  if (!flags.ok()) return Result<long>(flags.raw());
  const int wanted = nonblocking ? (flags.value() | O_NONBLOCK) : (flags.value() & ~O_NONBLOCK);
  if (wanted == flags.value()) return Result<long>(0);
  return Result<long>(libc::fcntl(fd, F_SETFL, wanted).raw());
}

long ProcessId() { return libc::getpid(); }

// glibc's _exit is exit_group, as the raw backend's.
void ExitProcess(int code) { libc::exit(code); }

}  // namespace sysgate
