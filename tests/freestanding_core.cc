// SPDX-License-Identifier: Apache-2.0
// The uniform API in a program with no libc at all: its first thread gets a
// thread pointer from SetUpInitialThread, and then the clocks (a vDSO call,
// with its LibcCall record) and the record's readers work on it as on any
// thread. Without SetUpInitialThread the first clock read faults on x86-64,
// whose %fs base the kernel leaves at 0. freestanding_core_test.sh checks
// the output and exit code.

#include "sysgate/libcall/call_site.h"
#include "sysgate/process/auxv.h"
#include "sysgate/process_entry.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread/raw_thread.h"
#include "sysgate/time.h"

namespace {

constexpr int kExitCode = 42;

void Print(const char* s) {
  long n = 0;
  while (s[n] != '\0') ++n;
  (void)sysgate::sys::write(1, s, n);  // a lost line fails the test's count of them
}

// Prints `what` and fails the program unless `ok`.
bool Check(bool ok, const char* what) {
  Print(ok ? "ok: " : "FAILED: ");
  Print(what);
  Print("\n");
  return ok;
}

void RawThreadSeesItself(sysgate::RawThread* thread, void* seen) {
  *static_cast<bool*>(seen) = sysgate::CurrentRawThread() == thread;
}

}  // namespace

extern "C" void sysgate_start_main(SysgateInitialStack* stack) {
  sysgate::UseInitialStack(stack);
  bool ok = Check(sysgate::SetUpInitialThread().ok(), "SetUpInitialThread");
  const sysgate::int64_t first = sysgate::MonotonicNanos();
  const sysgate::int64_t second = sysgate::MonotonicNanos();
  ok = Check(first > 0 && second >= first, "MonotonicNanos") && ok;
  ok = Check(sysgate::WallNanos() > 1'600'000'000 * sysgate::kNanosPerSecond, "WallNanos") && ok;
  sysgate::LibcCallSite site;
  ok = Check(!sysgate::CurrentLibcCall(&site), "no call recorded between calls") && ok;
  ok = Check(sysgate::CurrentRawThread() == nullptr, "the first thread is not a raw thread") && ok;
  bool seen = false;
  auto thread = sysgate::SpawnRawThread({}, RawThreadSeesItself, &seen);
  ok = Check(thread.ok() && sysgate::JoinRawThread(thread.value()).ok() && seen,
             "a raw thread beside it") &&
       ok;
  sysgate::sys::exit_group(ok ? kExitCode : 1);
}
