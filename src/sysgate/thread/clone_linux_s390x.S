// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. s390 selects
// CONFIG_CLONE_BACKWARDS2: the kernel takes the stack first and the flags
// second (kernel/fork.c), so the first two words swap; parent_tid,
// child_tid and tls are in r4-r6 already. `thread`, the sixth argument, is
// on the caller's stack at 160(%r15); svc preserves every register but r2,
// so r0 carries it to the child. The child starts with r15 at `stack`
// (8-byte aligned, as the s390x ELF ABI wants), and makes the 160-byte
// frame with a zero back chain that a call needs below it.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__s390x__)
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	lg	%r0, 160(%r15)		// thread
	lgr	%r1, %r2		// flags
	lgr	%r2, %r3		// stack, first
	lgr	%r3, %r1		// flags, second
	lghi	%r1, SYSGATE_NR_clone
	svc	0
	ltgr	%r2, %r2
	jz	1f
	br	%r14			// the parent: a tid or -errno
1:
	// The child, on its own stack. Nothing is above this frame.
	.cfi_undefined %r14
	aghi	%r15, -160
	xc	0(8,%r15), 0(%r15)
	lgr	%r2, %r0
	brasl	%r14, sysgate_raw_thread_main@PLT
	.word	0			// an illegal opcode: it never returns
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
