// SPDX-License-Identifier: Apache-2.0
// What each architecture's tls_linux_ARCH.h provides, for raw threads and a
// libc-free program's first thread (raw_thread_linux.cc), in sysgate::tls:
//
//   struct CloneTls { explicit CloneTls(unsigned long tp); unsigned long argument; };
//       clone's CLONE_SETTLS argument that gives the child thread pointer tp
//   Result<void> SetThreadPointer(unsigned long tp);
//       sets the calling thread's
//   unsigned long ThreadPointer();
//       reads it: BuiltinThreadPointer() where the compiler has
//       __builtin_thread_pointer for the architecture, a system call where
//       the kernel keeps it (SYSGATE_ARCH_THREAD_POINTER_IN_KERNEL), an asm
//       where the compiler has no builtin for the register that holds it
//       (SYSGATE_ARCH_THREAD_POINTER_BY_ASM)
//
// The architecture's header is the one core_abi.h names
// (SYSGATE_ARCH_TLS_HEADER); where the thread pointer points is its .abi's
// thread_pointer key, not code.

#ifndef SYSGATE_THREAD_TLS_LINUX_H_
#define SYSGATE_THREAD_TLS_LINUX_H_

#include "sysgate/generated/linux/core_abi.h"

namespace sysgate::tls {

#if !defined(SYSGATE_ARCH_THREAD_POINTER_IN_KERNEL) && !defined(SYSGATE_ARCH_THREAD_POINTER_BY_ASM)
// The thread pointer, as most architectures' compilers read it. Where the
// kernel keeps it (core_abi.h), no register holds it and GCC has no builtin;
// hppa's GCC has none for cr27.
inline unsigned long BuiltinThreadPointer() {
  return reinterpret_cast<unsigned long>(__builtin_thread_pointer());
}
#endif

// CLONE_SETTLS of most architectures: the thread pointer's value itself.
struct PlainCloneTls {
  explicit PlainCloneTls(unsigned long tp) : argument(tp) {}
  unsigned long argument;
};

}  // namespace sysgate::tls

#include SYSGATE_ARCH_TLS_HEADER

#endif  // SYSGATE_THREAD_TLS_LINUX_H_
