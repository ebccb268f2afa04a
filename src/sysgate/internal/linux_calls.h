// SPDX-License-Identifier: Apache-2.0
// The system calls of the raw Linux backend whose row is not the same on the
// 64-bit and the 32-bit architectures, chosen here once so that the .cc
// files that make them need no #if. By the width of a word (core_abi.h's
// SYSGATE_ARCH_WORD_BITS), not of a pointer: x32's 32-bit pointers come with
// 64-bit words, and its calls are x86-64's. On linux/386 and linux/arm:
//
// - the calls that take a time have a second row for 64-bit seconds
//   (Linux 5.1, the y2038 work): clock_gettime64, clock_nanosleep_time64,
//   futex_time64. The first rows take the 32-bit old_timespec32, which ends
//   in January 2038. Both take the same struct __kernel_timespec here as on
//   the 64-bit architectures.
// - the six-argument mmap is mmap2, its offset in 4096-byte units whatever
//   the page size (mm/mmap.c, sys_mmap_pgoff); i386's own mmap (90) is
//   old_mmap, whose one argument is a struct of the six.
//
// On linux/s390x, 64-bit, mmap is that old_mmap too (core_abi.h's
// SYSGATE_ARCH_MMAP_TAKES_STRUCT, from the signature of its row).

#ifndef SYSGATE_INTERNAL_LINUX_CALLS_H_
#define SYSGATE_INTERNAL_LINUX_CALLS_H_

#include "sysgate/generated/linux/core_abi.h"
#include "sysgate/kernel/mman.h"
#include "sysgate/kernel/signal.h"
#include "sysgate/kernel_types.h"
#include "sysgate/result.h"
#include "sysgate/syscalls.h"

namespace sysgate::linux_calls {

#if SYSGATE_ARCH_WORD_BITS == 64

inline Result<Word> ClockGettime(int clock, kernel::kernel_timespec* now) {
  return sys::clock_gettime(clock, now);
}
inline Result<Word> ClockNanosleep(int clock, int flags, const kernel::kernel_timespec* until) {
  return sys::clock_nanosleep(clock, flags, until, nullptr);
}
inline Result<Word> Futex(unsigned int* word, int op, unsigned int value,
                          const kernel::kernel_timespec* timeout) {
  return sys::futex(word, op, value, timeout, nullptr, 0);
}
// `offset` is a multiple of 4096.
inline Result<void*> Mmap(unsigned long address, unsigned long size, int protection, int flags,
                          int fd, unsigned long long offset) {
#ifdef SYSGATE_ARCH_MMAP_TAKES_STRUCT
  kernel::mmap_arg_struct args = {address,
                                  size,
                                  static_cast<unsigned long>(protection),
                                  static_cast<unsigned long>(flags),
                                  static_cast<unsigned long>(fd),
                                  offset};
  return sys::mmap(&args);
#else
  return sys::mmap(address, size, protection, flags, fd, offset);
#endif
}

#else

inline Result<Word> ClockGettime(int clock, kernel::kernel_timespec* now) {
  return sys::clock_gettime64(clock, now);
}
inline Result<Word> ClockNanosleep(int clock, int flags, const kernel::kernel_timespec* until) {
  return sys::clock_nanosleep_time64(clock, flags, until, nullptr);
}
inline Result<Word> Futex(unsigned int* word, int op, unsigned int value,
                          const kernel::kernel_timespec* timeout) {
  return sys::futex_time64(word, op, value, timeout, nullptr, 0);
}
inline Result<void*> Mmap(unsigned long address, unsigned long size, int protection, int flags,
                          int fd, unsigned long long offset) {
  return sys::mmap2(address, size, protection, flags, fd,
                    static_cast<unsigned long>(offset / 4096));
}

#endif

// The calling process's id: getpid, or on alpha, which has none, getxpid
// (whose second value, the parent's id, no stub hands back).
inline Result<Word> ProcessId() {
#ifdef SYSGATE_NR_getpid
  return sys::getpid();
#else
  return sys::getxpid();
#endif
}

// rt_sigaction with no old action. Where it takes the restorer a handler
// returns through as an argument (core_abi.h says which, from the row),
// `restorer` is that argument: alpha's kernel writes a sigreturn trampoline
// in each signal frame where it is null, sparc64's returns to it whatever
// it is. Elsewhere it is unused.
inline Result<Word> RtSigaction(int signo, const kernel::sigaction* action, void* restorer) {
#if !defined(SYSGATE_ARCH_RT_SIGACTION_RESTORER_ARG)
  (void)restorer;
  return sys::rt_sigaction(signo, action, nullptr, kernel::kSigsetSize);
#elif SYSGATE_ARCH_RT_SIGACTION_RESTORER_ARG == 3
  return sys::rt_sigaction(signo, action, nullptr, restorer, kernel::kSigsetSize);
#else
  static_assert(SYSGATE_ARCH_RT_SIGACTION_RESTORER_ARG == 4, "rt_sigaction's restorer is its fourth or fifth");
  return sys::rt_sigaction(signo, action, nullptr, kernel::kSigsetSize, restorer);
#endif
}

}  // namespace sysgate::linux_calls

#endif  // SYSGATE_INTERNAL_LINUX_CALLS_H_
