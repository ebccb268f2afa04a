// SPDX-License-Identifier: Apache-2.0
// void sysgate_signal_restorer(void)
//
// Where a handler installed by sysgate returns (the kernel sets x30 to
// sa_restorer). The two instructions are exactly the vDSO's
// __kernel_rt_sigreturn, which libgcc's and gdb's unwinders recognise as a
// signal frame when no FDE covers the pc: so this has none, and a nop before
// it, since unwinders look up pc - 1.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__aarch64__)
	.text
	.p2align 4
	nop
	.globl	sysgate_signal_restorer
	.type	sysgate_signal_restorer, %function
sysgate_signal_restorer:
	mov	x8, #SYSGATE_NR_rt_sigreturn		// rt_sigreturn
	svc	#0
	.size	sysgate_signal_restorer, . - sysgate_signal_restorer

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
