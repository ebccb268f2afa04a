// SPDX-License-Identifier: Apache-2.0
// The errno numbers (EINVAL, EINTR, ...) for the code every backend shares:
// the kernel's <linux/errno.h> on Linux, as the core needs no libc header
// (glibc's <errno.h> has the same numbers), and the C library's elsewhere.

#ifndef SYSGATE_INTERNAL_OS_ERRNO_H_
#define SYSGATE_INTERNAL_OS_ERRNO_H_

#if defined(__linux__)
#include <linux/errno.h>
#else
#include <errno.h>
#endif

#endif  // SYSGATE_INTERNAL_OS_ERRNO_H_
