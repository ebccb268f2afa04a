// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/s390x: the access registers a0 (its high 32
// bits) and a1 (its low), which user space writes itself with sar; there is
// no system call for it. clone's CLONE_SETTLS takes the value and sets both
// (arch/s390/kernel/process.c, copy_thread). See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_S390X_H_
#define SYSGATE_THREAD_TLS_LINUX_S390X_H_

#include "sysgate/result.h"

namespace sysgate::tls {

// GCC reads a0 and a1 (ear) for it.
inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  // sar %a1, then the high half into %a0: what GCC makes of
  // __builtin_set_thread_pointer, written out so that it is the same at -O0.
  asm volatile(
      "sar %%a1, %0\n\t"
      "srlg %0, %0, 32\n\t"
      "sar %%a0, %0"
      : "+d"(tp)
      :
      : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_S390X_H_
