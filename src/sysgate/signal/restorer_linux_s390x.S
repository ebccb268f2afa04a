// SPDX-License-Identifier: Apache-2.0
// void sysgate_signal_restorer(void)
//
// Where a handler installed by sysgate returns (the kernel sets r14 to
// sa_restorer). The one instruction, `svc 173` (0x0a 0xad: svc's own 8-bit
// code is the number), is exactly glibc's s390-64 __restore_rt and the
// kernel's own frame's, which libgcc's unwinder (config/s390/linux-unwind.h)
// recognises as a signal frame when no FDE covers the pc: so this has none,
// and a nop before it, since unwinders look up pc - 1.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__s390x__)
	.text
	.p2align 3
	nopr	%r7
	.globl	sysgate_signal_restorer
	.type	sysgate_signal_restorer, @function
sysgate_signal_restorer:
	svc	SYSGATE_NR_rt_sigreturn		// rt_sigreturn
	.size	sysgate_signal_restorer, . - sysgate_signal_restorer

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
