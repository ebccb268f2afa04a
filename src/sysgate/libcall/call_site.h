// SPDX-License-Identifier: Apache-2.0
// The record a profiler reads: where a thread that a signal interrupted left
// sysgate's own code for a C library function or a vDSO function, which it
// cannot unwind (LibcCall in libc_call_guard.h, CallVdso in
// sysgate/time/vdso.h, write it).
//
// Everything here is async-signal-safe and allocates nothing, on every
// thread: the main thread, a libc thread, and a raw thread (whose record
// lives beside its RawThread, since it has no libc thread-local storage).
// On other threads the record lives in initial-exec thread-local storage on
// ELF; on Darwin it is an ordinary thread_local, which dyld may allocate on
// a thread's first access; sysgate's tests cannot check Darwin (docs/darwin.md).

#ifndef SYSGATE_LIBCALL_CALL_SITE_H_
#define SYSGATE_LIBCALL_CALL_SITE_H_

namespace sysgate {

// What kind of code a thread's recorded call went into.
enum class CallSiteKind : int {
  kLibc = 1,  // a C library function, through LibcCall
  kVdso = 2,  // a vDSO function (Linux), through CallVdso
};

// Where a thread was when it called into libc or the vDSO.
struct LibcCallSite {
  unsigned long pc;  // the return address of the LibcCall (or CallVdso) call, in the caller
  unsigned long sp;  // the caller's stack pointer at that call
  // The thread's SetLibcCallContext value. Only the thread sets it, so it
  // is the one at the call unless code the call runs (a callback, a signal
  // handler) sets another.
  void* context;
  CallSiteKind kind;
};

// Fills *site and returns true when the calling thread is inside a libc or
// vDSO call with a complete record; returns false (leaving *site alone)
// otherwise. Meant for a signal handler running on the thread it
// interrupted; safe on every thread.
bool CurrentLibcCall(LibcCallSite* site) noexcept;

// Sets the calling thread's opaque context pointer, which the records of its
// later calls carry (a runtime's thread or task object, say).
void SetLibcCallContext(void* context) noexcept;

}  // namespace sysgate

#endif  // SYSGATE_LIBCALL_CALL_SITE_H_
