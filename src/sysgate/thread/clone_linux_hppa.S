// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread on hppa; see clone_linux_amd64.S. The first four
// arguments arrive in r26-r23, tls at sp-52 and thread at sp-56. parisc
// selects CONFIG_CLONE_BACKWARDS: the kernel takes flags, stack, parent_tid,
// tls and child_tid in r26-r22. `thread` rides in r21, a sixth word clone
// does not read, which the kernel restores to the parent and copies to the
// child with every other register the trap saves (copy_thread, arch/parisc/
// kernel/process.c); the child starts with sp the stack it was given.
//
// The stack grows up: `stack` is its low end (core_abi.h's
// SYSGATE_ARCH_STACK_GROWS_UP), and the child's first frame marker and
// argument words go just above it, below the stack pointer, which moves one
// 64-byte minimal frame up and keeps the stack's alignment.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__hppa__) && !defined(__LP64__)
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 2
sysgate_raw_clone:
	.cfi_startproc
	copy	%r23, %r22		// child_tid
	ldw	-52(%sp), %r23		// tls
	ldw	-56(%sp), %r21		// thread
	ble	0x100(%sr2, %r0)
	ldi	SYSGATE_NR_clone, %r20
	comib,=,n 0, %r28, 1f
	bv	%r0(%rp)		// the parent: a tid or -errno
	nop
1:
	// The child, on its own stack, with cr27 the thread pointer tls gave
	// it. Nothing is above this frame: rp and the frame pointer r3 are 0.
	.cfi_undefined %r2
	ldo	64(%sp), %sp
	copy	%r0, %r3
	copy	%r0, %r2
	copy	%r21, %r26		// thread
	bl	sysgate_raw_thread_main, %r2
	nop
	break	0, 0
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
