// SPDX-License-Identifier: Apache-2.0
// LibcCall: how sysgate calls a C library function, and the per-thread record
// that lets a profiler unwind a thread that is inside one.
//
// On Darwin, sysgate reaches the kernel through libSystem, as the Go runtime
// does (runtime.libcCall in runtime/sys_darwin.go). A profiler's SIGPROF may
// land while the thread runs libc code that keeps no frame pointers, and
// unwinding from there fails. So LibcCall records, on entry, where it was
// called from: the caller's pc and sp, and the thread's context pointer
// (SetLibcCallContext). The handler reads that record with CurrentLibcCall and
// unwinds from the caller instead. On Linux a call into the vDSO (the
// uniform API's clocks) leaves the same record, as the Go runtime's vdsoPC
// and vdsoSP do, because vDSO code cannot be unwound either.
//
// The record is written only by the outermost call of a thread: a call made
// by a signal handler that interrupted another one leaves the interrupted
// call's record alone. call_site.h says where the record lives.

#ifndef SYSGATE_LIBCALL_LIBC_CALL_GUARD_H_
#define SYSGATE_LIBCALL_LIBC_CALL_GUARD_H_

#include "sysgate/libcall/call_site.h"  // IWYU pragma: export
#include "sysgate/libcall/call_site_record.h"

namespace sysgate {

// A generated trampoline (sysgate/generated/OS_ARCH/trampolines.S): calls its
// C function with the arguments in `args`, one 64-bit word each, and returns
// the result as sysgate::Result's raw value (a failure is -errno).
using LibcTrampoline = long (*)(const long* args);

namespace libc_internal {

// Records the call in `record` if `claim` (CallSiteFree(record), which the
// caller asked: EnterCallSite; the caller's pc is this function's return
// address, its sp the canonical frame address) and then tail-calls
// trampoline(args), so that the trampoline returns straight to LibcCall's
// caller, and a trampoline that jumps to its C function (one for a function
// that cannot fail) leaves the C function's return the only one: on a
// kernel that refills the return stack buffer on every system call (SRSO
// "safe RET") each return to a call made before the trap mispredicts. Never
// inlined, so that the return address is the caller's pc. Compilers make the
// tail call when they optimize; without it the record is the same.
long EnterLibcCall(CallSiteRecord& record, bool claim, LibcTrampoline trampoline,
                   const long* args);

// Frees the record when LibcCall's call returns, or when it is unwound
// (glibc's pthread_exit and thread cancellation unwind through a libc call,
// and the trampolines carry unwind tables), if the call found it free.
class LeaveLibcCallOnExit {
 public:
  LeaveLibcCallOnExit(CallSiteRecord& record, bool held) noexcept
      : record_(record), held_(held) {}
  ~LeaveLibcCallOnExit() {
    if (held_) LeaveCallSite(record_);
  }

  LeaveLibcCallOnExit(const LeaveLibcCallOnExit&) = delete;
  LeaveLibcCallOnExit& operator=(const LeaveLibcCallOnExit&) = delete;

 private:
  CallSiteRecord& record_;
  const bool held_;
};

}  // namespace libc_internal

// Calls trampoline(args) and keeps the calling thread's record while it runs.
// Inlined even without optimization, so that EnterLibcCall's return address
// is in LibcCall's caller; the record is freed here. Not noexcept: glibc's
// pthread_exit and thread cancellation unwind through a libc call, and the
// record is freed on the way.
[[gnu::always_inline]] inline long LibcCall(LibcTrampoline trampoline, const long* args) {
  CallSiteRecord& record = *ThisThreadCallSiteRecord();
  // Asked here, where the answer outlives the call in a register, since
  // EnterLibcCall's tail call leaves it no way to return one.
  const bool claim = CallSiteFree(record);
  const libc_internal::LeaveLibcCallOnExit leave(record, claim);
  return libc_internal::EnterLibcCall(record, claim, trampoline, args);
}

namespace libc_internal {

// A C argument as a word of the trampoline's argument array: integers are
// sign- or zero-extended from their own type, as the C ABIs expect.
template <typename T>
constexpr long ToWord(T value) noexcept {
  return static_cast<long>(value);
}
template <typename T>
long ToWord(T* pointer) noexcept {
  return reinterpret_cast<long>(pointer);
}

}  // namespace libc_internal
}  // namespace sysgate

#endif  // SYSGATE_LIBCALL_LIBC_CALL_GUARD_H_
