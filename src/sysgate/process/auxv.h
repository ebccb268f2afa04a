// SPDX-License-Identifier: Apache-2.0
// The auxiliary vector: what the kernel tells a new process about itself
// (page size, where the vDSO is, ...), without libc's getauxval.

#ifndef SYSGATE_PROCESS_AUXV_H_
#define SYSGATE_PROCESS_AUXV_H_

#include "sysgate/process/initial_stack.h"

namespace sysgate {

// The value of auxiliary vector entry `type` (AT_PAGESZ, AT_SYSINFO_EHDR, ...
// from <linux/auxvec.h>), or 0 when the kernel did not give it.
//
// The vector comes from the initial stack if the program registered it with
// UseInitialStack (a program without libc should), else from
// /proc/self/auxv, read once with raw system calls. Safe in a signal
// handler and on a raw thread; the first call may do a few system calls.
unsigned long AuxvValue(unsigned long type);

// Tells AuxvValue where the kernel's initial stack is, so that it needs no
// /proc (which a sandbox may lack). Call it first thing in
// sysgate_start_main.
void UseInitialStack(const SysgateInitialStack* stack);

}  // namespace sysgate

#endif  // SYSGATE_PROCESS_AUXV_H_
