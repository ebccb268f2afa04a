// SPDX-License-Identifier: Apache-2.0
#include "sysgate/libcall/libc_call_guard.h"

#include "sysgate/libcall/call_site_record.h"

namespace sysgate {
namespace {

// Keeps the record from LibcCall's entry to its exit, the exit by unwinding
// included (pthread_exit and cancellation unwind through a libc call).
class LibcCallGuard {
 public:
  LibcCallGuard(unsigned long pc, unsigned long sp) noexcept
      : record_(*ThisThreadCallSiteRecord()),
        outermost_(EnterCallSite(record_, static_cast<int>(CallSiteKind::kLibc), pc, sp)) {}
  ~LibcCallGuard() { LeaveCallSite(record_, outermost_); }

  LibcCallGuard(const LibcCallGuard&) = delete;
  LibcCallGuard& operator=(const LibcCallGuard&) = delete;

 private:
  CallSiteRecord& record_;
  const bool outermost_;
};

}  // namespace

// noinline: __builtin_return_address(0) must be the caller's pc, and the
// canonical frame address (the stack pointer just before the call) the
// caller's sp.
[[gnu::noinline]] long LibcCall(LibcTrampoline trampoline, const long* args) {
  LibcCallGuard guard(reinterpret_cast<unsigned long>(__builtin_return_address(0)),
                      reinterpret_cast<unsigned long>(__builtin_dwarf_cfa()));
  return trampoline(args);
}

}  // namespace sysgate
