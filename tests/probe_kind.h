// SPDX-License-Identifier: Apache-2.0
// How a generated probe row compares sysgate's entry point with its
// reference: one vocabulary for both probe lists, the system calls'
// (probe_row.h: a stub against glibc's syscall()) and the C library
// imports' (libc_import_probe.h: a trampoline against the library's own
// function). The generator spells each kind as here (tables' "newfd" is
// kNewFd).

#ifndef SYSGATE_TESTS_PROBE_KIND_H_
#define SYSGATE_TESTS_PROBE_KIND_H_

namespace sysgate_test {

enum class ProbeKind {
  kSame,    // both give the same result, value and buffers
  kNewFd,   // likewise; a success is a descriptor to close after each call
  kVaries,  // both succeed, or both fail with the same errno
  kUnsafe,  // never probed; linux_unsafe_rows_test.cc covers the system calls'
  kDouble,  // imports only: the reference library lacks it, a test double stands in
};

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_PROBE_KIND_H_
