// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/amd64p32 (x32): x86-64's %fs, set by
// arch_prctl(ARCH_SET_FS), as on amd64; the address is 32 bits, the kernel's
// argument a 64-bit word that holds it zero-extended.

#ifndef SYSGATE_THREAD_TLS_LINUX_AMD64P32_H_
#define SYSGATE_THREAD_TLS_LINUX_AMD64P32_H_

#include "sysgate/thread/tls_linux_amd64.h"

#endif  // SYSGATE_THREAD_TLS_LINUX_AMD64P32_H_
