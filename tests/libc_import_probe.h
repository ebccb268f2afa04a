// SPDX-License-Identifier: Apache-2.0
// The row type of the generated probe lists of the C library tables
// (sysgate/generated/OS/import_probes.inc), and the C++ statement of what a
// trampoline must return, which the tests hold the generated assembly to.

#ifndef SYSGATE_TESTS_LIBC_IMPORT_PROBE_H_
#define SYSGATE_TESTS_LIBC_IMPORT_PROBE_H_

#include <cstdint>
#include <ostream>

#include "probe_kind.h"

namespace sysgate_test {

enum class ErrorConvention { kErrno, kErrnum, kNull, kMapFailed, kNever };

// The C return type's width and signedness: what the trampoline widens.
enum class ReturnKind { kVoid, kWord, kS32, kU32, kS16, kU16, kS8, kU8 };

struct ProbeArg {
  enum Kind { kWord, kBuffer, kString } kind;
  long word;
  const char* text;
};

struct ImportProbe {
  const char* name;
  const char* symbol;         // what the trampoline calls, on ELF
  const char* direct_symbol;  // the reference library's function; "" for a double
  ErrorConvention errors;
  ReturnKind returns;
  int arg_count;
  int fixed_count;  // arguments before C's `...`
  ProbeKind kind;
  const char* reason;
  ProbeArg args[6];
  long (*trampoline)(const long* args);
  // Calls `function` with the import's C shape (variadic where it is).
  long (*call)(void* function, const long* args);

  bool variadic() const { return fixed_count < arg_count; }
};

// Names the row in test failures instead of its address.
inline void PrintTo(const ImportProbe* row, std::ostream* os) { *os << row->name; }

// The C return register, widened as the row's return type says.
inline long Widen(ReturnKind kind, long reg) {
  switch (kind) {
    case ReturnKind::kVoid:
      return 0;
    case ReturnKind::kWord:
      return reg;
    case ReturnKind::kS32:
      return static_cast<std::int32_t>(reg);
    case ReturnKind::kU32:
      return static_cast<std::uint32_t>(reg);
    case ReturnKind::kS16:
      return static_cast<std::int16_t>(reg);
    case ReturnKind::kU16:
      return static_cast<std::uint16_t>(reg);
    case ReturnKind::kS8:
      return static_cast<std::int8_t>(reg);
    case ReturnKind::kU8:
      return static_cast<std::uint8_t>(reg);
  }
  return reg;
}

// What the trampoline of `row` must return when its function left `reg` in
// the return register and `errnum` in errno: sysgate::Result's raw value.
inline long Expected(const ImportProbe& row, long reg, int errnum) {
  const long value = Widen(row.returns, reg);
  switch (row.errors) {
    case ErrorConvention::kErrno:
    case ErrorConvention::kMapFailed:
      return value == -1 ? -errnum : value;
    case ErrorConvention::kNull:
      return value == 0 ? -errnum : value;
    case ErrorConvention::kErrnum:
      return -value;
    case ErrorConvention::kNever:
      return value;
  }
  return value;
}

// What of a trampoline's result `got` is defined: all of it, but where the
// row cannot fail only the bits of its return type. That trampoline jumps to
// the function, which returns straight to LibcCall's caller, and the typed
// wrapper keeps those bits (Result<T>::value()).
inline long Defined(const ImportProbe& row, long got) {
  return row.errors == ErrorConvention::kNever ? Widen(row.returns, got) : got;
}

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_LIBC_IMPORT_PROBE_H_
