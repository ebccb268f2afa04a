// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. One file for both
// MIPS o32 architectures, mipsle and mips: the instructions do not depend
// on the byte order. o32's C convention passes tls and thread on the
// caller's stack (sp+16, sp+20); mips selects CONFIG_CLONE_BACKWARDS, so
// the kernel takes a0 flags, a1 stack, a2 parent_tid, a3 tls, and its
// fifth word, child_tid, from sp+16 of the stack it is called on, which
// here is this function's frame. The kernel preserves s0 ($16) in the
// parent, as the C convention does, and copies it to the child, so it
// carries `thread` across; this function saves the caller's. The child
// calls through the GOT, so the function first sets the global pointer
// from its own address in t9 ($25, where every o32 PIC call puts it), as
// .cpload would, with explicit relocations that mean the same whether or
// not the assembler was told -KPIC; o32 leaves gp to the caller to restore
// after a call (GCC's TARGET_CALL_CLOBBERED_GP: o32 with abicalls), so the
// parent returns with this function's. The parent's
// result, a tid or an errno with a3 set, becomes a tid or -errno, as from
// every stub.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__mips__) && !defined(__mips64) && _MIPS_SIM == _ABIO32
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 3
sysgate_raw_clone:
	.cfi_startproc
	.set	noreorder
	lui	$28, %hi(_gp_disp)	// _gp_disp: gp's distance from this lui
	addiu	$28, $28, %lo(_gp_disp)
	.set	reorder
	addu	$28, $28, $25
	addiu	$29, $29, -32
	.cfi_adjust_cfa_offset 32
	sw	$16, 24($29)		// the caller's s0
	.cfi_rel_offset $16, 24
	lw	$8, 48($29)		// tls
	lw	$16, 52($29)		// thread
	sw	$7, 16($29)		// child_tid, the kernel's fifth word
	move	$7, $8
	li	$2, SYSGATE_NR_clone
	syscall
	bnez	$7, 2f			// a3 set: v0 is a positive errno
	beqz	$2, 1f
	lw	$16, 24($29)		// the parent: a tid
	addiu	$29, $29, 32
	jr	$31
2:
	subu	$2, $0, $2		// the parent: -errno
	lw	$16, 24($29)
	addiu	$29, $29, 32
	jr	$31
1:
	// The child, on its own stack (8-byte aligned), with this function's
	// gp, and the 16 bytes o32 lets the callee store a0-a3 in. Nothing is
	// above this frame.
	.cfi_undefined $31
	move	$31, $0
	addiu	$29, $29, -16
	move	$4, $16			// thread
	lw	$25, %call16(sysgate_raw_thread_main)($28)
	jalr	$25
	break
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
