// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/sh4: gbr, which user code sets with ldc and
// the kernel sets for a clone with CLONE_SETTLS (copy_thread). See
// tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_SH4_H_
#define SYSGATE_THREAD_TLS_LINUX_SH4_H_

#include "sysgate/result.h"

namespace sysgate::tls {

inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  asm volatile("ldc %0, gbr" : : "r"(tp) : "memory");
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_SH4_H_
