// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. The AAPCS passes tls
// and thread on the stack; arm selects CONFIG_CLONE_BACKWARDS, so the
// kernel takes r0 flags, r1 stack, r2 parent_tid, r3 tls (what TPIDRURO
// reads in the child), r4 child_tid. svc preserves every register but r0,
// so r5 carries `thread` to the child. ARM state, whatever the C code's:
// bl to a Thumb function becomes blx at link time, and the pop into pc
// returns to either state.
// No unwind entry may describe the child's frame, whose stack holds
// nothing: .cantunwind. The parent's half runs with every signal blocked
// (raw_thread_linux.cc) and calls nothing, so nothing unwinds through it.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__arm__)
	.text
	.arm
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, %function
	.p2align 4
sysgate_raw_clone:
	.fnstart
	.cantunwind
	push	{r4, r5, r7, lr}
	ldr	r4, [sp, #16]		// tls
	ldr	r5, [sp, #20]		// thread
	mov	ip, r3			// child_tid
	mov	r3, r4
	mov	r4, ip
	mov	r7, #SYSGATE_NR_clone
	svc	#0
	cmp	r0, #0
	beq	1f
	pop	{r4, r5, r7, pc}	// the parent: a tid or -errno
1:
	// The child, on its own stack. Nothing is above this frame.
	mov	fp, #0
	mov	lr, #0
	mov	r0, r5
	bl	sysgate_raw_thread_main
	udf	#1
	.fnend
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
