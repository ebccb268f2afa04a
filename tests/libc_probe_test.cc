// SPDX-License-Identifier: Apache-2.0
// Calls every import of the C library tables through its generated trampoline
// and LibcCall, and directly, with the same arguments (the probe arguments of
// tables/glibc/imports.tbl), and expects the same result after the row's
// error convention, and the same bytes in every buffer the call filled.
//
// The Darwin trampolines run here too, assembled as ELF: an import glibc also
// has is called against glibc's function of the same name, which checks the
// argument marshalling (the System V and AAPCS64 rules are Darwin's for
// non-variadic calls), the widening of the result and the errno conversion.
// An import glibc lacks (mach_absolute_time, kevent, ...) is called against a
// test double that records where its arguments landed.

#include <dlfcn.h>
#include <errno.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc_call_guard.h"
#include "sysgate/result.h"
#include "tests/libc_double.h"
#include "tests/libc_import_probe.h"
#include "tests/libc_probes.h"

// What the Darwin trampolines call that glibc does not define: Darwin's
// errno accessor is glibc's under another name, the rest are doubles.
#define SYSGATE_PROVIDE_REFERENCE(symbol)
#define SYSGATE_PROVIDE_ERRNO(symbol) \
  extern "C" int* symbol() { return __errno_location(); }
#define SYSGATE_PROVIDE_DOUBLE(symbol) SYSGATE_DOUBLE(symbol, #symbol)
#define SYSGATE_IMPORT_SYMBOL(symbol, provider) SYSGATE_PROVIDE_##provider(symbol)
#include "sysgate/generated/darwin/import_symbols.inc"
#undef SYSGATE_IMPORT_SYMBOL

namespace sysgate_test {
namespace {

struct alignas(16) Buffer {
  unsigned char bytes[4096] = {};
};

// A probe's argument words, each `buf` a fresh zeroed buffer.
class ProbeArguments {
 public:
  explicit ProbeArguments(const ImportProbe& row) {
    for (int i = 0; i < row.arg_count; ++i) {
      const ProbeArg& arg = row.args[i];
      switch (arg.kind) {
        case ProbeArg::kWord:
          words_[i] = arg.word;
          break;
        case ProbeArg::kBuffer:
          buffers_.push_back(std::make_unique<Buffer>());
          words_[i] = reinterpret_cast<long>(buffers_.back()->bytes);
          break;
        case ProbeArg::kString:
          words_[i] = reinterpret_cast<long>(arg.text);
          break;
      }
    }
  }

  const long* words() const { return words_; }

  std::vector<std::string> BufferContents() const {
    std::vector<std::string> contents;
    for (const auto& b : buffers_) contents.emplace_back(b->bytes, b->bytes + sizeof b->bytes);
    return contents;
  }

