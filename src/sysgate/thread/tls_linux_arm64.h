// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/arm64: TPIDR_EL0, which user space writes
// itself. See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_ARM64_H_
#define SYSGATE_THREAD_TLS_LINUX_ARM64_H_

#include "sysgate/result.h"

namespace sysgate::tls {

inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  asm volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_ARM64_H_
