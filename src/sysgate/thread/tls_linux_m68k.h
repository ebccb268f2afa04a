// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/m68k, which no register holds: the kernel
// keeps it in each thread's thread_info (tp_value, arch/m68k/kernel/
// sys_m68k.c). set_thread_area sets it, CLONE_SETTLS gives a child its own
// (copy_thread, arch/m68k/kernel/process.c) and get_thread_area reads it,
// as glibc's __m68k_read_tp does for the code GCC emits for thread-local
// storage. See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_M68K_H_
#define SYSGATE_THREAD_TLS_LINUX_M68K_H_

#include "sysgate/result.h"
#include "sysgate/syscalls.h"

#ifndef SYSGATE_ARCH_THREAD_POINTER_IN_KERNEL
#error "tables/linux/m68k.abi's thread_pointer says the kernel keeps it"
#endif

namespace sysgate::tls {

// A system call: get_thread_area cannot fail, and an address is never one
// of -4095..-1.
inline unsigned long ThreadPointer() {
  return reinterpret_cast<unsigned long>(sys::get_thread_area().value());
}

using CloneTls = PlainCloneTls;

inline Result<void> SetThreadPointer(unsigned long tp) {
  return Result<void>(sys::set_thread_area(tp));
}

}  // namespace sysgate::tls

#endif  // SYSGATE_THREAD_TLS_LINUX_M68K_H_
