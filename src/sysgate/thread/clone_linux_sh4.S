// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. The SH ABI passes
// flags, stack, parent_tid and child_tid in r4-r7, tls and thread on the
// stack; sh's clone takes them in the generic order (no
// CONFIG_CLONE_BACKWARDS in arch/sh/Kconfig), tls, the fifth word, in r0,
// which copy_thread makes the child's gbr (CLONE_SETTLS). The trap gives
// back every register but r0 and the T bit, and the child starts with a
// copy of them, so r1 carries `thread` across. sysgate_raw_thread_main is
// called pc-relative (bsrf), so the child needs no GOT.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__sh__)
	.text
	// Hidden, so that the pc-relative call below needs no PLT in a shared
	// object.
	.hidden	sysgate_raw_thread_main
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.balign	4
sysgate_raw_clone:
	.cfi_startproc
	mov.l	@r15, r0		// tls
	mov.l	@(4,r15), r1		// thread
	mov.l	1f, r3
	trapa	#0x17
	tst	r0, r0
	bt	2f
	rts				// the parent: a tid or -errno
	 nop
2:
	// The child, on its own stack, which the caller aligned. Nothing is
	// above this frame.
	.cfi_undefined 17		// pr
	mov	#0, r14
	mov	r1, r4
	mov.l	3f, r0
	bsrf	r0
	 nop
4:
	trapa	#0x3e			// not reached: the kernel answers it with SIGTRAP
	.balign	4
1:	.long	SYSGATE_NR_clone
3:	.long	sysgate_raw_thread_main - 4b
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
