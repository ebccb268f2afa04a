// SPDX-License-Identifier: Apache-2.0
#include "sysgate/libcall/libc_call_guard.h"

namespace sysgate::libc_internal {

// noinline: __builtin_return_address(0) must be the caller's pc, and the
// canonical frame address (the stack pointer just before the call) the
// caller's sp.
[[gnu::noinline]] long EnterLibcCall(CallSiteRecord& record, bool claim, LibcTrampoline trampoline,
                                     const long* args) {
  if (claim) {
    EnterCallSite(record, static_cast<int>(CallSiteKind::kLibc),
                  reinterpret_cast<unsigned long>(__builtin_return_address(0)),
                  reinterpret_cast<unsigned long>(__builtin_dwarf_cfa()));
  }
  return trampoline(args);
}

}  // namespace sysgate::libc_internal
