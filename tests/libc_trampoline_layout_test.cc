// SPDX-License-Identifier: Apache-2.0
// Calls every trampoline of both C library tables against recording doubles
// (each trampoline file is assembled a second time with its calls renamed,
// see BUILD.bazel) and checks that each argument word reaches the register or
// stack slot the ABI gives it, and that each result is widened and converted
// as the row's return type and error convention say. This is where Darwin
// arm64's rule that C's `...` go on the stack is checked: it runs on arm64
// under qemu, where the Darwin trampolines cannot call glibc's variadic
// functions.

#include <errno.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc_call_guard.h"
#include "tests/libc_double.h"
#include "tests/libc_import_probe.h"
#include "tests/libc_probes.h"

#define SYSGATE_IMPORT_SYMBOL(symbol, provider) \
  SYSGATE_DOUBLE(sysgate_double_darwin_##symbol, #symbol)
#include "sysgate/generated/darwin/import_symbols.inc"
#undef SYSGATE_IMPORT_SYMBOL
#define SYSGATE_IMPORT_SYMBOL(symbol, provider) \
  SYSGATE_DOUBLE(sysgate_double_glibc_##symbol, #symbol)
#include "sysgate/generated/glibc/import_symbols.inc"
#undef SYSGATE_IMPORT_SYMBOL

namespace sysgate_test {
namespace {

struct Table {
  const char* os;
  const ImportProbe* begin;
  const ImportProbe* end;
  bool variadic_on_stack;
};

const Table kTables[] = {
    {"darwin", std::begin(kDarwinProbes), std::end(kDarwinProbes), kDarwinVariadicOnStack},
    {"glibc", std::begin(kGlibcProbes), std::end(kGlibcProbes), false},
};

struct Row {
  const Table* table;
  const ImportProbe* probe;
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.table->os << "/" << row.probe->name; }

const char* ErrnoSymbol(const Table& table) {
  for (const ImportProbe* row = table.begin; row != table.end; ++row) {
    if (std::string(row->name) == "errno_location") return row->symbol;
  }
  return "";
}

bool NeverReturns(const ImportProbe& row) {
  return row.kind == ProbeKind::kUnsafe && std::string(row.reason) == "never returns";
}

// The rows of both tables that return, or those that never do.
std::vector<Row> Rows(bool never_return) {
  std::vector<Row> rows;
  for (const Table& table : kTables) {
    for (const ImportProbe* row = table.begin; row != table.end; ++row) {
      if (NeverReturns(*row) == never_return) rows.push_back({&table, row});
    }
  }
  return rows;
}

class TrampolineLayoutTest : public testing::TestWithParam<Row> {
 protected:
  void SetUp() override { double_state.errno_symbol = ErrnoSymbol(*GetParam().table); }
};

TEST_P(TrampolineLayoutTest, PlacesEveryArgumentAndConvertsTheResult) {
  const ImportProbe& row = *GetParam().probe;
  if (row.symbol == double_state.errno_symbol) {
    // The double answers errno's address for it, as the C library would.
    EXPECT_EQ(sysgate::LibcCall(row.trampoline, nullptr), reinterpret_cast<long>(&errno));
    return;
  }
  ExpectMarshalled(row, GetParam().table->variadic_on_stack);
}

using NoreturnTrampolineTest = TrampolineLayoutTest;

TEST_P(NoreturnTrampolineTest, TrapsIfTheFunctionReturns) {
  const long words[6] = {};
  EXPECT_DEATH(sysgate::LibcCall(GetParam().probe->trampoline, words), "");
}

std::string RowName(const testing::TestParamInfo<Row>& info) {
  return std::string(info.param.table->os) + "_" + info.param.probe->name;
}

INSTANTIATE_TEST_SUITE_P(EveryImport, TrampolineLayoutTest, testing::ValuesIn(Rows(false)),
                         RowName);
INSTANTIATE_TEST_SUITE_P(EveryNoreturnImport, NoreturnTrampolineTest, testing::ValuesIn(Rows(true)),
                         RowName);

// The variadic rows are there to be checked: open, fcntl, ioctl, ...
TEST(TrampolineLayout, BothTablesHaveVariadicImports) {
  for (const Table& table : kTables) {
    int variadic = 0;
    for (const ImportProbe* row = table.begin; row != table.end; ++row) variadic += row->variadic();
    EXPECT_GE(variadic, 3) << table.os;
  }
}

}  // namespace
}  // namespace sysgate_test
