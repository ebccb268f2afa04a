// SPDX-License-Identifier: Apache-2.0
// The public functions of sysgate/file.h, the same in every backend, over
// the primitives of file_backend.h.

#include "sysgate/file.h"

#include "sysgate/file/file_backend.h"
#include "sysgate/file/open_flags.h"

namespace sysgate {

Result<int> Open(const char* path, unsigned flags, unsigned mode) {
  return backend::OpenFile(path, internal::OsOpenFlags(flags), mode);
}

// The backend's register kept whole as a Result<long>: a count of bytes
// fits a long, whatever a word's width.
Result<long> Read(int fd, void* buffer, unsigned long size) {
  return Result<long>(backend::ReadFile(fd, buffer, size).raw());
}

Result<long> Write(int fd, const void* buffer, unsigned long size) {
  return Result<long>(backend::WriteFile(fd, buffer, size).raw());
}

Result<void> Close(int fd) { return Result<void>(backend::CloseFile(fd)); }

Result<void> Pipe(int fds[2]) { return Result<void>(backend::MakePipe(fds)); }

Result<void> SetNonblocking(int fd, bool nonblocking) {
  auto flags = backend::FileStatusFlags(fd);
  if (!flags.ok()) return Result<void>(flags);
  const long bit = internal::OsNonblockingFlag();
  const long wanted = nonblocking ? (flags.value() | bit) : (flags.value() & ~bit);
  if (wanted == flags.value()) return Result<void>::Ok();
  return Result<void>(backend::SetFileStatusFlags(fd, wanted));
}

long ProcessId() { return backend::GetProcessId(); }

void ExitProcess(int code) { backend::ExitAllThreads(code); }

}  // namespace sysgate
