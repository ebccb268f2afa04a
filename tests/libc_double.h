// SPDX-License-Identifier: Apache-2.0
// A test double for C library functions: records the argument registers and
// the first stack slots it was called with, sets errno and returns what the
// test chose. ExpectMarshalled calls a trampoline against it and checks where
// each argument landed and what the trampoline made of the result.

#ifndef SYSGATE_TESTS_LIBC_DOUBLE_H_
#define SYSGATE_TESTS_LIBC_DOUBLE_H_

#include <errno.h>

#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc_call_guard.h"
#include "tests/libc_import_probe.h"

namespace sysgate_test {

struct DoubleCall {
  const char* symbol;
  // The eight integer argument registers (x86-64 has six: the last two read
  // the stack) and the first six stack arguments: where a call leaves them,
  // these are the parameters after the registers' (AAPCS64's 9th and on).
  long regs[8];
  long stack[6];
};

struct DoubleState {
  const char* errno_symbol = "";  // answers errno's address instead
  long returns = 0;
  int errnum = 0;
  int calls = 0;  // to anything but errno_symbol
  DoubleCall first = {};
};

inline DoubleState double_state;

inline long RecordDoubleCall(const DoubleCall& call) {
  if (std::strcmp(call.symbol, double_state.errno_symbol) == 0) {
    return reinterpret_cast<long>(&errno);
  }
  if (double_state.calls++ == 0) double_state.first = call;
  errno = double_state.errnum;
  return double_state.returns;
}

// Defines `extern "C" function`, a double recording calls as `symbol`.
#define SYSGATE_DOUBLE(function, symbol)                                                           \
  extern "C" long function(long r0, long r1, long r2, long r3, long r4, long r5, long r6, long r7, \
                           long s0, long s1, long s2, long s3, long s4, long s5) {                 \
    return sysgate_test::RecordDoubleCall(                                                         \
        {symbol, {r0, r1, r2, r3, r4, r5, r6, r7}, {s0, s1, s2, s3, s4, s5}});                     \
  }

// Calls row's trampoline through LibcCall with its function replaced by the
// double, once returning a success and once a failure, and checks that every
// argument word reached the register (or, for C's `...` where
// variadic_on_stack, the stack slot) the ABI gives it, unchanged, and that the
// result is what Expected() says.
inline void ExpectMarshalled(const ImportProbe& row, bool variadic_on_stack) {
  long words[6];
  for (int i = 0; i < 6; ++i) {
    // Distinct, and with high bits set, so a truncated or swapped word shows.
    words[i] = static_cast<long>(0xA5A5000000000000UL | (std::uint64_t(i + 1) << 32) |
                                 (0x01010101UL * std::uint64_t(i + 1)));
  }
  struct Case {
    const char* what;
    long returns;
    int errnum;
  };
  // Garbage above a narrow return type's bits must not leak into the result.
  const long garbage = static_cast<long>(0x5A5A5A5A00000000UL);
  const bool word = row.returns == ReturnKind::kWord;
  Case cases[2] = {{"success", garbage | 5, 0}, {"failure", 0, E2BIG}};
  switch (row.errors) {
    case ErrorConvention::kErrno:
    case ErrorConvention::kMapFailed:
      cases[1].returns = word ? -1 : garbage | 0xFFFFFFFF;
      break;
    case ErrorConvention::kNull:
      cases[1].returns = 0;
      break;
    case ErrorConvention::kErrnum:
      cases[1].returns = garbage | ENOMEM;  // the error number is the result
      break;
    case ErrorConvention::kNever:
      cases[1].returns = garbage | 0xFFFFFFFF;  // any value is a value
      break;
  }
  for (const Case& c : cases) {
    double_state.returns = c.returns;
    double_state.errnum = c.errnum;
    double_state.calls = 0;
    double_state.first = {};
    const long got = sysgate::LibcCall(row.trampoline, words);
    ASSERT_EQ(double_state.calls, 1) << row.name << " (" << c.what << ")";
    EXPECT_STREQ(double_state.first.symbol, row.symbol) << row.name;
    for (int i = 0; i < row.arg_count; ++i) {
      const bool on_stack = variadic_on_stack && i >= row.fixed_count;
      const long seen =
          on_stack ? double_state.first.stack[i - row.fixed_count] : double_state.first.regs[i];
      EXPECT_EQ(seen, words[i]) << row.name << ": argument " << i
                                << (on_stack ? " in its stack slot" : " in its register");
    }
    EXPECT_EQ(Defined(row, got), Expected(row, c.returns, c.errnum))
        << row.name << " (" << c.what << ")";
  }
}

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_LIBC_DOUBLE_H_
