// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/mips64le: the UserLocal register, hardware
// register 29 to `rdhwr`, which the kernel sets (set_thread_area, and
// CLONE_SETTLS's value: copy_thread in arch/mips/kernel/process.c). See
// tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_MIPS64LE_H_
#define SYSGATE_THREAD_TLS_LINUX_MIPS64LE_H_

#include "sysgate/result.h"
#include "sysgate/syscalls.h"

namespace sysgate::tls {

// `rdhwr $3, $29`, into v1 exactly: a CPU without UserLocal traps the
// instruction, and the kernel's fast path emulates only that encoding
// (simulate_rdhwr_fast, arch/mips/kernel/traps.c), as glibc and musl read
// it. `.set mips32r2` lets the assembler take rdhwr whatever -march says.
inline unsigned long ThreadPointer() {
  register unsigned long tp asm("$3");
  asm volatile(".set push\n\t.set mips32r2\n\trdhwr $3, $29\n\t.set pop" : "=r"(tp));
  return tp;
}

using CloneTls = PlainCloneTls;

// set_thread_area takes the thread pointer's value on mips (not a
// user_desc, as on 386).
inline Result<void> SetThreadPointer(unsigned long tp) {
  return Result<void>(sys::set_thread_area(tp));
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_MIPS64LE_H_
