// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/ppc: r2, which user space writes itself (the
// 32-bit SysV ABI reserves it for the system; GCC never allocates it). See
// tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_PPC_H_
#define SYSGATE_THREAD_TLS_LINUX_PPC_H_

#include "sysgate/result.h"

namespace sysgate::tls {

// GCC 12 has no __builtin_thread_pointer for powerpc.
inline unsigned long ThreadPointer() {
  unsigned long tp;
  asm("mr %0, 2" : "=r"(tp));
  return tp;
}

// clone's CLONE_SETTLS argument becomes the child's r2 (copy_thread,
// arch/powerpc/kernel/process.c).
using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  asm volatile("mr 2, %0" : : "r"(tp) : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_PPC_H_
