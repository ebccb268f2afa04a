// SPDX-License-Identifier: Apache-2.0
// Timeout arithmetic that cannot overflow. The uniform API takes any int64_t
// as a duration or a timeout, INT64_MAX included, and must turn it into a
// deadline or a coarser unit without signed overflow (undefined behaviour,
// and in practice a deadline in the past or a negative timeout, which the
// kernel reads as "no limit" or refuses).

#ifndef SYSGATE_INTERNAL_SATURATING_H_
#define SYSGATE_INTERNAL_SATURATING_H_

#include "sysgate/int64.h"
#include "sysgate/internal/divide.h"

namespace sysgate::internal {

// No <stdint.h>: the core builds without libc headers.
inline constexpr int64_t kInt64Max = __INT64_MAX__;
inline constexpr int64_t kInt64Min = -__INT64_MAX__ - 1;

// a + b, or the nearest int64_t when the sum is out of range: a deadline
// past the clock's range (about 292 years) is the end of the range.
inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kInt64Max : kInt64Min;
  return sum;
}

// nanos >= 0 in units of `unit` (0 < unit < 2^31) nanoseconds, rounded up so that a wait
// is never shorter than asked. (nanos + unit - 1) / unit overflows near
// INT64_MAX.
inline int64_t DivideRoundingUp(int64_t nanos, int64_t unit) {
  const Quotient q = Divide(nanos, unit);
  return q.quotient + (q.remainder != 0 ? 1 : 0);
}

}  // namespace sysgate::internal

#endif  // SYSGATE_INTERNAL_SATURATING_H_
