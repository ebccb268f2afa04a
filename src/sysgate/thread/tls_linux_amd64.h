// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/amd64: the %fs base, which arch_prctl sets
// and clone's CLONE_SETTLS takes as an address. See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_AMD64_H_
#define SYSGATE_THREAD_TLS_LINUX_AMD64_H_

#include "sysgate/result.h"
#include "sysgate/syscalls.h"

namespace sysgate::tls {

inline unsigned long ThreadPointer() { return BuiltinThreadPointer(); }

using CloneTls = PlainCloneTls;

// ARCH_SET_FS (arch/x86/include/uapi/asm/prctl.h), written out rather than
// included: this header reaches programs built with no system header at all
// (-nostdinc) through the LibcCall record's inline lookup (call_site_record.h).
inline constexpr int kArchSetFs = 0x1002;

inline Result<void> SetThreadPointer(unsigned long tp) {
  return Result<void>(sys::arch_prctl(kArchSetFs, tp));
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_AMD64_H_
