// sysgate's OpenFlags as Linux's open(2) flags, shared by the raw and the
// libc backends (the numbers are the kernel's in both).

#ifndef SYSGATE_FILE_OPEN_FLAGS_LINUX_H_
#define SYSGATE_FILE_OPEN_FLAGS_LINUX_H_

namespace sysgate::internal {

// `flags` (sysgate/file.h) as O_* flags, O_CLOEXEC always included.
int LinuxOpenFlags(unsigned flags);

}  // namespace sysgate::internal

#endif  // SYSGATE_FILE_OPEN_FLAGS_LINUX_H_
