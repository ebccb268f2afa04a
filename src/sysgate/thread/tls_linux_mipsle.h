// SPDX-License-Identifier: Apache-2.0
// The thread pointer on linux/mipsle (o32): the UserLocal register, as on
// mips64le, whose header this is (the instruction and set_thread_area do not
// depend on the ABI or the byte order). See tls_linux.h.

#ifndef SYSGATE_THREAD_TLS_LINUX_MIPSLE_H_
#define SYSGATE_THREAD_TLS_LINUX_MIPSLE_H_

#include "sysgate/thread/tls_linux_mips64le.h"

#endif  // SYSGATE_THREAD_TLS_LINUX_MIPSLE_H_
