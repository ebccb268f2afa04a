// SPDX-License-Identifier: Apache-2.0
// sysgate: the compiled-in system call tables.
//
//   sysgate list    NAME NUMBER for each row of the running architecture, the
//                   number the kernel takes (sys::nr, the uapi's __NR_)
//   sysgate probe   whether the running kernel implements each row
//   sysgate diff [--arch ARCH] FILE
//                   how a table (the running architecture's by default)
//                   differs from a kernel source file: a syscall table or
//                   #define __NR_ lines (tools/kernel_numbers.h), in the
//                   numbers of the kernel's source table (a header's __NR_
//                   less the ABI's number offset: 5000 on mips n64)
//
// `probe` calls each row with the arguments the tables give it (-1 for each
// unless signatures.tbl says otherwise). ENOSYS then means the kernel lacks the
// row or, for a multiplexer such as futex, that it rejects the operation -1.
//
// The rows of list and probe are generated/linux/syscall_probes.inc, the same
// list the probe tests read; diff reads every architecture's table from
// tools/linux_tables.h. Other tables: `python3 codegen/generate.py list OS/ARCH`.

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "sysgate/syscalls.h"
#include "tools/kernel_numbers.h"
#include "tools/linux_tables.h"
#include "tools/table_diff.h"

namespace {

// The layout syscall_probes.inc initializes (see tests/probe_row.h).
enum class ProbeKind { kSame, kNewFd, kVaries, kUnsafe };

struct ProbeRow {
  const char* name;
  long number;
  const char* entry;
  ProbeKind kind;
  const char* reason;
  int arg_count;
  long args[6];
  unsigned pointer_params;
  long (*call)(const long* args);
  int (*lower)(const long* args, long* words);  // null: one word per argument
};

const ProbeRow kRows[] = {
#include "sysgate/generated/linux/syscall_probes.inc"
};

// A row that blocks (pause-like calls with the probe's arguments) is ended
// by this alarm in its child.
constexpr unsigned kWatchdogSeconds = 2;

int List() {
  for (const ProbeRow& row : kRows) printf("%s %ld\n", row.name, row.number);
  return 0;
}

// Runs the row in a child, since a row may end, stop or block the process
// that makes it, and reports what became of the child.
void ProbeOne(const ProbeRow& row) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    printf("%-24s %4ld fork failed: %s\n", row.name, row.number, strerror(errno));
    return;
  }
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    // The argument words: on a 32-bit architecture a 64-bit argument is two.
    long w[7] = {};
    if (row.lower != nullptr) {
      row.lower(row.args, w);
    } else {
      for (int i = 0; i < row.arg_count; ++i) w[i] = row.args[i];
    }
    long r = sysgate::sys::syscall(row.number, w[0], w[1], w[2], w[3], w[4], w[5]).raw();
    _exit(r == -ENOSYS ? 1 : 0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    printf("%-24s %4ld signal %d\n", row.name, row.number, WTERMSIG(status));
  } else {
    printf("%-24s %4ld %s\n", row.name, row.number,
           WEXITSTATUS(status) == 1 ? "ENOSYS" : "implemented");
  }
}

int Probe() {
  printf("%-24s %4s %s\n", "NAME", "NR", "RESULT");
  for (const ProbeRow& row : kRows) {
    if (row.kind != ProbeKind::kUnsafe) ProbeOne(row);
  }
  printf("\nnot probed (tables/linux/signatures.tbl marks them unsafe):\n");
  for (const ProbeRow& row : kRows) {
    if (row.kind == ProbeKind::kUnsafe) printf("  %s %ld: %s\n", row.name, row.number, row.reason);
  }
  return 0;
}

constexpr char kUsage[] =
    "usage: sysgate list | sysgate probe | sysgate diff [--arch ARCH] FILE | sysgate --help\n"
    "  diff exits 0 when the table and FILE agree, 1 when they differ, 2 on a bad\n"
    "  FILE or argument\n";

