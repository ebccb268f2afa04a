// SPDX-License-Identifier: Apache-2.0
// Every typed wrapper with bad arguments: its probe arguments (a bad
// descriptor, -1 sizes and flags), then each pointer parameter null, then
// each pointing into an unmapped page. Every call must come back, with an
// error value or a harmless success, and agree with glibc's syscall() given
// the same arguments. Rows marked unsafe are left to
// linux_unsafe_rows_test.cc.

#include <string.h>
#include <sys/mman.h>

#include <cstdio>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "tests/probe_row.h"

namespace {

using sysgate_test::kProbeRows;
using sysgate_test::ProbeKind;
using sysgate_test::ProbeRow;

// A page that was mapped and then unmapped, between two inaccessible pages
// that keep anything else from being mapped at its address.
long UnmappedPage() {
  static long page = [] {
    const long size = sysconf(_SC_PAGESIZE);
    void* region = mmap(nullptr, 3 * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* middle = static_cast<char*>(region) + size;
    munmap(middle, size);
    return reinterpret_cast<long>(middle);
  }();
  return page;
}

bool StillUnmapped(long page) {
  unsigned char residency;
  return mincore(reinterpret_cast<void*>(page), 1, &residency) == -1 && errno == ENOMEM;
}

class LinuxBadArgsTest : public testing::TestWithParam<ProbeRow> {};

std::map<std::string, int> outcomes;  // errno name (or "success") -> calls
int calls = 0;

void Count(long result) {
  ++calls;
  const int error = sysgate::Result<long>(result).error();
  ++outcomes[error == 0 ? "success" : strerrorname_np(error)];
}

TEST_P(LinuxBadArgsTest, ReturnsAnErrorValueAndAgreesWithGlibc) {
  const ProbeRow& row = GetParam();
  if (row.kind == ProbeKind::kUnsafe) GTEST_SKIP() << "unsafe: " << row.reason;
  if (sysgate_test::EmulatorServesReservedRow(row))
    GTEST_SKIP() << "reserved here, but the emulator serves " << row.name << " (it does not answer ENOSYS)";
  const long variants[] = {0, UnmappedPage()};
  long stub, glibc;
  ASSERT_TRUE(sysgate_test::StubAgreesWithGlibc(row, row.args, &stub, &glibc))
      << "probe arguments: stub " << stub << ", glibc " << glibc;
  Count(stub);
  for (int i = 0; i < row.arg_count; ++i) {
    if ((row.pointer_params & (1u << i)) == 0) continue;
    for (long pointer : variants) {
      long args[6];
      for (int j = 0; j < 6; ++j) args[j] = row.args[j];
      args[i] = pointer;
      EXPECT_TRUE(sysgate_test::StubAgreesWithGlibc(row, args, &stub, &glibc))
          << "argument " << i << " = " << (pointer == 0 ? "null" : "an unmapped page")
          << ": stub " << stub << ", glibc " << glibc;
      Count(stub);
    }
  }
  EXPECT_TRUE(StillUnmapped(UnmappedPage())) << "the test's unmapped page got mapped";
}

std::string RowName(const testing::TestParamInfo<ProbeRow>& info) {
  return std::to_string(info.param.number) + "_" + info.param.name;
}

INSTANTIATE_TEST_SUITE_P(EveryRow, LinuxBadArgsTest, testing::ValuesIn(kProbeRows), RowName);

class Summary : public testing::Environment {
 public:
  void TearDown() override {
    std::printf("%d calls with bad arguments; outcomes (errno: calls):", calls);
    for (const auto& [outcome, count] : outcomes) std::printf(" %s: %d", outcome.c_str(), count);
    std::printf("\n");
  }
};

const auto* const summary = testing::AddGlobalTestEnvironment(new Summary);

}  // namespace
