// SPDX-License-Identifier: Apache-2.0
// Files and the process, the same on every OS: open, read, write, close,
// pipes, non-blocking mode, the process id, exit. Each is one or two system
// calls (in the libc backend and on Darwin, the C library's functions for
// them), returning errors as values: safe in a signal handler, and in the
// raw backend on a raw thread. Darwin has no pipe2: Pipe sets close-on-exec
// on each end afterwards, so a concurrent fork and exec may inherit them.

#ifndef SYSGATE_FILE_H_
#define SYSGATE_FILE_H_

#include "sysgate/result.h"

namespace sysgate {

// sysgate's own flags, translated to the OS's: they differ between OSes.
enum OpenFlags : unsigned {
  kOpenRead = 1,
  kOpenWrite = 2,
  kOpenReadWrite = kOpenRead | kOpenWrite,
  kOpenCreate = 4,     // with `mode`
  kOpenTruncate = 8,
  kOpenAppend = 16,
  kOpenExclusive = 32,  // with kOpenCreate: fail if it exists
  kOpenNonblocking = 64,
};

// Opens `path` (close-on-exec, always) and returns the descriptor.
Result<int> Open(const char* path, unsigned flags, unsigned mode = 0);
Result<long> Read(int fd, void* buffer, unsigned long size);
Result<long> Write(int fd, const void* buffer, unsigned long size);
Result<void> Close(int fd);

// A pipe, close-on-exec: fds[0] reads, fds[1] writes.
Result<void> Pipe(int fds[2]);

Result<void> SetNonblocking(int fd, bool nonblocking);

long ProcessId();

// Ends the process (every thread) with `code`.
[[noreturn]] void ExitProcess(int code);

}  // namespace sysgate

#endif  // SYSGATE_FILE_H_
