// The kernel's signal structs, completing the opaque declarations of the raw
// layer. These are not glibc's: the kernel's sigset_t is 64 bits (glibc's is
// 1024), and its struct sigaction puts the mask last and has sa_restorer on
// the architectures that define SA_RESTORER (x86-64 and arm64, not riscv64,
// whose signal frames return through the vDSO). Layouts from the kernel's
// arch/*/include/uapi/asm/signal.h and include/uapi/asm-generic/signal.h.

#ifndef SYSGATE_KERNEL_SIGNAL_H_
#define SYSGATE_KERNEL_SIGNAL_H_

namespace sysgate::kernel {

// One bit per signal, bit (signo - 1); rt_sigprocmask and rt_sigaction take
// its size, kSigsetSize, as their last argument.
struct sigset_t {
  unsigned long sig;
};
inline constexpr unsigned long kSigsetSize = sizeof(sigset_t);

#if defined(__x86_64__) || defined(__aarch64__)
#define SYSGATE_KERNEL_HAS_SA_RESTORER 1
#endif

struct sigaction {
  void* handler;  // sa_handler or sa_sigaction, as sa_flags says
  unsigned long flags;
#ifdef SYSGATE_KERNEL_HAS_SA_RESTORER
  void (*restorer)();
#endif
  sigset_t mask;
};

struct stack_t {
  void* ss_sp;
  int ss_flags;
  unsigned long ss_size;
};

}  // namespace sysgate::kernel

#endif  // SYSGATE_KERNEL_SIGNAL_H_
