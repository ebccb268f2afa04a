// SPDX-License-Identifier: Apache-2.0
// The vDSO: the small shared object the kernel maps into every process so
// that clock_gettime and friends need no system call.

#ifndef SYSGATE_TIME_VDSO_H_
#define SYSGATE_TIME_VDSO_H_

#include "sysgate/generated/linux/core_abi.h"
#include "sysgate/libcall/call_site.h"
#include "sysgate/libcall/call_site_record.h"

namespace sysgate {

// The vDSO functions sysgate uses, or null where the kernel (or an emulator,
// such as qemu-user before 8.1) provides none. They return the kernel's
// convention: 0 or a value, or -errno.
struct VdsoSymbols {
  long (*clock_gettime)(int clock, void* timespec) = nullptr;
  long (*clock_getres)(int clock, void* timespec) = nullptr;
  long (*gettimeofday)(void* timeval, void* timezone) = nullptr;
  long (*time)(long* seconds) = nullptr;
  long (*getcpu)(unsigned* cpu, unsigned* node, void* cache) = nullptr;
  // Looked up only: calling it needs state from vgetrandom_alloc.
  void* getrandom = nullptr;

#if SYSGATE_ARCH_FUNCTION_DESCRIPTORS
  // Where a function pointer points at a descriptor, not at code (ppc64's
  // ELFv1: core_abi.h), the vDSO's symbols still name code (the kernel's
  // vdso64.lds.S discards .opd), so each pointer above points at one of
  // these, made by ParseVdso as glibc makes one (its VDSO_IFUNC_RET): the
  // code's address, and a TOC the vDSO's code never reads. A copy's
  // pointers point at the original's. Not initialized: only ParseVdso's
  // own are read, and clearing them would call memset, which a program
  // without libc lacks.
  struct FunctionDescriptor {
    unsigned long code, toc, environment;
  };
  FunctionDescriptor descriptors[6];
#endif
};

// The address of the code a function pointer calls: the pointer itself, or
// its descriptor's first word where there are descriptors, or where it is a
// plabel (bit 1 set; hppa's $$dyncall tells them apart so).
inline unsigned long FunctionCode(const void* function) {
#if SYSGATE_ARCH_FUNCTION_DESCRIPTORS
  return function == nullptr ? 0 : *static_cast<const unsigned long*>(function);
#elif SYSGATE_ARCH_FUNCTION_PLABELS
  const auto pointer = reinterpret_cast<unsigned long>(function);
  return pointer & 2 ? *reinterpret_cast<const unsigned long*>(pointer & ~3UL) : pointer;
#else
  return reinterpret_cast<unsigned long>(function);
#endif
}

// Looks the symbols up in the ELF image at `base` (the AT_SYSINFO_EHDR
// value), with this architecture's names and symbol version. Returns false
// and leaves `out` empty when `base` is not a vDSO it can read.
bool ParseVdso(const void* base, VdsoSymbols* out);

namespace vdso_internal {

// 0: not looked up; 1: being looked up; 2: `symbols` is complete.
extern int state;
extern VdsoSymbols symbols;

// Looks the vDSO up, or waits for no one: vdso_linux.cc.
const VdsoSymbols& LookUpVdso();

}  // namespace vdso_internal

// The process's vDSO, looked up on first use from the auxiliary vector.
// Safe in a signal handler and on a raw thread. Inline: after the first use
// a clock read pays one load here, not a call.
inline const VdsoSymbols& Vdso() {
  if (__atomic_load_n(&vdso_internal::state, __ATOMIC_ACQUIRE) == 2) return vdso_internal::symbols;
  return vdso_internal::LookUpVdso();
}

namespace vdso_internal {

// Records the call in `record` if `claim` (as EnterLibcCall does: the
// caller's pc is this function's return address, its sp the canonical frame
// address) and then tail-calls function(arguments...), so that the vDSO
// function returns straight to CallVdso's caller: one call and one return,
// where glibc's clock_gettime makes two of each. Never inlined, so that the
// return address is the caller's pc. Compilers make the tail call when they
// optimize; without it the record is the same.
template <typename Return, typename... Parameters, typename... Arguments>
[[gnu::noinline]] Return EnterVdsoCall(CallSiteRecord& record, bool claim,
                                       Return (*function)(Parameters...),
                                       Arguments... arguments) {
  if (claim) {
    EnterCallSite(record, static_cast<int>(CallSiteKind::kVdso),
                  reinterpret_cast<unsigned long>(__builtin_return_address(0)),
                  reinterpret_cast<unsigned long>(__builtin_dwarf_cfa()));
  }
  return function(arguments...);
}

}  // namespace vdso_internal

// Calls `function`, one of Vdso()'s, with the calling thread's LibcCall
// record saying so while it runs (CallSiteKind::kVdso): a profiler's signal
// that lands inside vDSO code, which it cannot unwind, unwinds from this
// call's caller instead, as the Go runtime's vdsoPC and vdsoSP let it.
// Inlined even without optimization, for the same reason as LibcCall: the
// recorded pc is EnterVdsoCall's return address, in the caller. No
// destructor, so no unwinding: vDSO code never throws, and the program may
// have no unwinder (one without libc).
template <typename Return, typename... Parameters, typename... Arguments>
[[gnu::always_inline]] inline Return CallVdso(Return (*function)(Parameters...),
                                              Arguments... arguments) {
  CallSiteRecord& record = *ThisThreadCallSiteRecord();
  const bool claim = CallSiteFree(record);
  const Return result = vdso_internal::EnterVdsoCall(record, claim, function, arguments...);
  if (claim) LeaveCallSite(record);
  return result;
}

}  // namespace sysgate

#endif  // SYSGATE_TIME_VDSO_H_
