// SPDX-License-Identifier: Apache-2.0
// The generated probe lists of both C library tables
// (sysgate/generated/OS/import_probes.inc), shared by the tests that read them.

#ifndef SYSGATE_TESTS_LIBC_PROBES_H_
#define SYSGATE_TESTS_LIBC_PROBES_H_

#include "sysgate/generated/darwin/imports.h"
#include "sysgate/generated/glibc/imports.h"
#include "tests/libc_import_probe.h"

namespace sysgate_test {

inline const ImportProbe kDarwinProbes[] = {
#include "sysgate/generated/darwin/import_probes.inc"
};

inline const ImportProbe kGlibcProbes[] = {
#include "sysgate/generated/glibc/import_probes.inc"
};

// Apple's arm64 ABI puts every variadic argument in an 8-byte stack slot;
// Darwin x86-64 and Linux (System V, AAPCS64) pass them in registers. Stated
// here again, apart from the generator, for the tests to hold it to.
#if defined(__aarch64__)
inline constexpr bool kDarwinVariadicOnStack = true;
#else
inline constexpr bool kDarwinVariadicOnStack = false;
#endif

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_LIBC_PROBES_H_
