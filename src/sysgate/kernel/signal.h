// SPDX-License-Identifier: Apache-2.0
// The kernel's signal structs, completing the opaque declarations of the raw
// layer. These are not glibc's: the kernel's sigset_t is _NSIG bits, 64 (128
// on mips; glibc's is 1024), and its struct sigaction puts the mask last and
// has sa_restorer on the architectures that define __ARCH_HAS_SA_RESTORER
// (x86-64, arm64, i386, arm, s390x, ppc64 and ppc, not riscv64 or mips): the
// sigaction and nsig keys of tables/linux/ARCH.abi. Layouts from
// the kernel's include/linux/signal_types.h (the struct rt_sigaction
// copies in, also what arch/x86's compat_sigaction has for ia32 programs),
// arch/*/include/asm/signal.h and include/uapi/asm-generic/signal.h.

#ifndef SYSGATE_KERNEL_SIGNAL_H_
#define SYSGATE_KERNEL_SIGNAL_H_

// Darwin's core includes this too (sysgate/signal.h) but uses none of it.
#ifdef __linux__
#include "sysgate/generated/linux/core_abi.h"
#else
// Darwin's SignalSet keeps the same 64 signals; nothing else here is used.
#define SYSGATE_ARCH_NSIG 64
#endif

namespace sysgate::kernel {

// One bit per signal: bit (signo - 1) % kSigsetWordBits of word
// (signo - 1) / kSigsetWordBits, as the kernel's unsigned long[_NSIG_WORDS]
// has it (include/uapi/asm-generic/signal.h, arch/*/include/uapi/asm/
// signal.h). rt_sigprocmask and rt_sigaction take its size, kSigsetSize, as
// their last argument, and want _NSIG / 8 (the nsig key of
// tables/linux/ARCH.abi, SYSGATE_ARCH_NSIG: 8 bytes, 16 on mips). The words
// are longs, not one 64-bit integer: on a 32-bit big-endian kernel the two
// words of a 64-bit integer would be in the wrong order (signals 1 to 32 are
// the first word, which the integer's high half would hold).
inline constexpr int kSigsetWordBits = 8 * sizeof(unsigned long);
inline constexpr int kSigsetWords = SYSGATE_ARCH_NSIG / kSigsetWordBits;
struct sigset_t {
  unsigned long sig[kSigsetWords];
};
inline constexpr unsigned long kSigsetSize = sizeof(sigset_t);
static_assert(kSigsetSize == SYSGATE_ARCH_NSIG / 8);

// The fields in the kernel's order (the sigaction key, core_abi.h): the
// handler (sa_handler or sa_sigaction, as sa_flags says), sa_flags (an
// unsigned int, first, on mips), sa_restorer where the architecture has
// one, and the mask, last.
#ifdef __linux__
struct sigaction {
  SYSGATE_ARCH_SIGACTION_FIELDS
};
static_assert(__builtin_offsetof(sigaction, mask) + sizeof(sigset_t) == sizeof(sigaction));
#endif

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_SIGNAL_H_
