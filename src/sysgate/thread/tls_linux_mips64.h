// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/mips64: the UserLocal register, as on
// mips64le, whose header this is (the register and the instructions do not
// depend on the byte order). See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_MIPS64_H_
#define SYSGATE_THREAD_TLS_LINUX_MIPS64_H_

#include "sysgate/thread/tls_linux_mips64le.h"

#endif  // SYSGATE_THREAD_TLS_LINUX_MIPS64_H_
