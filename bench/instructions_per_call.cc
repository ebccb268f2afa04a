// SPDX-License-Identifier: Apache-2.0
// getppid called COUNT times through one of four paths, for callgrind:
//
//   instructions_per_call sysgate|sysgate_inline|glibc_syscall|glibc COUNT
//
// run_benchmarks.py runs it twice, with COUNT and 2*COUNT, so that the
// difference of the two totals is the loop alone, start-up excluded. The
// total counts user-space instructions only: valgrind does not see the kernel.

#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"

namespace {

// Summed so that no call's result is dead.
[[gnu::noinline]] long Sysgate(long count) {
  long sum = 0;
  for (long i = 0; i < count; ++i) sum += sysgate::sys::getppid().raw();
  return sum;
}

[[gnu::noinline]] long SysgateInline(long count) {
  long sum = 0;
  for (long i = 0; i < count; ++i) sum += sysgate::sys_inline::getppid().raw();
  return sum;
}

[[gnu::noinline]] long GlibcSyscall(long count) {
  long sum = 0;
  for (long i = 0; i < count; ++i) sum += syscall(SYS_getppid);
  return sum;
}

[[gnu::noinline]] long Glibc(long count) {
  long sum = 0;
  for (long i = 0; i < count; ++i) sum += getppid();
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const long count = std::atol(argv[2]);
  const struct {
    const char* name;
    long (*loop)(long);
  } forms[] = {
      {"sysgate", Sysgate},
      {"sysgate_inline", SysgateInline},
      {"glibc_syscall", GlibcSyscall},
      {"glibc", Glibc},
  };
  for (const auto& form : forms) {
    if (std::strcmp(argv[1], form.name) == 0) return form.loop(count) == 0 ? 1 : 0;
  }
  return 2;
}
