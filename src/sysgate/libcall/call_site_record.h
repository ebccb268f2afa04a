// SPDX-License-Identifier: Apache-2.0
// The per-thread record behind CurrentLibcCall (call_site.h): where a thread
// left sysgate's own code for code a profiler cannot unwind, a C library
// function (LibcCall) or a vDSO function (CallVdso), and how a call keeps it
// while it runs.
//
// Every thread has one, found without touching libc's thread-local storage
// on a thread that has none: a raw thread keeps its record beside its
// RawThread (as the Go runtime keeps libcallpc/libcallsp and vdsoPC/vdsoSP
// in its m), any other thread in initial-exec thread-local storage.

#ifndef SYSGATE_LIBCALL_CALL_SITE_RECORD_H_
#define SYSGATE_LIBCALL_CALL_SITE_RECORD_H_

#if !defined(__APPLE__)
#include "sysgate/thread/raw_thread_block.h"
#endif

namespace sysgate {

// One per thread, read by signal handlers on the same thread: a signal fence
// is all the ordering they need, and every field is read and written whole
// (relaxed __atomic loads and stores, lock-free for words) so that a handler
// never sees half a store. The compiler's builtins rather than <atomic>:
// this file, like the generated wrappers, includes no library header, so it
// also builds for Darwin without its SDK (tests/darwin_core_test.py).
struct CallSiteRecord {
  // Nonzero while a guarded call of this thread holds the record: the
  // CallSiteKind of that call, written first (EnterCallSite).
  int kind;
  unsigned long pc;
  unsigned long sp;  // nonzero: the record is complete
  void* context;     // SetLibcCallContext's
};

// The calling thread's record. Async-signal-safe and allocation-free.
#if defined(__APPLE__)
// call_site_darwin.cc: an access to a Darwin thread_local is a call anyway.
CallSiteRecord* ThisThreadCallSiteRecord() noexcept;
#else
namespace call_site_internal {

// Every thread's but a raw thread's (call_site_linux.cc). Initial-exec: a
// fixed offset from the thread pointer, so a signal handler's access never
// calls __tls_get_addr, which may allocate. __thread rather than
// thread_local: an extern thread_local makes every access test for, and
// call, a dynamic initializer another file might define; a __thread
// variable cannot have one.
extern __thread CallSiteRecord libc_thread_record __attribute__((tls_model("initial-exec")));

}  // namespace call_site_internal

// Inline, so that a guarded call finds the record in a few instructions
// beside the thread pointer rather than with a call of its own.
inline CallSiteRecord* ThisThreadCallSiteRecord() noexcept {
  if (RawThreadBlock* block = CurrentRawThreadBlock()) return block->call_sites;
  return &call_site_internal::libc_thread_record;
}
#endif

namespace call_site_internal {

static_assert(__atomic_always_lock_free(sizeof(unsigned long), nullptr));
static_assert(__atomic_always_lock_free(sizeof(void*), nullptr));
static_assert(__atomic_always_lock_free(sizeof(int), nullptr));

template <typename T>
T Load(const T& field) {
  return __atomic_load_n(&field, __ATOMIC_RELAXED);
}

template <typename T>
void Store(T& field, T value) {
  __atomic_store_n(&field, value, __ATOMIC_RELAXED);
}

}  // namespace call_site_internal

// Empties a record no thread reads yet (a raw thread's, whose reused
// mapping holds the last thread's). Field by field: `= {}` compiles to a
// call to memset on hppa, and a program without libc has none.
inline void ResetCallSiteRecord(CallSiteRecord& record) noexcept {
  record.kind = 0;
  record.pc = 0;
  record.sp = 0;
  record.context = nullptr;
  // Four words: kind (with padding where a word is wider than an int), pc,
  // sp and context.
  static_assert(sizeof(CallSiteRecord) == 4 * sizeof(void*), "a field of CallSiteRecord is left unreset");
}

// Whether a guarded call starting now holds the record: true unless the
// call is nested in another one of the thread's (made by a signal handler
// that interrupted it, or by code the C function called back). A guarded
// call asks once, keeps the answer in a register, and only if it was free
// calls EnterCallSite and then LeaveCallSite, so that nothing but the
// record's own fields is written and no count is kept. A signal handler
// that runs between the question and EnterCallSite returns before the
// interrupted code resumes, with the record as it found it, so the answer
// still holds when EnterCallSite claims the record.
inline bool CallSiteFree(const CallSiteRecord& record) noexcept {
  return call_site_internal::Load(record.kind) == 0;
}

// Records a call of `kind` made from (pc, sp) in `record`, the calling
// thread's, which the call found free (CallSiteFree). `kind` is written
// first and claims the record: a signal handler's call from then on finds
// it held and leaves it alone. sp is written last, so a reader that sees a
// nonzero sp sees the kind and pc that go with it.
inline void EnterCallSite(CallSiteRecord& record, int kind, unsigned long pc,
                          unsigned long sp) noexcept {
  using call_site_internal::Store;
  Store(record.kind, kind);
  __atomic_signal_fence(__ATOMIC_SEQ_CST);  // the claim before the record
  Store(record.pc, pc);
  __atomic_signal_fence(__ATOMIC_RELEASE);
  Store(record.sp, sp);  // last: the record is complete
}

// Ends the call that found the record free (CallSiteFree) and recorded
// itself. A zero sp is all a reader needs (CurrentLibcCall reads nothing
// else of an incomplete record), so pc keeps its stale value rather than
// cost a store on every call; kind, cleared after it, frees the record.
inline void LeaveCallSite(CallSiteRecord& record) noexcept {
  using call_site_internal::Store;
  Store(record.sp, 0UL);
  __atomic_signal_fence(__ATOMIC_SEQ_CST);  // the record before the claim
  Store(record.kind, 0);
}

}  // namespace sysgate

#endif  // SYSGATE_LIBCALL_CALL_SITE_RECORD_H_
