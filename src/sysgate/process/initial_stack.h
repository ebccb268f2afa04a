// SPDX-License-Identifier: Apache-2.0
// The stack the kernel gives a new process, as the psABIs lay it out.

#ifndef SYSGATE_PROCESS_INITIAL_STACK_H_
#define SYSGATE_PROCESS_INITIAL_STACK_H_

struct SysgateInitialStack {
  long argc;
  char* argv[1];  // argv[argc] is null; envp follows, then the auxiliary vector
};

#endif  // SYSGATE_PROCESS_INITIAL_STACK_H_
