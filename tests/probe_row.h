// SPDX-License-Identifier: Apache-2.0
// The row type of the generated per-row probe list
// (sysgate/generated/linux/syscall_probes.inc), shared by the tests that
// read it.

#ifndef SYSGATE_TESTS_PROBE_ROW_H_
#define SYSGATE_TESTS_PROBE_ROW_H_

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "probe_kind.h"
#include "sysgate/result.h"
#include "sysgate/syscalls.h"

namespace sysgate_test {

struct ProbeRow {
  const char* name;
  long number;
  const char* entry;  // "" for a number the kernel keeps reserved
  ProbeKind kind;
  const char* reason;
  int arg_count;
  long args[6];
  unsigned pointer_params;  // bit i: argument i is a pointer
  long (*call)(const long* args);  // null for unsafe rows
  // Fills `words` with the argument words the kernel takes for `args` and
  // returns how many: on a 32-bit architecture a 64-bit argument is two.
  // Null when that is one word per argument, as on every 64-bit one.
  int (*lower)(const long* args, long* words);
};

inline const ProbeRow kProbeRows[] = {
#include "sysgate/generated/linux/syscall_probes.inc"
};

// The row's system call through glibc's syscall(), with `args` (the row's
// own, or a variation of them) lowered to words as the stubs lower them, as
// a raw kernel result. Seven words: ARM EABI pads before a 64-bit pair.
inline long GlibcSyscall(const ProbeRow& row, const long* args) {
  long w[7] = {};
  if (row.lower != nullptr) {
    row.lower(args, w);
  } else {
    for (int i = 0; i < row.arg_count; ++i) w[i] = args[i];
  }
  long r = syscall(row.number, w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
  return r == -1 ? -errno : r;
}

inline void CloseIfDescriptor(const ProbeRow& row, long result) {
  if (row.kind == ProbeKind::kNewFd && result >= 0) close(static_cast<int>(result));
}

// Calls the row's stub, then glibc, with `args`; fills what each returned
// and says whether they agree as the row's kind requires.
inline bool StubAgreesWithGlibc(const ProbeRow& row, const long* args, long* stub, long* glibc) {
  *stub = row.call(args);
  CloseIfDescriptor(row, *stub);
  *glibc = GlibcSyscall(row, args);
  CloseIfDescriptor(row, *glibc);
  if (row.kind == ProbeKind::kVaries) {
    return sysgate::Result<long>(*stub).error() == sysgate::Result<long>(*glibc).error();
  }
  return *stub == *glibc;
}

// Whether the emulator the tests run under (qemu-user: SYSGATE_TARGET_RUNNER)
// serves a number the kernel keeps reserved: the emulator answers, not the
// kernel, and it may implement the call the number's name says (qemu-sparc64
// 7.2 runs pause, 29, which the sparc64 kernel answers with ENOSYS, and
// blocks). So a reserved row is called first in a child, which must answer
// ENOSYS within two seconds; natively this is never asked.
inline bool EmulatorServesReservedRow(const ProbeRow& row) {
  if (row.entry[0] != '\0' || std::getenv("SYSGATE_TARGET_RUNNER") == nullptr) return false;
  const pid_t child = fork();
  if (child == 0) {
    alarm(2);
    _exit(row.call(row.args) == -ENOSYS ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_PROBE_ROW_H_
