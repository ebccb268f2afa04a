// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. alpha's clone takes
// flags, stack, parent_tid, child_tid and tls in a0-a4 ($16-$20), in the
// generic order (arch/alpha/kernel/entry.S, fork_like), and `tls` is the
// child's PALcode unique value, its thread pointer (copy_thread,
// arch/alpha/kernel/process.c). The kernel may change the argument
// registers, but not the callee-saved ones, which the child starts with a
// copy of: s0 ($9) carries `thread` across, and the parent's s0 is kept on
// its stack. The result is v0 with the error flag in a3, as from every
// stub; the child's v0 is 0.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__alpha__)
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	lda	$30, -16($30)
	.cfi_adjust_cfa_offset 16
	stq	$9, 0($30)		// the caller's s0
	.cfi_rel_offset $9, 0
	mov	$21, $9			// thread
	lda	$0, SYSGATE_NR_clone($31)
	callsys
	bne	$19, 2f
	beq	$0, 1f
	ldq	$9, 0($30)
	.cfi_remember_state
	.cfi_restore $9
	lda	$30, 16($30)
	.cfi_adjust_cfa_offset -16
	ret	$31, ($26), 1		// the parent: a tid
2:	.cfi_restore_state
	subq	$31, $0, $0		// -errno
	ldq	$9, 0($30)
	.cfi_restore $9
	lda	$30, 16($30)
	.cfi_adjust_cfa_offset -16
	ret	$31, ($26), 1
1:
	// The child, on its own stack, which the caller aligned to 16. Nothing
	// is above this frame. The global pointer comes from this code's own
	// address, and sysgate_raw_thread_main is called with its address in
	// pv, as the calling standard wants.
	.cfi_undefined $26
	br	$29, 3f
3:	ldgp	$29, 0($29)
	mov	$9, $16
	mov	$31, $15
	jsr	$26, sysgate_raw_thread_main
	call_pal 0x81
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
