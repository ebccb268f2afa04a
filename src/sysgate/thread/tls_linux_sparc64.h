// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/sparc64: g7, a global register the ABI
// reserves for it, which user space writes itself; there is no system call
// for it. clone's CLONE_SETTLS takes the value and sets the child's g7
// (copy_thread, arch/sparc/kernel/process_64.c). See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_SPARC64_H_
#define SYSGATE_THREAD_TLS_LINUX_SPARC64_H_

#include "sysgate/result.h"

namespace sysgate::tls {

// GCC has no __builtin_thread_pointer for sparc: g7 is read as glibc's
// THREAD_SELF does.
inline unsigned long ThreadPointer() {
  unsigned long tp;
  asm volatile("mov %%g7, %0" : "=r"(tp));
  return tp;
}

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  asm volatile("mov %0, %%g7" : : "r"(tp) : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_SPARC64_H_