// A mistaken command line: the usage on stderr, exit 2.
int Usage() {
  fputs(kUsage, stderr);
  return 2;
}

// Exit status of `diff`, as diff(1) has it.
constexpr int kSame = 0;
constexpr int kDifferent = 1;
constexpr int kTrouble = 2;

std::string Plural(size_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

int Diff(const std::vector<std::string>& args) {
  using sysgate::tool::Difference;
  // `bazel run` starts the tool in its runfiles; FILE is relative to where
  // the user typed the command.
  const char* invoked_in = getenv("BUILD_WORKING_DIRECTORY");
  if (invoked_in != nullptr && invoked_in[0] != '\0' && chdir(invoked_in) != 0) {
    fprintf(stderr, "sysgate diff: %s: %s\n", invoked_in, strerror(errno));
    return kTrouble;
  }
  std::string arch = sysgate::tool::RunningArch();
  std::string path;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      fputs(kUsage, stdout);
      return kSame;
    }
    if (args[i] == "--arch" && i + 1 < args.size()) {
      arch = args[++i];
    } else if (args[i].rfind("--arch=", 0) == 0) {
      arch = args[i].substr(sizeof "--arch=" - 1);
    } else if (path.empty() && !args[i].empty() && args[i][0] != '-') {
      path = args[i];
    } else {
      return Usage();
    }
  }
  if (path.empty()) return Usage();
  std::vector<sysgate::tool::TableRow> table = sysgate::tool::LinuxTableRows(arch);
  if (table.empty()) {
    std::string known;
    for (const std::string& a : sysgate::tool::LinuxArches()) known += " " + a;
    fprintf(stderr, "sysgate diff: no table for architecture %s (known:%s)\n",
            sysgate::tool::Printable(arch).c_str(),
            known.c_str());
    return kTrouble;
  }
  sysgate::tool::KernelNumbers file;
  std::string error;
  if (!sysgate::tool::ReadKernelNumbers(path, sysgate::tool::AbisOf(table), &file, &error)) {
    fprintf(stderr, "%s\n", sysgate::tool::Printable(error).c_str());
    return kTrouble;
  }
  // A header's numbers are the ones the kernel takes; the table's, as the
  // kernel's source table, are those less the ABI's offset (mips n64's 5000).
  if (file.from_header) {
    for (auto& [name, number] : file.numbers) number -= table.front().number_offset;
  }
  std::vector<Difference> differences = sysgate::tool::DiffNumbers(table, file.numbers);
  size_t counts[3] = {};
  for (const Difference& d : differences) {
    printf("%s\n", sysgate::tool::FormatDifference(d).c_str());
    ++counts[static_cast<int>(d.kind)];
  }
  // The summary names what was left out, so that a file for the wrong
  // architecture (all of its rows of other ABIs) does not pass unnoticed.
  std::string skipped;
  for (const auto& [abi, rows] : file.skipped_abis) {
    skipped += (skipped.empty() ? "; not compared: " : ", ") + std::to_string(rows) + " " + abi;
  }
  std::string sides = "linux/" + arch + " (" + Plural(table.size(), "row") + ") and " +
                      sysgate::tool::Printable(path) +
                      " (" + Plural(file.numbers.size(), "row") + skipped + ")";
  if (differences.empty()) {
    printf("no differences between %s\n", sides.c_str());
    return kSame;
  }
  printf("%s (%zu missing, %zu extra, %zu number) between %s\n",
         Plural(differences.size(), "difference").c_str(), counts[0], counts[1], counts[2],
         sides.c_str());
  return kDifferent;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "diff") == 0) {
    return Diff(std::vector<std::string>(argv + 2, argv + argc));
  }
  if (argc != 2) return Usage();
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(kUsage, stdout);
    return 0;
  }
  if (strcmp(argv[1], "list") == 0) return List();
  if (strcmp(argv[1], "probe") == 0) return Probe();
  return Usage();
}
