// SPDX-License-Identifier: Apache-2.0
#include "tools/linux_tables.h"

#include "sysgate/syscalls.h"

namespace sysgate::tool {
namespace {

const TableRow kRows[] = {
#include "sysgate/generated/linux/table_rows.inc"
};

}  // namespace

std::vector<std::string> LinuxArches() {
  std::vector<std::string> arches;
  for (const TableRow& row : kRows) {
    if (arches.empty() || arches.back() != row.arch) arches.push_back(row.arch);
  }
  return arches;
}

std::vector<TableRow> LinuxTableRows(const std::string& arch) {
  std::vector<TableRow> rows;
  for (const TableRow& row : kRows) {
    if (arch == row.arch) rows.push_back(row);
  }
  return rows;
}

std::set<std::string> AbisOf(const std::vector<TableRow>& rows) {
  std::set<std::string> abis;
  for (const TableRow& row : rows) abis.insert(row.abi);
  return abis;
}

// kSyscallTable is "linux/ARCH" for the table compiled in.
const char* RunningArch() { return sysgate::sys::kSyscallTable + sizeof("linux/") - 1; }

}  // namespace sysgate::tool
