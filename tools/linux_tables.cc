#include "tools/linux_tables.h"

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

const char* RunningArch() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#elif defined(__i386__)
  return "386";
#elif defined(__arm__)
  return "arm";
#else
#error "sysgate has no Linux system call table for this architecture"
#endif
}

}  // namespace sysgate::tool
