// SPDX-License-Identifier: Apache-2.0
// Calls every row of the Linux table once through its generated stub and once
// through glibc's syscall() with the same arguments, and expects the same
// result. The arguments are -1 everywhere unless the row says otherwise
// (tables/linux/signatures.tbl): a bad descriptor, an address the kernel
// rejects, a size or a set of flags too large, so most calls fail early and
// identically. A difference means the stub reached the kernel with the wrong
// number or the wrong arguments.

#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "tests/probe_row.h"

namespace {

using sysgate_test::kProbeRows;
using sysgate_test::ProbeKind;
using sysgate_test::ProbeRow;

class LinuxProbeTest : public testing::TestWithParam<ProbeRow> {};

TEST_P(LinuxProbeTest, StubAgreesWithGlibcSyscall) {
  const ProbeRow& row = GetParam();
  if (row.kind == ProbeKind::kUnsafe) GTEST_SKIP() << "unsafe: " << row.reason;
  if (sysgate_test::EmulatorServesReservedRow(row))
    GTEST_SKIP() << "reserved here, but the emulator serves " << row.name << " (it does not answer ENOSYS)";
  long stub, glibc;
  EXPECT_TRUE(sysgate_test::StubAgreesWithGlibc(row, row.args, &stub, &glibc))
      << "stub returned " << stub << ", glibc " << glibc;
}

std::string RowName(const testing::TestParamInfo<ProbeRow>& info) {
  return std::to_string(info.param.number) + "_" + info.param.name;
}

INSTANTIATE_TEST_SUITE_P(EveryRow, LinuxProbeTest, testing::ValuesIn(kProbeRows), RowName);

// A number the kernel keeps reserved (a row without an entry point) answers
// ENOSYS: the row is not a live call under the wrong name.
TEST(LinuxReservedNumbers, AnswerEnosys) {
  int reserved = 0;
  for (const ProbeRow& row : kProbeRows) {
    if (row.entry[0] != '\0' || sysgate_test::EmulatorServesReservedRow(row)) continue;
    ++reserved;
    ASSERT_NE(row.call, nullptr) << row.name << ": a reserved number is safe to call";
    EXPECT_EQ(row.call(row.args), -ENOSYS) << row.name;
  }
  EXPECT_GT(reserved, 0);
}

TEST(LinuxProbeSummary, PrintsCountsAndUnsafeRows) {
  int probed = 0;
  std::vector<const ProbeRow*> unsafe;
  for (const ProbeRow& row : kProbeRows) {
    if (row.kind == ProbeKind::kUnsafe) {
      unsafe.push_back(&row);
    } else {
      ++probed;
    }
  }
  std::printf("probed %d of %zu rows; %zu marked unsafe:\n", probed, std::size(kProbeRows),
              unsafe.size());
  for (const ProbeRow* row : unsafe) std::printf("  %-16s %s\n", row->name, row->reason);
  EXPECT_EQ(probed + static_cast<int>(unsafe.size()), sysgate::sys::kSyscallCount);
  EXPECT_GT(probed, sysgate::sys::kSyscallCount * 9 / 10) << "most rows must be probed";
}

}  // namespace