 private:
  long words_[6] = {};
  std::vector<std::unique_ptr<Buffer>> buffers_;
};

void CloseIfDescriptor(const ImportProbe& row, long result) {
  if (row.kind == ProbeKind::kNewFd && result >= 0) close(static_cast<int>(result));
}

void ExpectAgreesWithReference(const ImportProbe& row) {
  void* function = dlsym(RTLD_DEFAULT, row.direct_symbol);
  ASSERT_NE(function, nullptr) << row.direct_symbol << ": " << dlerror();

  ProbeArguments through(row);
  const long got = Defined(row, sysgate::LibcCall(row.trampoline, through.words()));
  CloseIfDescriptor(row, got);

  ProbeArguments direct(row);
  errno = 0;
  const long reg = row.call(function, direct.words());
  const long want = Expected(row, reg, errno);
  CloseIfDescriptor(row, want);

  if (row.kind == ProbeKind::kVaries) {
    EXPECT_EQ(sysgate::Result<long>(got).error(), sysgate::Result<long>(want).error())
        << "through the trampoline " << got << ", directly " << want;
  } else {
    EXPECT_EQ(got, want);
    EXPECT_EQ(through.BufferContents(), direct.BufferContents()) << "the buffers differ";
  }
}

std::string RowName(const testing::TestParamInfo<const ImportProbe*>& info) {
  return info.param->name;
}

class DarwinTrampolineTest : public testing::TestWithParam<const ImportProbe*> {};

TEST_P(DarwinTrampolineTest, AgreesWithGlibcOrItsDouble) {
  const ImportProbe& row = *GetParam();
  switch (row.kind) {
    case ProbeKind::kUnsafe:
      GTEST_SKIP() << "unsafe: " << row.reason;
    case ProbeKind::kDouble:
      ExpectMarshalled(row, kDarwinVariadicOnStack);
      return;
    default:
      if (kDarwinVariadicOnStack && row.variadic()) {
        GTEST_SKIP() << "variadic: Darwin passes `...` on the stack, glibc in registers";
      }
      ExpectAgreesWithReference(row);
  }
}

class GlibcTrampolineTest : public testing::TestWithParam<const ImportProbe*> {};

TEST_P(GlibcTrampolineTest, AgreesWithGlibc) {
  const ImportProbe& row = *GetParam();
  ASSERT_NE(row.kind, ProbeKind::kDouble) << "every glibc import is glibc's";
  if (row.kind == ProbeKind::kUnsafe) GTEST_SKIP() << "unsafe: " << row.reason;
  ExpectAgreesWithReference(row);
}

std::vector<const ImportProbe*> Rows(const ImportProbe* begin, const ImportProbe* end) {
  std::vector<const ImportProbe*> rows;
  for (const ImportProbe* row = begin; row != end; ++row) rows.push_back(row);
  return rows;
}

INSTANTIATE_TEST_SUITE_P(EveryImport, DarwinTrampolineTest,
                         testing::ValuesIn(Rows(std::begin(kDarwinProbes),
                                                std::end(kDarwinProbes))),
                         RowName);
INSTANTIATE_TEST_SUITE_P(EveryImport, GlibcTrampolineTest,
                         testing::ValuesIn(Rows(std::begin(kGlibcProbes), std::end(kGlibcProbes))),
                         RowName);

// A double stands in only for what glibc really lacks: a function glibc has
// must be probed against glibc (its row belongs in tables/glibc/imports.tbl),
// and a double of it here would replace glibc's for the whole process.
TEST(DarwinDoubles, StandInOnlyForFunctionsGlibcLacks) {
  int doubles = 0;
  for (const ImportProbe& row : kDarwinProbes) {
    if (row.kind != ProbeKind::kDouble) continue;
    ++doubles;
    EXPECT_EQ(dlsym(RTLD_NEXT, row.symbol), nullptr) << row.symbol << " is in glibc";
  }
  EXPECT_GT(doubles, 0);
}

TEST(LibcProbeSummary, PrintsCounts) {
  for (const auto& [table, begin, end] :
       {std::tuple{"darwin", std::begin(kDarwinProbes), std::end(kDarwinProbes)},
        std::tuple{"glibc", std::begin(kGlibcProbes), std::end(kGlibcProbes)}}) {
    int against_glibc = 0, doubles = 0, unsafe = 0;
    for (const ImportProbe* row = begin; row != end; ++row) {
      if (row->kind == ProbeKind::kUnsafe) {
        ++unsafe;
      } else if (row->kind == ProbeKind::kDouble) {
        ++doubles;
      } else {
        ++against_glibc;
      }
    }
    std::printf("%s: %d imports, %d called against glibc, %d against doubles, %d unsafe\n", table,
                static_cast<int>(end - begin), against_glibc, doubles, unsafe);
  }
  EXPECT_EQ(std::end(kDarwinProbes) - std::begin(kDarwinProbes), sysgate::darwin::kImportCount);
  EXPECT_EQ(std::end(kGlibcProbes) - std::begin(kGlibcProbes), sysgate::glibc::kImportCount);
}

}  // namespace
}  // namespace sysgate_test
