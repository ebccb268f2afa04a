// SPDX-License-Identifier: Apache-2.0
// The name and description of an errno value, from tables/OS/errno.tbl.
//
// strerror is neither async-signal-safe (it may format into a shared buffer
// and consult the locale) nor the same text on every OS. These read constant
// tables: no allocation, no lock, no locale, no libc, so a signal handler, a
// raw thread or a freestanding program may call them.

#ifndef SYSGATE_ERRNO_NAME_H_
#define SYSGATE_ERRNO_NAME_H_

namespace sysgate {

// The symbolic name of errno value `e`, e.g. "ENOENT" for 2 on Linux; nullptr
// when the table has no row for `e` (0, negative, an unused number, or one
// newer than the table). Where two names share a number (EWOULDBLOCK and
// EAGAIN) this is the one the OS's C library gives (glibc's
// strerrorname_np on Linux).
const char* ErrnoName(int e);

// A one-line description of `e` in English, e.g. "No such file or directory":
// on Linux glibc's strerror wording in the C locale, on Darwin and FreeBSD
// the comment of the row in the OS's <sys/errno.h>. nullptr exactly when
// ErrnoName is.
const char* ErrnoDescription(int e);

}  // namespace sysgate

#endif  // SYSGATE_ERRNO_NAME_H_
