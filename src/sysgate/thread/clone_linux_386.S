// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. On i386 `tls` is the
// address of a struct user_desc (CLONE_SETTLS sets the child's copy of that
// GDT entry, arch/x86/kernel/tls.c), and the kernel takes clone's arguments
// in ebx, ecx, edx, esi, edi with tls before child_tid (CLONE_BACKWARDS).
// int $0x80 preserves every register but eax, so ebp carries `thread` to
// the child. The child's %gs is the parent's selector, and the entry it
// selects is the child's own copy, which CLONE_SETTLS set: the kernel loads
// the selector again when it first switches to the child, so its %gs base
// is the new block, as glibc's clone relies on too.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__i386__)
	.text
	// Hidden, so that the call below is a direct one in a shared object
	// too: through i386's PLT it would need the GOT's address in ebx.
	.hidden	sysgate_raw_thread_main
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	pushl	%ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebx, 0
	pushl	%esi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %esi, 0
	pushl	%edi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %edi, 0
	pushl	%ebp
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebp, 0
	movl	20(%esp), %ebx		// flags
	movl	24(%esp), %ecx		// stack
	movl	28(%esp), %edx		// parent_tid
	movl	32(%esp), %edi		// child_tid
	movl	36(%esp), %esi		// tls: the user_desc
	movl	40(%esp), %ebp		// thread
	movl	$SYSGATE_NR_clone, %eax
	int	$0x80
	testl	%eax, %eax
	jz	1f
	popl	%ebp
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebp
	popl	%edi
	.cfi_adjust_cfa_offset -4
	.cfi_restore %edi
	popl	%esi
	.cfi_adjust_cfa_offset -4
	.cfi_restore %esi
	popl	%ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebx
	ret				// the parent: a tid or -errno
1:
	// The child, on its own stack. Nothing is above this frame.
	.cfi_undefined %eip
	// The argument, with esp 16-byte aligned at the call as the i386
	// psABI (and gcc's default -mpreferred-stack-boundary=4) wants.
	subl	$12, %esp
	pushl	%ebp
	xorl	%ebp, %ebp
	call	sysgate_raw_thread_main
	ud2
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
