#include "sysgate/libcall/libc_call_guard.h"

#include "sysgate/libcall/call_site.h"

namespace sysgate {

// noinline: __builtin_return_address(0) must be the caller's pc, and the
// canonical frame address (the stack pointer just before the call) the
// caller's sp.
[[gnu::noinline]] long LibcCall(LibcTrampoline trampoline, const long* args) {
  CallSiteGuard guard(static_cast<int>(CallSiteKind::kLibc),
                      reinterpret_cast<unsigned long>(__builtin_return_address(0)),
                      reinterpret_cast<unsigned long>(__builtin_dwarf_cfa()));
  return trampoline(args);
}

bool CurrentLibcCall(LibcCallSite* site) noexcept {
  using call_site_internal::Load;
  const CallSiteRecord& record = *ThisThreadCallSiteRecord();
  const unsigned long sp = Load(record.sp);
  if (sp == 0) return false;
  __atomic_signal_fence(__ATOMIC_ACQUIRE);
  site->pc = Load(record.pc);
  site->sp = sp;
  site->context = Load(record.site_context);
  site->kind = static_cast<CallSiteKind>(Load(record.kind));
  return true;
}

void SetLibcCallContext(void* context) noexcept {
  call_site_internal::Store(ThisThreadCallSiteRecord()->context, context);
}

}  // namespace sysgate
