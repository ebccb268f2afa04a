// SPDX-License-Identifier: Apache-2.0
// The kernel's constants as sysgate::kernel::NAME (O_RDONLY, AT_FDCWD, EINTR,
// SIGSEGV, MAP_ANONYMOUS, ...) for the architecture being compiled for:
// what a program without libc would otherwise take from <linux/fcntl.h> or
// <errno.h>, as `inline constexpr` values of the uapi macros' types.
// tables/linux/constants.tbl says which are exported; see README.md.
//
// Needs nothing: no libc, no kernel header. It may be included after them
// too, but where one of their macros is defined, the name is that macro.

#ifndef SYSGATE_CONSTANTS_H_
#define SYSGATE_CONSTANTS_H_

#include "sysgate/generated/linux/constants.h"

#endif  // SYSGATE_CONSTANTS_H_
