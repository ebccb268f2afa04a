// SPDX-License-Identifier: Apache-2.0
// A stand-in for the kernel's vDSO, for tests/vdso_fixture_test.cc: the
// names, version and layout of the target architecture's (the kernel's
// arch/x86/entry/vdso/vdso.lds.S, arch/arm64/kernel/vdso/vdso.lds.S,
// arch/riscv/kernel/vdso/vdso.lds.S, arch/s390/kernel/vdso64/vdso64.lds.S,
// and the 32-bit ones of ilp32.map), with functions that only return a
// marker. Built -nostdlib with no data and no relocations, so the file
// mapped as it is runs.
//
// Each function is defined under both prefixes the kernel's vDSOs use,
// __vdso_ and __kernel_; the architecture's version script
// (vdso_fixture/ARCH.map) exports the ones of its own prefix, and
// clock_getres under the other one only, and keeps the rest local.

#include "tests/vdso_fixture/markers.h"

#if defined(_CALL_ELF) && _CALL_ELF == 1
/* ELFv1 (ppc64): a C function's symbol would name its descriptor in .opd,
 * data with relocations; the kernel's vdso64 exports its functions' code
 * instead (vdso64.lds.S discards .opd), and so does this fixture, in
 * assembly: each function loads its marker into r3 and returns. */
#define STRING(x) #x
#define CODE_SYMBOL(name, marker)                                          \
  __asm__(".text\n\t.globl " #name "\n\t.type " #name ", @function\n" #name \
          ":\n\tlis 3, " STRING(marker) "@h\n\tori 3, 3, " STRING(marker)     \
          "@l\n\tblr\n\t.size " #name ", . - " #name);
#define BOTH_PREFIXES(returns, name, params, marker) \
  CODE_SYMBOL(__vdso_##name, marker)                 \
  CODE_SYMBOL(__kernel_##name, marker)
#else
#define BOTH_PREFIXES(returns, name, params, marker)   \
  returns __vdso_##name params { return marker; }     \
  returns __kernel_##name params { return marker; }
#endif

// A vDSO of 32-bit words names its clock_gettime of 64-bit times
// clock_gettime64; x32's, ELF32 too, has x86-64's names. Both are here, and
// ARCH.map exports the one the architecture's vDSO has.
BOTH_PREFIXES(long, clock_gettime64, (int clock, void* ts), SYSGATE_VDSO_MARK_CLOCK_GETTIME)
BOTH_PREFIXES(long, clock_gettime, (int clock, void* ts), SYSGATE_VDSO_MARK_CLOCK_GETTIME)
BOTH_PREFIXES(long, gettimeofday, (void* tv, void* tz), SYSGATE_VDSO_MARK_GETTIMEOFDAY)
BOTH_PREFIXES(long, time, (long* seconds), SYSGATE_VDSO_MARK_TIME)
BOTH_PREFIXES(long, getrandom,
              (void* buffer, unsigned long length, unsigned flags, void* state,
               unsigned long state_size),
              SYSGATE_VDSO_MARK_GETRANDOM)
BOTH_PREFIXES(long, getcpu, (unsigned* cpu, unsigned* node, void* cache),
              SYSGATE_VDSO_MARK_GETCPU_WRONG_VERSION)
BOTH_PREFIXES(long, clock_getres, (int clock, void* ts),
              SYSGATE_VDSO_MARK_CLOCK_GETRES_WRONG_PREFIX)
