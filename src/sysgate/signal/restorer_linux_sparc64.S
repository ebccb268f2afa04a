// SPDX-License-Identifier: Apache-2.0
// void sysgate_signal_restorer(void)
//
// Where a handler installed by sysgate returns on sparc64, whose kernel
// takes the restorer as an argument of rt_sigaction rather than in struct
// sigaction (sys_sparc64_rt_sigaction's `restorer`, sa_restorer argument in
// sparc64.abi) and makes it the handler's return address, i7
// (setup_rt_frame, arch/sparc/kernel/signal_64.c). A sparc return address
// is that of the call instruction: `ret` jumps to i7 + 8, past the call and
// its delay slot. So the symbol is what rt_sigaction is given, as glibc
// gives its __rt_sigreturn_stub - 8, and the trampoline is 8 bytes on, in
// exactly glibc's bytes (mov 101, %g1; ta 0x6d), which libgcc's sparc64
// unwinder recognises as a signal frame when no FDE covers the pc: so this
// has none.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__sparc__) && defined(__arch64__)
	.text
	.p2align 4
	.globl	sysgate_signal_restorer
	.type	sysgate_signal_restorer, @function
sysgate_signal_restorer:
	nop				// where the "call" would be, and its delay slot:
	nop				// never run
	mov	SYSGATE_NR_rt_sigreturn, %g1
	ta	0x6d
	.size	sysgate_signal_restorer, . - sysgate_signal_restorer

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
