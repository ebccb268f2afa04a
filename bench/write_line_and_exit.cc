// SPDX-License-Identifier: Apache-2.0
// The smallest useful program without libc: write a line, exit. Its stripped
// size is what sysgate adds to a freestanding program (run_benchmarks.py).

#include "sysgate/process_entry.h"
#include "sysgate/syscalls.h"

extern "C" void sysgate_start_main(SysgateInitialStack*) {
  static constexpr char kLine[] = "sysgate\n";
  auto written = sysgate::sys::write(1, kLine, sizeof kLine - 1);
  sysgate::sys::exit_group(written.ok() ? 0 : 1);
}
