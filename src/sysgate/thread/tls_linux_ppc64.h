// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/ppc64: r13, as on ppc64le, whose header this
// is (the register and the instructions do not depend on the byte order or
// the ELF ABI). See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_PPC64_H_
#define SYSGATE_THREAD_TLS_LINUX_PPC64_H_

#include "sysgate/thread/tls_linux_ppc64le.h"

#endif  // SYSGATE_THREAD_TLS_LINUX_PPC64_H_
