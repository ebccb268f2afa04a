// SPDX-License-Identifier: Apache-2.0
#include "tools/table_diff.h"

#include <algorithm>
#include <tuple>

namespace sysgate::tool {
namespace {

long SortNumber(const Difference& d) {
  return d.kind == Difference::Kind::kMissing ? d.file_number : d.table_number;
}

}  // namespace

std::vector<Difference> DiffNumbers(const std::vector<TableRow>& table,
                                    const std::map<std::string, long>& file) {
  std::vector<Difference> differences;
  std::map<std::string, long> in_table;
  for (const TableRow& row : table) {
    in_table[row.name] = row.number;
    auto found = file.find(row.name);
    if (found == file.end()) {
      differences.push_back({Difference::Kind::kExtra, row.name, row.number, 0});
    } else if (found->second != row.number) {
      differences.push_back({Difference::Kind::kNumber, row.name, row.number, found->second});
    }
  }
  for (const auto& [name, number] : file) {
    if (in_table.count(name) == 0) {
      differences.push_back({Difference::Kind::kMissing, name, 0, number});
    }
  }
  std::sort(differences.begin(), differences.end(), [](const Difference& a, const Difference& b) {
    return std::make_tuple(a.kind, SortNumber(a), a.name) <
           std::make_tuple(b.kind, SortNumber(b), b.name);
  });
  return differences;
}

std::string FormatDifference(const Difference& d) {
  switch (d.kind) {
    case Difference::Kind::kMissing:
      return "missing  " + std::to_string(d.file_number) + " " + d.name;
    case Difference::Kind::kExtra:
      return "extra    " + std::to_string(d.table_number) + " " + d.name;
    case Difference::Kind::kNumber:
      break;
  }
  return "number   " + d.name + " table=" + std::to_string(d.table_number) +
         " file=" + std::to_string(d.file_number);
}

}  // namespace sysgate::tool
