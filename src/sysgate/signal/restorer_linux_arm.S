// SPDX-License-Identifier: Apache-2.0
// void sysgate_signal_restorer(void)
//
// Where a handler installed by sysgate returns (the kernel sets lr to
// sa_restorer). The two ARM-state instructions are exactly glibc's
// __default_rt_sa_restorer and the kernel's own sigreturn_codes
// (mov r7, #173; svc 0: e3a070ad ef000000), which gdb's unwinder
// (arm-linux-tdep.c) recognises as an rt signal frame. ARM unwinds by
// EHABI tables, not DWARF: libgcc's unwinder gets through the frame from
// the .save/.pad directives below, as from glibc's, which say that the
// interrupted registers r0-r15 are the ucontext's uc_mcontext.arm_r0 ..
// arm_pc, 160 bytes above sp (arch/arm/kernel/signal.h, struct
// rt_sigframe: the siginfo's 128 bytes, then the ucontext, whose uc_flags,
// uc_link and uc_stack, 20 bytes, and the sigcontext's trap_no, error_code
// and oldmask, 12, come before arm_r0). The nop before the symbol, inside
// the same unwind entry, is for unwinders that look up pc - 1.

#include "sysgate/generated/linux/core_abi.h"

#if defined(__linux__) && defined(__arm__)
	.text
	.arm
	.p2align 4
	.globl	sysgate_signal_restorer
	.type	sysgate_signal_restorer, %function
	.fnstart
	.save	{r0-r15}
	.pad	#160
	nop
sysgate_signal_restorer:
	mov	r7, #SYSGATE_NR_rt_sigreturn		// rt_sigreturn
	svc	#0
	.fnend
	.size	sysgate_signal_restorer, . - sysgate_signal_restorer

#endif

// Outside the #if: an object of another architecture's file, empty but for
// this, would otherwise lack the note, and the linker would then ask for an
// executable stack. % rather than @, which starts a comment on arm.
	.section .note.GNU-stack,"",%progbits
