// SPDX-License-Identifier: Apache-2.0
// cat for one file, in a program with no libc and no kernel header: the
// constants are sysgate::kernel's (sysgate/constants.h), the calls
// sysgate::sys's, the entry point sysgate's _start. Built with -nostdinc,
// which proves it needs nothing else; freestanding_cat_test.sh runs it.
//
//   freestanding_cat FILE   copies FILE to standard output; on failure
//                           prints `freestanding_cat: FILE: ENAME` and exits 1

#include "sysgate/constants.h"
#include "sysgate/errno_name.h"
#include "sysgate/process_entry.h"
#include "sysgate/syscalls.h"

namespace {

namespace k = sysgate::kernel;

constexpr int kStdout = 1;
constexpr int kStderr = 2;

long Length(const char* s) {
  long n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// All of `n` bytes: a write may take fewer, or be interrupted by a signal
// before it takes any (EINTR), and is then made again.
int WriteAll(int fd, const char* data, long n) {
  while (n > 0) {
    auto written = sysgate::sys::write(fd, data, n);
    if (!written.ok()) {
      if (written.error() == k::EINTR) continue;
      return written.error();
    }
    data += written.value();
    n -= written.value();
  }
  return 0;
}

void Fail(const char* path, int error) {
  const char* name = sysgate::ErrnoName(error);
  const char* parts[] = {"freestanding_cat: ", path, ": ", name ? name : "unknown error", "\n"};
  for (const char* part : parts) {
    WriteAll(kStderr, part, Length(part));
  }
  sysgate::sys::exit_group(1);
}

}  // namespace

extern "C" void sysgate_start_main(SysgateInitialStack* stack) {
  if (stack->argc != 2) {
    // Static: a local array would be filled from the literal, which hppa's
    // GCC does with a call to memcpy, and there is no libc to have one.
    static const char usage[] = "usage: freestanding_cat FILE\n";
    WriteAll(kStderr, usage, sizeof usage - 1);
    sysgate::sys::exit_group(2);
  }
  const char* path = stack->argv[1];
  auto fd = sysgate::sys::openat(k::AT_FDCWD, path, k::O_RDONLY | k::O_CLOEXEC, 0);
  while (!fd.ok() && fd.error() == k::EINTR) {
    fd = sysgate::sys::openat(k::AT_FDCWD, path, k::O_RDONLY | k::O_CLOEXEC, 0);
  }
  if (!fd.ok()) Fail(path, fd.error());
  char buffer[4096];
  for (;;) {
    auto got = sysgate::sys::read(fd.value(), buffer, sizeof buffer);
    if (!got.ok() && got.error() == k::EINTR) continue;
    if (!got.ok()) Fail(path, got.error());
    if (got.value() == 0) break;
    if (int error = WriteAll(kStdout, buffer, got.value())) Fail("standard output", error);
  }
  sysgate::sys::exit_group(0);
}
