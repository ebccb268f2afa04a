// SPDX-License-Identifier: Apache-2.0
// bench/write_line_and_exit.cc for nolibc and musl: write a line, exit.
// bench/peers/peers.py compares their stripped sizes with sysgate's.

#ifndef NOLIBC
#include <unistd.h>
#endif

int main(void) {
  static const char kLine[] = "sysgate\n";
  return write(1, kLine, sizeof kLine - 1) == sizeof kLine - 1 ? 0 : 1;
}
