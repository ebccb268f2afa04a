// SPDX-License-Identifier: Apache-2.0
// Word sysgate_raw_clone(Word flags, void* stack, int* parent_tid,
//                        int* child_tid, Word tls, RawThread* thread)
//
// For both of x86-64's Linux ABIs, amd64 and x32 (amd64p32, which defines
// __x86_64__ too): the same registers, x32's pointers arriving
// zero-extended and its number from its own core_abi.h.
//
// clone(2) for a raw thread. The parent gets the child's tid or -errno. The
// child starts on `stack` (16-byte aligned), which holds nothing, with every
// register the parent had except rax (0) and rcx/r11 (clobbered by
// syscall); r9 carries `thread` across. It calls sysgate_raw_thread_main,
// which never returns. As the Go runtime's runtime.clone, but the entry and
// its argument come from the thread record.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__x86_64__)
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	movq	%rcx, %r10		// the kernel takes its fourth argument in r10
	movl	$SYSGATE_NR_clone, %eax
	syscall
	testq	%rax, %rax
	jz	1f
	ret				// the parent: a tid or -errno
1:
	// The child. Nothing is above this frame: say so to unwinders.
	.cfi_undefined %rip
	xorl	%ebp, %ebp
	movq	%r9, %rdi
	call	sysgate_raw_thread_main
	ud2
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
