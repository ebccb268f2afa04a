// SPDX-License-Identifier: Apache-2.0
// The entry point of a program that links no libc (-nostdlib -static).
//
// Depend on //:process_entry and define sysgate_start_main; the generated
// _start (one per architecture, from codegen/templates/linux/arch/) calls it
// with the stack the kernel set up, aligned as a call would leave it, and
// with nothing above it to unwind to. It must not return: end the process
// with sysgate::sys::exit_group.
//
// The raw layer needs nothing more. A program that uses the uniform API
// (its clocks, the LibcCall record, raw threads) calls
// sysgate::UseInitialStack (sysgate/process/auxv.h) and
// sysgate::SetUpInitialThread (sysgate/thread/raw_thread.h) first.

#ifndef SYSGATE_PROCESS_ENTRY_H_
#define SYSGATE_PROCESS_ENTRY_H_

#include "sysgate/process/initial_stack.h"

extern "C" [[noreturn]] void sysgate_start_main(SysgateInitialStack* initial_stack);

#endif  // SYSGATE_PROCESS_ENTRY_H_
