// SPDX-License-Identifier: Apache-2.0
// The kernel's structs as sysgate::kernel::NAME (kernel_timespec, stat,
// statx, clone_args, epoll_event, rusage, open_how, ...) for the
// architecture being compiled for, complete: what a program without libc
// would otherwise take from <linux/stat.h> or <linux/sched.h>. The raw
// layer's system calls take pointers to these. tables/linux/structs.tbl
// says which are defined; the rest stay opaque (see docs/tables.md).
//
// Needs nothing: no libc, no kernel header. It may be included after them
// too: a member's name that one of their macros defines (glibc's st_atime)
// is the member here, but the macro again after this header.

#ifndef SYSGATE_KERNEL_TYPES_H_
#define SYSGATE_KERNEL_TYPES_H_

#include "sysgate/generated/linux/kernel_types.h"

#endif  // SYSGATE_KERNEL_TYPES_H_
