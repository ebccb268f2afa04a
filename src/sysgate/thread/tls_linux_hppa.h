// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/hppa: control register 27, which user code
// reads (`mfctl %cr27`) but cannot write. The gateway page's
// set_thread_pointer entry (`ble 0xe0(%sr2, %r0)`, arch/parisc/kernel/
// syscall.S) writes r26 to it, as glibc's TLS_INIT_TP does, and CLONE_SETTLS
// gives a child its own (copy_thread, arch/parisc/kernel/process.c). GCC has
// no __builtin_thread_pointer for it. See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_HPPA_H_
#define SYSGATE_THREAD_TLS_LINUX_HPPA_H_

#include "sysgate/result.h"

#ifndef SYSGATE_ARCH_THREAD_POINTER_BY_ASM
#error "tables/linux/hppa.abi's thread_pointer says the compiler has no builtin for cr27"
#endif

namespace sysgate::tls {

inline unsigned long ThreadPointer() {
  unsigned long tp;
  asm volatile("mfctl %%cr27, %0" : "=r"(tp));
  return tp;
}

using CloneTls = PlainCloneTls;

// The gateway returns through r31, which the branch writes; nothing else
// changes, and it cannot fail.
inline Result<void> SetThreadPointer(unsigned long tp) {
  register unsigned long reg_r26 asm("r26") = tp;
  asm volatile("ble 0xe0(%%sr2, %%r0)\n\t"
               "nop"
               :
               : "r"(reg_r26)
               : "r31", "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_HPPA_H_
