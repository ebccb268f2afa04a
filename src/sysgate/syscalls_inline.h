// SPDX-License-Identifier: Apache-2.0
// The system calls of sysgate/syscalls.h as inline asm alone:
// sysgate::sys_inline::NAME takes the same arguments and returns the same
// sysgate::Result as sysgate::sys::NAME, and traps in the caller instead of
// calling a stub. Generated from the same table rows as the stubs; see
// README.md.
//
// sysgate::sys is these already, for every row but those whose child shares
// the caller's stack (vfork), which this form leaves out. What this header
// adds is sysgate::sys_inline::syscall, a call by number inline, for a hot
// loop over a number the table does not have: on CPUs whose kernels refill
// the return-stack predictor on the way back to user space, a stub's return
// right after the trap is mispredicted (bench/RESULTS.md measures it).

#ifndef SYSGATE_SYSCALLS_INLINE_H_
#define SYSGATE_SYSCALLS_INLINE_H_

#include "sysgate/generated/linux/syscalls_inline.h"

#endif  // SYSGATE_SYSCALLS_INLINE_H_
