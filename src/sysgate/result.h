// SPDX-License-Identifier: Apache-2.0
// Result<T>: what a raw system call returned, a value or an errno.
//
// The kernel returns one register: -4095..-1 is -errno, anything else is the
// value (which may be a large unsigned number or an address, as from mmap).
// Result keeps that register as is (a sysgate::Word, sysgate/word.h), so it
// costs nothing over a long, is trivially copyable, and needs neither libc
// nor Abseil (nor any header but word.h): it
// may be used in a signal handler, in a raw clone child and in a freestanding
// program. Result<void> is the uniform API's answer for a call with no value:
// success, or an errno.
//
// [[nodiscard]]: a dropped Result is a dropped error. Discard one on purpose
// with a cast to void and a comment saying why the error does not matter.

#ifndef SYSGATE_RESULT_H_
#define SYSGATE_RESULT_H_

#include "sysgate/word.h"

namespace sysgate {
namespace result_internal {

// Converts the raw register to T; addresses need a reinterpret_cast.
template <typename T>
struct FromRaw {
  static constexpr T Convert(Word raw) noexcept { return static_cast<T>(raw); }
  static constexpr Word ToRaw(T value) noexcept { return static_cast<Word>(value); }
};
template <typename T>
struct FromRaw<T*> {
  // Through unsigned long, a pointer's width on every data model sysgate
  // builds for, where Word may be wider: zero-extended, as the kernel's
  // addresses are.
  static T* Convert(Word raw) noexcept { return reinterpret_cast<T*>(static_cast<unsigned long>(raw)); }
  static Word ToRaw(T* value) noexcept { return static_cast<Word>(reinterpret_cast<unsigned long>(value)); }
};

// The integer types a Result<T> widens between, with whether they are
// signed and their rank; written out, not taken from <type_traits>, as the
// raw layer builds with no include path at all (-nostdinc). Only those no
// wider than the register: a wider one's value comes from sign-extending the
// register, whatever its own signedness.
template <typename T>
struct Integer {
  static constexpr bool kIs = false;
  static constexpr bool kSigned = false;
  static constexpr int kRank = 0;
};
#define SYSGATE_RESULT_INTEGER(type, is_signed, rank)         \
  template <>                                                 \
  struct Integer<type> {                                      \
    static constexpr bool kIs = sizeof(type) <= sizeof(Word); \
    static constexpr bool kSigned = is_signed;                \
    static constexpr int kRank = rank;                        \
  }
SYSGATE_RESULT_INTEGER(signed char, true, 1);
SYSGATE_RESULT_INTEGER(short, true, 2);
SYSGATE_RESULT_INTEGER(int, true, 3);
SYSGATE_RESULT_INTEGER(long, true, 4);
SYSGATE_RESULT_INTEGER(long long, true, 5);
SYSGATE_RESULT_INTEGER(unsigned char, false, 1);
SYSGATE_RESULT_INTEGER(unsigned short, false, 2);
SYSGATE_RESULT_INTEGER(unsigned int, false, 3);
SYSGATE_RESULT_INTEGER(unsigned long, false, 4);
SYSGATE_RESULT_INTEGER(unsigned long long, false, 5);
#undef SYSGATE_RESULT_INTEGER

// Whether every value of From is a value of To: an integer into one as wide
// or wider of its own signedness, or unsigned into a strictly wider signed
// one. By rank as well as size: long into int, lossless where both are 32
// bits, converts on no architecture, so that code that builds on a 32-bit
// one builds on a 64-bit one. (Unsigned int into long converts only on the
// 64-bit ones, as only there is it lossless.)
template <typename From, typename To>
struct HoldsEvery {
  static constexpr bool kValue =
      Integer<From>::kIs && Integer<To>::kIs &&
      (Integer<From>::kSigned == Integer<To>::kSigned
           ? sizeof(To) >= sizeof(From) && Integer<To>::kRank >= Integer<From>::kRank
           : !Integer<From>::kSigned && sizeof(To) > sizeof(From) &&
                 Integer<To>::kRank > Integer<From>::kRank);
};
template <bool kCondition>
struct EnableIf {};
template <>
struct EnableIf<true> {
  using Type = int;
};

}  // namespace result_internal

// The largest errno the kernel returns; raw values in [-kMaxErrno, -1] are
// errors (the kernel's IS_ERR_VALUE).
inline constexpr Word kMaxErrno = 4095;

template <typename T>
class [[nodiscard]] Result {
 public:
  // `raw` is the kernel's return value.
  constexpr explicit Result(Word raw) noexcept : raw_(raw) {}

  // From a Result whose every value this one can hold (Result<int> into
  // Result<long>, not the other way): the register is the same, as a value
  // is the register sign- or zero-extended as its type is. Anything else
  // drops or changes something, so says so: Result<void>(r) for the error
  // alone, or Error(r.error()) once !r.ok().
  template <typename U,
            typename result_internal::EnableIf<result_internal::HoldsEvery<U, T>::kValue>::Type = 0>
  constexpr Result(Result<U> other) noexcept : raw_(other.raw()) {}

  static constexpr Result Error(int errnum) noexcept { return Result(-static_cast<Word>(errnum)); }

  // A successful Result holding `value`, which must not be in the errno
  // range (no address or count of the kernel's is).
  static constexpr Result Ok(T value) noexcept {
    return Result(result_internal::FromRaw<T>::ToRaw(value));
  }

  constexpr bool ok() const noexcept {
    return static_cast<UnsignedWord>(raw_) < static_cast<UnsignedWord>(-kMaxErrno);
  }

  // The errno of a failed call; 0 when ok().
  constexpr int error() const noexcept { return ok() ? 0 : static_cast<int>(-raw_); }

  // The value of a successful call. Only meaningful when ok().
  T value() const noexcept { return result_internal::FromRaw<T>::Convert(raw_); }

  T value_or(T fallback) const noexcept { return ok() ? value() : fallback; }

  // The register as the kernel returned it.
  constexpr Word raw() const noexcept { return raw_; }

 private:
  Word raw_;
};

// A call that has no value: success, or an errno.
template <>
class [[nodiscard]] Result<void> {
 public:
  // Keeps `other`'s error and drops its value: explicit, as a count (a short
  // write's) may be worth looking at.
  template <typename U>
  constexpr explicit Result(Result<U> other) noexcept : error_(other.error()) {}

  static constexpr Result Ok() noexcept { return Result(0); }
  static constexpr Result Error(int errnum) noexcept { return Result(errnum); }

  constexpr bool ok() const noexcept { return error_ == 0; }

  // The errno of a failed call; 0 when ok().
  constexpr int error() const noexcept { return error_; }

 private:
  constexpr explicit Result(int error) noexcept : error_(error) {}

  int error_;
};

}  // namespace sysgate

#endif  // SYSGATE_RESULT_H_
