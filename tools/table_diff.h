// SPDX-License-Identifier: Apache-2.0
// What `sysgate diff` reports: how a numbers table and a kernel source file
// disagree, one Difference per system call.

#ifndef SYSGATE_TOOLS_TABLE_DIFF_H_
#define SYSGATE_TOOLS_TABLE_DIFF_H_

#include <map>
#include <string>
#include <vector>

#include "tools/linux_tables.h"

namespace sysgate::tool {

struct Difference {
  // The order of the report: what to add first, then what the file lacks,
  // then what moved.
  enum class Kind {
    kMissing,  // in the file, not in the table
    kExtra,    // in the table, not in the file
    kNumber,   // in both, under different numbers
  };
  Kind kind;
  std::string name;
  long table_number;  // unset for kMissing
  long file_number;   // unset for kExtra
};

// Sorted by kind, then number (the table's, or the file's for kMissing), then
// name, so that the same inputs always give the same report.
std::vector<Difference> DiffNumbers(const std::vector<TableRow>& table,
                                    const std::map<std::string, long>& file);

// One line of the report: "missing  470 frobnicate", "extra    471 frobnicate",
// "number   frobnicate table=470 file=471".
std::string FormatDifference(const Difference& difference);

}  // namespace sysgate::tool

#endif  // SYSGATE_TOOLS_TABLE_DIFF_H_
