// Timeout arithmetic that cannot overflow. The uniform API takes any long as
// a duration or a timeout, LONG_MAX included, and must turn it into a
// deadline or a coarser unit without signed overflow (undefined behaviour,
// and in practice a deadline in the past or a negative timeout, which the
// kernel reads as "no limit" or refuses).

#ifndef SYSGATE_INTERNAL_SATURATING_H_
#define SYSGATE_INTERNAL_SATURATING_H_

namespace sysgate::internal {

// No <climits>: the core builds without libc headers.
inline constexpr long kLongMax = __LONG_MAX__;
inline constexpr long kLongMin = -__LONG_MAX__ - 1;

// a + b, or the nearest long when the sum is out of range: a deadline past
// the clock's range (about 292 years) is the end of the range.
inline long SaturatingAdd(long a, long b) {
  long sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kLongMax : kLongMin;
  return sum;
}

// nanos >= 0 in units of `unit` (> 0) nanoseconds, rounded up so that a wait
// is never shorter than asked. (nanos + unit - 1) / unit overflows near
// LONG_MAX.
inline long DivideRoundingUp(long nanos, long unit) {
  return nanos / unit + (nanos % unit != 0 ? 1 : 0);
}

}  // namespace sysgate::internal

#endif  // SYSGATE_INTERNAL_SATURATING_H_
