// SPDX-License-Identifier: Apache-2.0
// The Linux numbers tables of every architecture, compiled into the tool so
// that `sysgate diff` needs no source tree (the generator renders them, ABI
// column and all, into generated/linux/table_rows.inc).

#ifndef SYSGATE_TOOLS_LINUX_TABLES_H_
#define SYSGATE_TOOLS_LINUX_TABLES_H_

#include <set>
#include <string>
#include <vector>

namespace sysgate::tool {

struct TableRow {
  const char* arch;  // "amd64", as tables/linux/ARCH.tbl names it
  const char* abi;   // the row's ABI column: "common", "64", "rlimit", ...
  const char* name;
  long number;         // the table's, as the kernel's source table numbers it
  long number_offset;  // what the kernel adds: its uapi's __NR_ is number + this
};

// The architectures with a table, in the order of their file names.
std::vector<std::string> LinuxArches();

// The rows of `arch`'s table in number order; empty for an unknown arch.
std::vector<TableRow> LinuxTableRows(const std::string& arch);

// The ABIs `rows` use. These are the ABIs the architecture selects from a
// kernel syscall table (arch/*/kernel/Makefile.syscalls), since the table
// keeps every row of them and no other.
std::set<std::string> AbisOf(const std::vector<TableRow>& rows);

// The architecture this tool was compiled for.
const char* RunningArch();

}  // namespace sysgate::tool

#endif  // SYSGATE_TOOLS_LINUX_TABLES_H_
