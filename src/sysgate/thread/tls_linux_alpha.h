// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/alpha: the PALcode's per-thread unique
// value, read by rduniq and written by wruniq (call_pal 0x9e, 0x9f), which
// the kernel keeps across switches and sets for a clone child
// (CLONE_SETTLS: copy_thread in arch/alpha/kernel/process.c). See
// tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_ALPHA_H_
#define SYSGATE_THREAD_TLS_LINUX_ALPHA_H_

#include "sysgate/result.h"

namespace sysgate::tls {

inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

// wruniq cannot fail.
inline Result<void> SetThreadPointer(unsigned long tp) {
  __builtin_set_thread_pointer(reinterpret_cast<void*>(tp));
  return Result<void>::Ok();
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_ALPHA_H_
