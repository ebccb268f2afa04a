// SPDX-License-Identifier: Apache-2.0
// The file primitives of the raw Linux backend (file_backend.h): the system
// calls openat (at AT_FDCWD), read, write, close, pipe2, fcntl, getpid and
// exit_group.

#include <linux/fcntl.h>

#include "sysgate/file/file_backend.h"
#include "sysgate/internal/linux_calls.h"
#include "sysgate/syscalls.h"

namespace sysgate::backend {

Result<int> OpenFile(const char* path, int os_flags, unsigned mode) {
  return sys::openat(AT_FDCWD, path, os_flags, static_cast<unsigned short>(mode));
}

Result<long> ReadFile(int fd, void* buffer, unsigned long size) {
  return sys::read(fd, static_cast<char*>(buffer), size);
}

Result<long> WriteFile(int fd, const void* buffer, unsigned long size) {
  return sys::write(fd, static_cast<const char*>(buffer), size);
}

Result<long> CloseFile(int fd) { return sys::close(fd); }

Result<long> MakePipe(int fds[2]) { return sys::pipe2(fds, O_CLOEXEC); }

Result<long> FileStatusFlags(int fd) { return sys::fcntl(fd, F_GETFL, 0); }

Result<long> SetFileStatusFlags(int fd, long flags) { return sys::fcntl(fd, F_SETFL, flags); }

long GetProcessId() { return linux_calls::ProcessId().value(); }

void ExitAllThreads(int code) { sys::exit_group(code); }

}  // namespace sysgate::backend
