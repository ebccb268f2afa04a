// The kernel's signal structs, completing the opaque declarations of the raw
// layer. These are not glibc's: the kernel's sigset_t is 64 bits (glibc's is
// 1024), and its struct sigaction puts the mask last and has sa_restorer on
// the architectures that define SA_RESTORER (x86-64, arm64, i386, arm and s390x,
// not riscv64, whose signal frames return through the vDSO: the sa_restorer
// key of tables/linux/ARCH.abi, SYSGATE_ARCH_HAS_SA_RESTORER). Layouts from
// the kernel's include/linux/signal_types.h (the struct rt_sigaction
// copies in, also what arch/x86's compat_sigaction has for ia32 programs),
// arch/*/include/asm/signal.h and include/uapi/asm-generic/signal.h.

#ifndef SYSGATE_KERNEL_SIGNAL_H_
#define SYSGATE_KERNEL_SIGNAL_H_

// Darwin's core includes this too (sysgate/signal.h) but uses none of it.
#ifdef __linux__
#include "sysgate/generated/linux/core_abi.h"
#endif

namespace sysgate::kernel {

// One bit per signal, bit (signo - 1); rt_sigprocmask and rt_sigaction take
// its size, kSigsetSize, as their last argument, and want 8 (_NSIG / 8) on
// every architecture. The kernel's is unsigned long[_NSIG_WORDS]: one word
// on the 64-bit ones, in any byte order (s390x's is big-endian); on the
// 32-bit ones two words, the low one (signals 1 to 32) first, which on
// these little-endian targets is the 64-bit integer's layout, but aligned
// as a word. So the field is packed to a word's alignment: ARM's EABI
// aligns a long long to 8, which would put sa_mask at offset 16 rather than
// the kernel's 12.
struct sigset_t {
  unsigned long long sig __attribute__((packed, aligned(sizeof(unsigned long))));
};
inline constexpr unsigned long kSigsetSize = sizeof(sigset_t);
static_assert(kSigsetSize == 8);
static_assert(sizeof(unsigned long) == 8 || __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "two words, low first, are a 64-bit integer only where the low word's bytes come first");


struct sigaction {
  void* handler;  // sa_handler or sa_sigaction, as sa_flags says
  unsigned long flags;
#ifdef SYSGATE_ARCH_HAS_SA_RESTORER
  void (*restorer)();
#endif
  sigset_t mask;
};

#ifdef SYSGATE_ARCH_HAS_SA_RESTORER
static_assert(__builtin_offsetof(sigaction, mask) == 3 * sizeof(void*));
#endif

struct stack_t {
  void* ss_sp;
  int ss_flags;
  unsigned long ss_size;
};

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_SIGNAL_H_
