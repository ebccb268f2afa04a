// SPDX-License-Identifier: Apache-2.0
// What a CMake project gets from an installed sysgate, checked against the
// kernel and libc: the raw layer, files, time and a thread of the uniform
// API. Prints each failed check and exits 1 if any failed.

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sysgate/file.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"

namespace {

int failures = 0;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

void RawLayerAgreesWithLibc() {
  Check(sysgate::sys::nr::getpid == SYS_getpid, "nr::getpid is SYS_getpid");
  Check(sysgate::sys::getpid().value() == getpid(), "sys::getpid() is getpid()");
  Check(sysgate::sys::close(-1).error() == EBADF, "sys::close(-1) is EBADF");
}

void FileRoundTrip() {
  char path[] = "/tmp/sysgate_cmake_consumer.XXXXXX";
  const int made = mkstemp(path);
  Check(made >= 0, "mkstemp");
  close(made);
  auto out = sysgate::Open(path, sysgate::kOpenWrite | sysgate::kOpenTruncate);
  Check(out.ok(), "Open for writing");
  Check(sysgate::Write(out.value(), "through sysgate", 15).value_or(-1) == 15, "Write");
  Check(sysgate::Close(out.value()).ok(), "Close");
  auto in = sysgate::Open(path, sysgate::kOpenRead);
  char text[32] = {};
  Check(sysgate::Read(in.value(), text, sizeof text).value_or(-1) == 15, "Read");
  Check(std::strcmp(text, "through sysgate") == 0, "what was written is read back");
  Check(sysgate::Close(in.value()).ok(), "Close after reading");
  unlink(path);
  Check(sysgate::Open("/no/such/file", sysgate::kOpenRead).error() == ENOENT, "a missing file is ENOENT");
}

void MonotonicClockAdvancesOverASleep() {
  const auto before = sysgate::MonotonicNanos();
  Check(sysgate::SleepNanos(2 * 1000 * 1000).ok(), "SleepNanos");
  Check(sysgate::MonotonicNanos() - before >= 2 * 1000 * 1000, "the clock advanced by the sleep");
}

void ThreadRunsAndJoins() {
  std::atomic<int> ran{0};
  auto thread = sysgate::SpawnOsThread(
      sysgate::ThreadOptions{}, [](void* arg) { static_cast<std::atomic<int>*>(arg)->store(1); }, &ran);
  Check(thread.ok(), "SpawnOsThread");
  if (thread.ok()) Check(sysgate::JoinOsThread(thread.value()).ok(), "JoinOsThread");
  Check(ran.load() == 1, "the thread ran");
}

}  // namespace

int main() {
  RawLayerAgreesWithLibc();
  FileRoundTrip();
  MonotonicClockAdvancesOverASleep();
  ThreadRunsAndJoins();
  if (failures == 0) std::puts("cmake consumer: all checks passed");
  return failures == 0 ? 0 : 1;
}
