// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. arm64 selects
// CONFIG_CLONE_BACKWARDS: the kernel takes tls before child_tid. svc
// preserves every register but x0, so x5 carries `thread` to the child.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__aarch64__)
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, %function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	mov	x6, x3			// child_tid
	mov	x3, x4			// tls
	mov	x4, x6
	mov	x8, #SYSGATE_NR_clone
	svc	#0
	cbz	x0, 1f
	ret				// the parent: a tid or -errno
1:
	// The child, on its own stack. Nothing is above this frame.
	.cfi_undefined x30
	mov	x29, #0
	mov	x30, #0
	mov	x0, x5
	bl	sysgate_raw_thread_main
	brk	#0x1
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
