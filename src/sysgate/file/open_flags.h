// SPDX-License-Identifier: Apache-2.0
// sysgate's OpenFlags (sysgate/file.h) as the open(2) flags of the OS being
// compiled, shared by every backend.

#ifndef SYSGATE_FILE_OPEN_FLAGS_H_
#define SYSGATE_FILE_OPEN_FLAGS_H_

namespace sysgate::internal {

// `flags` as this OS's O_* flags, O_CLOEXEC always included.
int OsOpenFlags(unsigned flags);

// O_NONBLOCK, which SetNonblocking sets and clears.
int OsNonblockingFlag();

}  // namespace sysgate::internal

#endif  // SYSGATE_FILE_OPEN_FLAGS_H_
