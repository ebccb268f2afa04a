// SPDX-License-Identifier: Apache-2.0
#include "sysgate/libcall/call_site.h"

#include "sysgate/libcall/call_site_record.h"

namespace sysgate {

bool CurrentLibcCall(LibcCallSite* site) noexcept {
  using call_site_internal::Load;
  const CallSiteRecord& record = *ThisThreadCallSiteRecord();
  const unsigned long sp = Load(record.sp);
  if (sp == 0) return false;
  __atomic_signal_fence(__ATOMIC_ACQUIRE);
  site->pc = Load(record.pc);
  site->sp = sp;
  site->context = Load(record.context);
  site->kind = static_cast<CallSiteKind>(Load(record.kind));
  return true;
}

void SetLibcCallContext(void* context) noexcept {
  call_site_internal::Store(ThisThreadCallSiteRecord()->context, context);
}

}  // namespace sysgate
