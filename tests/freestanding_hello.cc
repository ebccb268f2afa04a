// SPDX-License-Identifier: Apache-2.0
// A program with no libc at all: its entry point is sysgate's generated
// _start, and its output and exit are sysgate's inline traps. It builds with
// -ffreestanding -nostdinc -nostdlib -static, which is the proof that the raw
// layer needs nothing else. freestanding_test.sh runs it with arguments and
// checks what it prints and its exit code.

#include "sysgate/process_entry.h"
#include "sysgate/syscalls.h"

namespace {

constexpr int kExitCode = 42;

long Length(const char* s) {
  long n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

bool Print(const char* s) {
  const long length = Length(s);
  auto written = sysgate::sys::write(1, s, length);
  return written.ok() && written.value() == length;
}

}  // namespace

// Prints a greeting, then its arguments after argv[0] one per line.
extern "C" void sysgate_start_main(SysgateInitialStack* stack) {
  bool ok = Print("sysgate: hello from a program without libc\n");
  for (long i = 1; i < stack->argc; ++i) {
    ok = ok && Print(stack->argv[i]) && Print("\n");
  }
  // A failed or short write is reported through the exit code.
  sysgate::sys::exit_group(ok ? kExitCode : 1);
}
