// SPDX-License-Identifier: Apache-2.0
// void sysgate_signal_restorer(void)
//
// Where a handler installed by sysgate returns: the kernel pushes
// sa_restorer as the handler's return address, and rt_sigreturn restores
// the interrupted context from the frame on the stack. The bytes are exactly
// glibc's i386 __restore_rt (movl $173, %eax; int $0x80: b8 ad 00 00 00
// cd 80), which libgcc's unwinder (config/i386/linux-unwind.h) and gdb's
// (i386-linux-tdep.c) recognise as an rt signal frame when no FDE covers the
// pc: so this has none, and a nop before it, since unwinders look up pc - 1.
// Not the vsyscall entry (call *%gs:0x10), which needs libc's TCB.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__i386__)
	.text
	.p2align 4
	nop
	.globl	sysgate_signal_restorer
	.type	sysgate_signal_restorer, @function
sysgate_signal_restorer:
	movl	$SYSGATE_NR_rt_sigreturn, %eax		// rt_sigreturn
	int	$0x80
	.size	sysgate_signal_restorer, . - sysgate_signal_restorer

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
