#include <linux/fcntl.h>

#include "sysgate/file.h"
#include "sysgate/file/open_flags.h"
#include "sysgate/syscalls.h"

namespace sysgate {

Result<int> Open(const char* path, unsigned flags, unsigned mode) {
  return sys::openat(AT_FDCWD, path, internal::OsOpenFlags(flags),
                     static_cast<unsigned short>(mode));
}

Result<long> Read(int fd, void* buffer, unsigned long size) {
  return sys::read(fd, static_cast<char*>(buffer), size);
}

Result<long> Write(int fd, const void* buffer, unsigned long size) {
  return sys::write(fd, static_cast<const char*>(buffer), size);
}

Result<long> Close(int fd) { return sys::close(fd); }

Result<long> Pipe(int fds[2]) { return sys::pipe2(fds, O_CLOEXEC); }

Result<long> SetNonblocking(int fd, bool nonblocking) {
  auto flags = sys::fcntl(fd, F_GETFL, 0);
  if (!flags.ok()) return flags;
  const long wanted = nonblocking ? (flags.value() | O_NONBLOCK) : (flags.value() & ~O_NONBLOCK);
  if (wanted == flags.value()) return Result<long>(0);
  return sys::fcntl(fd, F_SETFL, wanted);
}

long ProcessId() { return sys::getpid().value(); }

void ExitProcess(int code) { sys::exit_group(code); }

}  // namespace sysgate
