// SPDX-License-Identifier: Apache-2.0
// Every system call of the OS and architecture being compiled for, as a typed
// function returning sysgate::Result (sysgate::sys::read, sysgate::sys::mmap,
// ...), its number (sysgate::sys::nr::read), and sysgate::sys::syscall for
// calls by number. All of it is generated from tables/; see README.md.
//
// Safe anywhere a system call is: no errno, no libc, no locks, no allocation.

#ifndef SYSGATE_SYSCALLS_H_
#define SYSGATE_SYSCALLS_H_

#include "sysgate/generated/linux/syscalls.h"

#endif  // SYSGATE_SYSCALLS_H_
