// The row type of the generated per-row probe list
// (sysgate/generated/linux/syscall_probes.inc), shared by the tests that
// read it.

#ifndef SYSGATE_TESTS_PROBE_ROW_H_
#define SYSGATE_TESTS_PROBE_ROW_H_

namespace sysgate_test {

enum class ProbeKind {
  kSame,    // the stub and glibc's syscall() give the same raw result
  kNewFd,   // likewise, and a success is a descriptor to close
  kVaries,  // both succeed, or both fail with the same errno
  kUnsafe,  // never probed; linux_unsafe_rows_test.cc covers it
};

struct ProbeRow {
  const char* name;
  long number;
  const char* entry;  // "" for a number the kernel keeps reserved
  ProbeKind kind;
  const char* reason;
  int arg_count;
  long args[6];
  long (*call)(const long* args);  // null for unsafe rows
};

inline const ProbeRow kProbeRows[] = {
#include "sysgate/generated/linux/syscall_probes.inc"
};

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_PROBE_ROW_H_
