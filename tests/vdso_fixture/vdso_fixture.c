// A stand-in for the kernel's vDSO, for tests/vdso_fixture_test.cc: the
// names, version and layout of the target architecture's (the kernel's
// arch/x86/entry/vdso/vdso.lds.S, arch/arm64/kernel/vdso/vdso.lds.S,
// arch/riscv/kernel/vdso/vdso.lds.S, and the 32-bit ones of ilp32.map),
// with functions that only return a
// marker. Built -nostdlib with no data and no relocations, so the file
// mapped as it is runs.

#include "tests/vdso_fixture/markers.h"

// The target's prefix, from the build (its .abi's vdso key): __vdso_, or
// __kernel_ (arm64, ppc64); the wrong-prefix function takes the other one.
#define SYSGATE_VDSO_PASTE(prefix, name) prefix##name
#define SYSGATE_VDSO_NAME(prefix, name) SYSGATE_VDSO_PASTE(prefix, name)
#define __kernel_other_prefix __vdso_
#define __vdso_other_prefix __kernel_
#define OURS(name) SYSGATE_VDSO_NAME(SYSGATE_VDSO_FIXTURE_PREFIX, name)
#define THEIRS(name) SYSGATE_VDSO_NAME(SYSGATE_VDSO_NAME(SYSGATE_VDSO_FIXTURE_PREFIX, other_prefix), name)

// A 32-bit vDSO's clock_gettime of 64-bit times is clock_gettime64.
#if __SIZEOF_POINTER__ == 4
long OURS(clock_gettime64)(int clock, void* ts) { return SYSGATE_VDSO_MARK_CLOCK_GETTIME; }
#else
long OURS(clock_gettime)(int clock, void* ts) { return SYSGATE_VDSO_MARK_CLOCK_GETTIME; }
#endif
long OURS(gettimeofday)(void* tv, void* tz) { return SYSGATE_VDSO_MARK_GETTIMEOFDAY; }
long OURS(time)(long* seconds) { return SYSGATE_VDSO_MARK_TIME; }
long OURS(getrandom)(void* buffer, unsigned long length, unsigned flags, void* state,
                     unsigned long state_size) {
  return SYSGATE_VDSO_MARK_GETRANDOM;
}
long OURS(getcpu)(unsigned* cpu, unsigned* node, void* cache) {
  return SYSGATE_VDSO_MARK_GETCPU_WRONG_VERSION;
}
long THEIRS(clock_getres)(int clock, void* ts) {
  return SYSGATE_VDSO_MARK_CLOCK_GETRES_WRONG_PREFIX;
}
