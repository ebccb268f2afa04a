// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/riscv64: the tp register. See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_RISCV64_H_
#define SYSGATE_THREAD_TLS_LINUX_RISCV64_H_

#include "sysgate/result.h"

namespace sysgate::tls {

inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  asm volatile("mv tp, %0" : : "r"(tp) : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_RISCV64_H_
