// SPDX-License-Identifier: Apache-2.0
// Every system call of the OS and architecture being compiled for, as a typed
// function returning sysgate::Result (sysgate::sys::read, sysgate::sys::mmap,
// ...), its number (sysgate::sys::nr::read), and sysgate::sys::syscall for
// calls by number. All of it is generated from tables/; see README.md.
//
// On Linux sysgate::sys::NAME traps inline in the caller (it is
// sysgate::sys_inline::NAME, syscalls_inline.h), but for calls whose child
// shares the caller's stack (vfork) and calls by number, which go through
// the out-of-line stubs. sysgate::sys_stub::NAME always calls the stub
// sysgate_linux_NAME: for a caller that needs a symbol, or a call that is
// never inlined. docs/api.md says what each costs.
//
// Safe anywhere a system call is: no errno, no libc, no locks, no allocation.

#ifndef SYSGATE_SYSCALLS_H_
#define SYSGATE_SYSCALLS_H_

#include "sysgate/generated/linux/syscalls.h"

#endif  // SYSGATE_SYSCALLS_H_
