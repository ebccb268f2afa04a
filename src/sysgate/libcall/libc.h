// SPDX-License-Identifier: Apache-2.0
// Every C library function sysgate imports, typed, as sysgate::libc::NAME:
// libSystem's on Darwin (sysgate::darwin, tables/darwin/imports.tbl) and
// glibc's on Linux (sysgate::glibc, tables/glibc/imports.tbl), each through
// its generated trampoline and LibcCall (sysgate/libcall/libc_call_guard.h).
//
//   auto fd = sysgate::libc::open("/etc/hosts", O_RDONLY, 0);
//   if (!fd.ok()) return fd.error();          // the errno, as an int
//
// A function that can fail returns a sysgate::Result whose error() is the
// errno (pthread functions' returned error number likewise); one that cannot
// returns its value. The two libraries' signatures differ where their types
// do (mode_t, sigset_t, pthread_t, ...): see tables/OS/types.tbl.

#ifndef SYSGATE_LIBCALL_LIBC_H_
#define SYSGATE_LIBCALL_LIBC_H_

#if defined(__APPLE__)
#include "sysgate/generated/darwin/imports.h"
namespace sysgate {
namespace libc = darwin;
}  // namespace sysgate
#elif defined(__linux__)
#include "sysgate/generated/glibc/imports.h"
namespace sysgate {
namespace libc = glibc;
}  // namespace sysgate
#else
#error "sysgate has no C library imports table for this OS"
#endif

#endif  // SYSGATE_LIBCALL_LIBC_H_
