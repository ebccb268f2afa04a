// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/arm: TPIDRURO, read-only to user space, which
// the kernel sets (ARM's private set_tls call, and CLONE_SETTLS's value).
// See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_ARM_H_
#define SYSGATE_THREAD_TLS_LINUX_ARM_H_

#include "sysgate/result.h"
#include "sysgate/syscalls.h"

namespace sysgate::tls {

inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) { return Result<void>(sys::set_tls(tp)); }

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_ARM_H_
