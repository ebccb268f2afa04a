// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread on 32-bit PowerPC; see clone_linux_amd64.S. The
// instructions are clone_linux_powerpc64.S's at a word's width, with the
// SysV ABI's 16-byte minimal frame (a back chain and an LR save word,
// padded to the stack's alignment) and no TOC: r2 is the thread pointer,
// which CLONE_SETTLS gives the child.
//
// powerpc selects CONFIG_CLONE_BACKWARDS: the kernel takes tls before
// child_tid. `sc` clobbers r4-r12, so `thread` (r8) goes to the child in the
// first word of its stack, which the child reads before it makes its
// frame. The parent's result, a tid or an errno with cr0.so set, becomes a
// tid or -errno, as from every stub. The child's call is @local: to the
// definition in this module, without a PLT stub (a 32-bit PIC stub reads
// the GOT through r30, which nothing has set here).

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__powerpc__) && !defined(__powerpc64__)
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	stw	%r8, 0(%r4)		// thread, for the child
	mr	%r9, %r6		// child_tid
	mr	%r6, %r7		// tls
	mr	%r7, %r9
	li	%r0, SYSGATE_NR_clone
	sc
	bso-	2f
	cmpwi	%r3, 0
	beq-	1f
	blr				// the parent: a tid
2:
	neg	%r3, %r3		// the parent: -errno
	blr
1:
	// The child, on its own stack (16-byte aligned), with r2 the thread
	// pointer tls gave it. Nothing is above this frame: a minimal frame
	// whose back chain is 0.
	.cfi_undefined lr
	lwz	%r3, 0(%r1)		// thread
	li	%r0, 0
	stwu	%r0, -16(%r1)
	mtlr	%r0
	bl	sysgate_raw_thread_main@local
	trap
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
