// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. One file for both
// 64-bit PowerPC architectures, ppc64le (ELFv2) and ppc64 (ELFv1): the
// instructions are the same, and what the ELF ABI changes comes from
// core_abi.h (the .abi's elf_abi): under ELFv1 (SYSGATE_ARCH_FUNCTION_
// DESCRIPTORS) the symbol names a descriptor in .opd and the code is at
// .L.sysgate_raw_clone, as GCC writes a function (the kernel's ppc_asm.h
// _GLOBAL names it .sysgate_raw_clone); the child's minimal frame is
// SYSGATE_ARCH_MIN_FRAME bytes, 112 under ELFv1 (whose callee may write
// the 64-byte parameter save area) and 32 under ELFv2.
//
// powerpc selects CONFIG_CLONE_BACKWARDS: the kernel takes tls before
// child_tid. `sc` clobbers r4-r12, so `thread` (r8) goes to the child in the
// first doubleword of its stack, which the child reads before it makes its
// frame. The parent's result, a tid or an errno with cr0.so set, becomes a
// tid or -errno, as from every stub. The child keeps the parent's r2, the
// TOC of this object, which sysgate_raw_thread_main shares.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__powerpc64__)
#if SYSGATE_ARCH_FUNCTION_DESCRIPTORS
#define CODE(name) .L.name
#else
#define CODE(name) name
	.abiversion 2
#endif
	.text
	.globl	sysgate_raw_clone
	.p2align 4
#if SYSGATE_ARCH_FUNCTION_DESCRIPTORS
	.pushsection ".opd", "aw"
	.p2align 3
sysgate_raw_clone:
	.quad	CODE(sysgate_raw_clone), .TOC.@tocbase, 0
	.popsection
#endif
	.type	sysgate_raw_clone, @function
CODE(sysgate_raw_clone):
	.cfi_startproc
	std	%r8, 0(%r4)		// thread, for the child
	mr	%r9, %r6		// child_tid
	mr	%r6, %r7		// tls
	mr	%r7, %r9
	li	%r0, SYSGATE_NR_clone
	sc
	bso-	2f
	cmpdi	%r3, 0
	beq-	1f
	blr				// the parent: a tid
2:
	neg	%r3, %r3		// the parent: -errno
	blr
1:
	// The child, on its own stack (16-byte aligned), with the parent's r2.
	// Nothing is above this frame: a minimal frame whose back chain is 0.
	.cfi_undefined lr
	ld	%r3, 0(%r1)		// thread
	li	%r0, 0
	stdu	%r0, -SYSGATE_ARCH_MIN_FRAME(%r1)
	mtlr	%r0
	bl	sysgate_raw_thread_main
	nop
	trap
	.cfi_endproc
	.size	sysgate_raw_clone, . - CODE(sysgate_raw_clone)

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
