// SPDX-License-Identifier: Apache-2.0
// Reads the system call numbers out of a kernel source file, for
// `sysgate diff`. Two forms are understood, told apart by their content:
//
//   - a syscall table, `<number> <abi> <name> [<entry point>...]` per line
//     (arch/x86/entry/syscalls/syscall_64.tbl, scripts/syscall.tbl); only the
//     rows of the given ABIs count, as an architecture's build keeps only
//     them;
//   - `#define __NR_name value` lines: a uapi header such as
//     <asm/unistd_64.h>, or the preprocessor's `-dM` output for one whose rows
//     depend on #ifdefs (asm-generic's unistd.h). A value may be a number or
//     a +/- expression of other macros (`__NR3264_fcntl`,
//     `(__NR_arch_specific_syscall + 15)`), which -dM lists in any order.
//
// The kernel's files are looser than sysgate's tables (any ABI, a `#`
// comment after a row), so this is their own reader, not sysgate's: the
// tool's own tables are compiled in (linux_tables.h), read once by the
// generator (codegen/tables.py). A sysgate table given as the file is read
// like the kernel table whose columns it keeps.

#ifndef SYSGATE_TOOLS_KERNEL_NUMBERS_H_
#define SYSGATE_TOOLS_KERNEL_NUMBERS_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>

namespace sysgate::tool {

struct KernelNumbers {
  std::map<std::string, long> numbers;  // system call name -> number
  // The file was #define lines: its numbers are the uapi's __NR_, which
  // include the ABI's number offset (mips n64: 5000), as a syscall table's
  // numbers do not.
  bool from_header = false;
  // For a syscall table: how many rows of each other ABI were left out.
  std::map<std::string, int> skipped_abis;
};

// The largest file read: the kernel's tables and headers are under 100 KiB.
inline constexpr size_t kMaxFileBytes = size_t{16} << 20;

// Reads `path`, a regular file of at most kMaxFileBytes (a FIFO, a device or
// a directory is refused without waiting on it). On a file that cannot be
// read or is malformed, returns false with `*error` set to "PATH:LINE: what
// is wrong" (or "PATH: ..." when no one line is at fault); the message may
// quote the file's bytes, so print it through Printable.
bool ReadKernelNumbers(const std::string& path, const std::set<std::string>& abis,
                       KernelNumbers* out, std::string* error);

// `text` with every byte outside printable ASCII (and the backslash) as a
// \xNN escape, for a message that quotes a file or a path.
std::string Printable(const std::string& text);

}  // namespace sysgate::tool

#endif  // SYSGATE_TOOLS_KERNEL_NUMBERS_H_
