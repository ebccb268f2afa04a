// SPDX-License-Identifier: Apache-2.0
// long sysgate_raw_clone(unsigned long flags, void* stack, int* parent_tid,
//                        int* child_tid, unsigned long tls, RawThread* thread)
//
// clone(2) for a raw thread; see clone_linux_amd64.S. sparc's clone takes
// tls before child_tid (sparc_clone, arch/sparc/kernel/process.c) and a
// child stack pointer as the ABI has one: biased by 2047 (STACK_BIAS) below
// the frame it points at. The kernel copies the caller's frame (from its sp
// to its fp) to the top of the child's stack, with the frame's saved fp
// pointing at the stack given (clone_stackframe, process_64.c), and the
// child's register window is filled from that copy when it returns to user
// space: so this function makes a minimal frame of its own (176 bytes: the
// 128-byte register save area and the six argument words) and the child
// runs in it. The stack given is a frame below the top, as glibc's clone
// gives it: qemu-user copies no frame and starts the child at that sp with
// empty register windows, whose first spill writes the 128 bytes above it.
// The kernel sets o0 to a pid in both, and o1 to 1 in the child and 0 in
// the parent (copy_thread); it restores the globals from the trap frame in
// both, so g2 carries `thread` across. The parent's result, a tid or an
// errno with xcc's carry set, becomes a tid or -errno, as from every stub.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__sparc__) && defined(__arch64__)
	// g2 is an application register: the assembler wants it declared as
	// used for scratch, as GCC declares it.
	.register %g2, #scratch
	.text
	.globl	sysgate_raw_clone
	.type	sysgate_raw_clone, @function
	.p2align 4
sysgate_raw_clone:
	.cfi_startproc
	save	%sp, -176, %sp
	.cfi_def_cfa_register %fp
	.cfi_window_save
	.cfi_register %o7, %i7
	mov	%i0, %o0		// flags
	andn	%i1, 15, %o1		// the stack's top, 16-byte aligned,
	sub	%o1, 176 + 2047, %o1	// less a frame, biased
	mov	%i2, %o2		// parent_tid
	mov	%i4, %o3		// tls
	mov	%i3, %o4		// child_tid
	mov	%i5, %g2		// thread
	mov	SYSGATE_NR_clone, %g1
	ta	0x6d
	bcs,pn	%xcc, 2f		// xcc.c set: o0 is a positive errno
	 nop
	brnz,pn	%o1, 1f			// o1 set: the child
	 nop
	ret				// the parent: a tid
	 restore %o0, %g0, %o0
2:
	sub	%g0, %o0, %o0		// the parent: -errno
	ret
	 restore %o0, %g0, %o0
1:
	// The child, in this function's frame at the top of its own stack.
	// Nothing is above it.
	.cfi_undefined %i7
	mov	%g0, %fp
	call	sysgate_raw_thread_main
	 mov	%g2, %o0		// thread
	illtrap	0
	.cfi_endproc
	.size	sysgate_raw_clone, . - sysgate_raw_clone

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
