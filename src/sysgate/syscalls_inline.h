// SPDX-License-Identifier: Apache-2.0
// The system calls of sysgate/syscalls.h as inline asm: sysgate::sys_inline::NAME
// takes the same arguments and returns the same sysgate::Result as
// sysgate::sys::NAME, but traps in the caller instead of calling a stub.
// Generated from the same table rows as the stubs; see README.md.
//
// Use it where a call sits in a hot loop: on CPUs whose kernels refill the
// return-stack predictor on the way back to user space, the stub's return
// right after the trap is mispredicted (bench/RESULTS.md measures it). The
// stubs stay the default: one copy of each call, dropped by --gc-sections
// when unused, and what a debugger or profiler sees as a named function.

#ifndef SYSGATE_SYSCALLS_INLINE_H_
#define SYSGATE_SYSCALLS_INLINE_H_

#include "sysgate/generated/linux/syscalls_inline.h"

#endif  // SYSGATE_SYSCALLS_INLINE_H_
