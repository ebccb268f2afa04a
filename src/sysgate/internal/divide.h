// SPDX-License-Identifier: Apache-2.0
// Division of a 64-bit time by a unit (a second, a millisecond, ...) that
// needs no libgcc. On the 32-bit architectures gcc turns every 64-bit `/`
// and `%`, by a constant too, into a call to libgcc's __divdi3 or
// __aeabi_ldivmod, which a program linked with -nostdlib does not have
// (and which on arm raises SIGFPE through libc's raise for a zero divisor).
// The core's times are never negative where it divides them, and its units
// are below 2^31: so a shift-and-subtract long division of 64 steps in
// 32-bit registers does it, for the cost of a few hundred cycles beside the
// system call it prepares. The 64-bit architectures divide in one
// instruction, but alpha, which has none: its gcc calls glibc's __divq and
// __remq (core_abi.h's SYSGATE_ARCH_DIVIDE_IN_LIBC, the .abi's divide key).

#ifndef SYSGATE_INTERNAL_DIVIDE_H_
#define SYSGATE_INTERNAL_DIVIDE_H_

#include "sysgate/int64.h"
#ifdef __linux__
#include "sysgate/generated/linux/core_abi.h"
#endif

namespace sysgate::internal {

struct Quotient {
  int64_t quotient;
  long remainder;
};

// n / unit and n % unit, for n >= 0 and 0 < unit < 2^31.
inline Quotient Divide(int64_t n, long unit) {
#if __SIZEOF_POINTER__ == 8 && !defined(SYSGATE_ARCH_DIVIDE_IN_LIBC)
  return {n / unit, n % unit};
#else
  unsigned long long bits = static_cast<unsigned long long>(n);
  unsigned long long quotient = 0;
  const unsigned int divisor = static_cast<unsigned int>(unit);
  unsigned int remainder = 0;  // < divisor < 2^31, so one more bit fits
  // Constant shifts only: a 64-bit shift by a variable is a libgcc call too
  // on some targets.
  for (int i = 0; i < 64; ++i) {
    remainder = remainder << 1 | static_cast<unsigned int>(bits >> 63);
    bits <<= 1;
    quotient <<= 1;
    if (remainder >= divisor) {
      remainder -= divisor;
      quotient |= 1;
    }
  }
  return {static_cast<int64_t>(quotient), static_cast<long>(remainder)};
#endif
}

}  // namespace sysgate::internal

#endif  // SYSGATE_INTERNAL_DIVIDE_H_
