// SPDX-License-Identifier: Apache-2.0
// void sysgate_signal_restorer(void)
//
// Where a handler installed by sysgate returns: the kernel pushes
// sa_restorer as the handler's return address, and rt_sigreturn restores
// the interrupted context from the frame on the stack. The bytes are exactly
// glibc's __restore_rt (movq $15, %rax; syscall), which libgcc's and gdb's
// unwinders recognise as a signal frame when no FDE covers the pc: so this
// has none, and a nop before it, since unwinders look up pc - 1. For x32
// (amd64p32, which defines __x86_64__ too) as well: its core_abi.h gives
// x32's rt_sigreturn, 513 | __X32_SYSCALL_BIT, the bytes libgcc's x32
// unwinder looks for.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__x86_64__)
	.text
	.p2align 4
	nop
	.globl	sysgate_signal_restorer
	.type	sysgate_signal_restorer, @function
sysgate_signal_restorer:
	movq	$SYSGATE_NR_rt_sigreturn, %rax		// rt_sigreturn
	syscall
	.size	sysgate_signal_restorer, . - sysgate_signal_restorer

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
