// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. One file for both byte
// orders of n64, mips64le and mips64: no instruction here depends on it. mips
// selects CONFIG_CLONE_BACKWARDS: the kernel takes tls before child_tid. The
// kernel hands a5 ($9) back unchanged to the parent (restore_partial reloads
// $2-$9) and to the child (a copy of the parent's saved registers), so it
// carries `thread` across. The child calls through the GOT, so the function
// first sets the global pointer from its own address in t9 ($25, where every
// n64 PIC call puts it), as .cpsetup would, with explicit relocations that
// mean the same whether or not the assembler was told -KPIC; the caller's gp
// is kept on the parent's stack and put back before the parent returns. The
// parent's result, a tid or an errno with a3 set, becomes a tid or -errno, as
// from every stub.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__mips64) && _MIPS_SIM == _ABI64
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 3
sysgate_raw_clone:
	.cfi_startproc
	daddiu	$29, $29, -16
	.cfi_adjust_cfa_offset 16
	sd	$28, 0($29)		// the caller's gp
	.cfi_rel_offset $28, 0
	lui	$28, %hi(%neg(%gp_rel(sysgate_raw_clone)))
	daddu	$28, $28, $25
	daddiu	$28, $28, %lo(%neg(%gp_rel(sysgate_raw_clone)))
	move	$12, $7			// child_tid
	move	$7, $8			// tls
	move	$8, $12
	li	$2, SYSGATE_NR_clone
	syscall
	bnez	$7, 2f			// a3 set: v0 is a positive errno
	beqz	$2, 1f
	ld	$28, 0($29)		// the parent: a tid
	daddiu	$29, $29, 16
	jr	$31
2:
	dsubu	$2, $0, $2		// the parent: -errno
	ld	$28, 0($29)
	daddiu	$29, $29, 16
	jr	$31
1:
	// The child, on its own stack (16-byte aligned), with this function's
	// gp. Nothing is above this frame.
	.cfi_undefined $31
	move	$31, $0
	move	$4, $9			// thread
	ld	$25, %call16(sysgate_raw_thread_main)($28)
	jalr	$25
	break
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
