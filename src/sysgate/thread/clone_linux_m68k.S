// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. m68k's clone takes
// flags, stack, parent_tid, child_tid and tls in d1-d5, in the generic
// order (m68k_clone, arch/m68k/kernel/process.c), and `tls` is the thread
// pointer the kernel keeps for the child (CLONE_SETTLS: copy_thread sets
// its tp_value). The trap restores every register but d0 to the parent,
// and the child starts with a copy of them, so a0 carries `thread` across.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__m68k__)
	.text
	// Hidden, so that the pc-relative call below needs no PLT in a shared
	// object.
	.hidden	sysgate_raw_thread_main
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 2
sysgate_raw_clone:
	.cfi_startproc
	movem.l	%d2/%d3/%d4/%d5, -(%sp)	// the caller's
	.cfi_adjust_cfa_offset 16
	.cfi_rel_offset %d2, 0
	.cfi_rel_offset %d3, 4
	.cfi_rel_offset %d4, 8
	.cfi_rel_offset %d5, 12
	move.l	20(%sp), %d1		// flags
	move.l	24(%sp), %d2		// stack
	move.l	28(%sp), %d3		// parent_tid
	move.l	32(%sp), %d4		// child_tid
	move.l	36(%sp), %d5		// tls
	move.l	40(%sp), %a0		// thread
	move.l	#SYSGATE_NR_clone, %d0
	trap	#0
	tst.l	%d0
	jeq	1f
	movem.l	(%sp)+, %d2/%d3/%d4/%d5
	.cfi_adjust_cfa_offset -16
	.cfi_restore %d2
	.cfi_restore %d3
	.cfi_restore %d4
	.cfi_restore %d5
	rts				// the parent: a tid or -errno
1:
	// The child, on its own stack, which the caller aligned. Nothing is
	// above this frame.
	.cfi_undefined %pc
	sub.l	%fp, %fp
	move.l	%a0, -(%sp)
	bsr.l	sysgate_raw_thread_main
	illegal
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
