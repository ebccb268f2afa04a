// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. riscv selects
// CONFIG_CLONE_BACKWARDS: the kernel takes tls before child_tid. ecall
// preserves every register but a0, so a5 carries `thread` to the child.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__riscv) && __riscv_xlen == 64
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 2
sysgate_raw_clone:
	.cfi_startproc
	mv	t0, a3			// child_tid
	mv	a3, a4			// tls
	mv	a4, t0
	li	a7, SYSGATE_NR_clone
	ecall
	beqz	a0, 1f
	ret				// the parent: a tid or -errno
1:
	// The child, on its own stack. Nothing is above this frame.
	.cfi_undefined ra
	li	s0, 0
	li	ra, 0
	mv	a0, a5
	call	sysgate_raw_thread_main
	unimp
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
