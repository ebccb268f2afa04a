// Result<T>: what a raw system call returned, a value or an errno.
//
// The kernel returns one register: -4095..-1 is -errno, anything else is the
// value (which may be a large unsigned number or an address, as from mmap).
// Result keeps that register as is, so it costs nothing over a long, is
// trivially copyable, and needs neither libc nor Abseil: it may be used in a
// signal handler, in a raw clone child and in a freestanding program.

#ifndef SYSGATE_RESULT_H_
#define SYSGATE_RESULT_H_

namespace sysgate {
namespace result_internal {

// Converts the raw register to T; addresses need a reinterpret_cast.
template <typename T>
struct FromRaw {
  static constexpr T Convert(long raw) noexcept { return static_cast<T>(raw); }
};
template <typename T>
struct FromRaw<T*> {
  static T* Convert(long raw) noexcept { return reinterpret_cast<T*>(raw); }
};

}  // namespace result_internal

// The largest errno the kernel returns; raw values in [-kMaxErrno, -1] are
// errors (the kernel's IS_ERR_VALUE).
inline constexpr long kMaxErrno = 4095;

template <typename T>
class Result {
 public:
  // `raw` is the kernel's return value.
  constexpr explicit Result(long raw) noexcept : raw_(raw) {}

  static constexpr Result Error(int errnum) noexcept { return Result(-static_cast<long>(errnum)); }

  constexpr bool ok() const noexcept {
    return static_cast<unsigned long>(raw_) < static_cast<unsigned long>(-kMaxErrno);
  }

  // The errno of a failed call; 0 when ok().
  constexpr int error() const noexcept { return ok() ? 0 : static_cast<int>(-raw_); }

  // The value of a successful call. Only meaningful when ok().
  T value() const noexcept { return result_internal::FromRaw<T>::Convert(raw_); }

  T value_or(T fallback) const noexcept { return ok() ? value() : fallback; }

  // The register as the kernel returned it.
  constexpr long raw() const noexcept { return raw_; }

 private:
  long raw_;
};

}  // namespace sysgate

#endif  // SYSGATE_RESULT_H_
