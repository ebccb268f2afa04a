// SPDX-License-Identifier: Apache-2.0
// seccomp_run ALLOWLIST PROGRAM [ARGS...]
//
// Runs PROGRAM under a seccomp filter that allows only the system calls
// named in ALLOWLIST (one name per line, `#` comments) and kills the process
// on any other (SECCOMP_RET_KILL_PROCESS, so the exit is SIGSYS). The names
// are looked up in sysgate's table for this architecture. A hand-built BPF
// program: check the architecture, then compare the number with each
// allowed one.

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "tests/probe_row.h"

namespace {

using sysgate::sys::kAuditArch;

long NumberOf(const std::string& name) {
  for (const auto& row : sysgate_test::kProbeRows) {
    if (name == row.name) return row.number;
  }
  return -1;
}

sock_filter Statement(unsigned short code, unsigned k) { return {code, 0, 0, k}; }
sock_filter Jump(unsigned short code, unsigned k, unsigned char jt, unsigned char jf) {
  return {code, jt, jf, k};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ALLOWLIST PROGRAM [ARGS...]\n", argv[0]);
    return 2;
  }
  std::vector<long> allowed;
  std::ifstream list(argv[1]);
  if (!list) {
    std::fprintf(stderr, "seccomp_run: cannot read %s\n", argv[1]);
    return 2;
  }
  int line_number = 0;
  for (std::string line; std::getline(list, line);) {
    ++line_number;
    line = line.substr(0, line.find('#'));
    const size_t start = line.find_first_not_of(" \t"), end = line.find_last_not_of(" \t");
    if (start == std::string::npos) continue;
    const std::string name = line.substr(start, end - start + 1);
    const long number = NumberOf(name);
    if (number < 0) {
      std::fprintf(stderr, "%s:%d: unknown system call %s\n", argv[1], line_number, name.c_str());
      return 2;
    }
    allowed.push_back(number);
  }

  std::vector<sock_filter> program = {
      Statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      Jump(BPF_JMP | BPF_JEQ | BPF_K, kAuditArch, 1, 0),
      Statement(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      Statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
  };
  // One comparison per allowed number: on a match, jump over the rest to
  // the final ALLOW.
  for (size_t i = 0; i < allowed.size(); ++i) {
    const auto remaining = static_cast<unsigned char>(allowed.size() - i);
    program.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, allowed[i], remaining, 0));
  }
  program.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  program.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));

  const sock_fprog filter = {static_cast<unsigned short>(program.size()), program.data()};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) != 0) {
    std::perror("seccomp_run: installing the filter");
    return 2;
  }
  execv(argv[2], argv + 2);
  return 127;  // not reached: execve is allowed or the filter killed us
}
