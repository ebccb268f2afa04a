// SPDX-License-Identifier: Apache-2.0
// A program of another workspace with no C library, built by
// @sysgate//:freestanding.bzl: it prints its arguments, one per line, and
// exits 0, through sysgate's _start and stubs alone.

#include "sysgate/process_entry.h"
#include "sysgate/syscalls.h"

namespace {

bool Print(const char* s) {
  long length = 0;
  while (s[length] != '\0') ++length;
  auto written = sysgate::sys::write(1, s, length);
  return written.ok() && written.value() == length;
}

}  // namespace

extern "C" void sysgate_start_main(SysgateInitialStack* stack) {
  bool ok = true;
  for (long i = 1; i < stack->argc; ++i) ok = ok && Print(stack->argv[i]) && Print("\n");
  sysgate::sys::exit_group(ok ? 0 : 1);
}
