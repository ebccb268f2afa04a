// SPDX-License-Identifier: Apache-2.0
// What each backend supplies for sysgate/file.h: one OS call each. file.cc
// writes the public functions once over these, with what is the same
// everywhere (OpenFlags translated by open_flags.cc, SetNonblocking's read,
// change and write of the status flags); file_linux.cc (the raw system
// calls) and file_libc.cc (glibc's or libSystem's functions) implement
// them.

#ifndef SYSGATE_FILE_FILE_BACKEND_H_
#define SYSGATE_FILE_FILE_BACKEND_H_

#include "sysgate/result.h"

namespace sysgate::backend {

// open(path, os_flags, mode) relative to the working directory; `os_flags`
// are the OS's O_* (internal::OsOpenFlags).
Result<int> OpenFile(const char* path, int os_flags, unsigned mode);

Result<Word> ReadFile(int fd, void* buffer, unsigned long size);
Result<Word> WriteFile(int fd, const void* buffer, unsigned long size);
Result<Word> CloseFile(int fd);

// A pipe whose two ends are close-on-exec.
Result<Word> MakePipe(int fds[2]);

// fcntl(fd, F_GETFL) and fcntl(fd, F_SETFL, flags): the OS's O_* flags.
Result<Word> FileStatusFlags(int fd);
Result<Word> SetFileStatusFlags(int fd, long flags);

long GetProcessId();

// Ends every thread of the process with `code`.
[[noreturn]] void ExitAllThreads(int code);

}  // namespace sysgate::backend

#endif  // SYSGATE_FILE_FILE_BACKEND_H_
