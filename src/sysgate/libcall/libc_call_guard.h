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
// call's record alone (sysgate/libcall/call_site.h).
//
// Everything here is async-signal-safe and allocates nothing, on every
// thread: the main thread, a libc thread, and a raw thread (whose record
// lives beside its RawThread, since it has no libc thread-local storage).
// On other threads the record lives in initial-exec thread-local storage on
// ELF; on Darwin it is an ordinary thread_local, which dyld may allocate on
// a thread's first access; sysgate's tests cannot check Darwin (README.md).

#ifndef SYSGATE_LIBCALL_LIBC_CALL_GUARD_H_
#define SYSGATE_LIBCALL_LIBC_CALL_GUARD_H_

namespace sysgate {

// A generated trampoline (sysgate/generated/OS_ARCH/trampolines.S): calls its
// C function with the arguments in `args`, one 64-bit word each, and returns
// the result as sysgate::Result's raw value (a failure is -errno).
using LibcTrampoline = long (*)(const long* args);

// Calls trampoline(args) and keeps the calling thread's record while it runs.
// Never inlined: its return address is the caller's pc. Not noexcept: glibc's
// pthread_exit and thread cancellation unwind through a libc call (the
// trampolines carry unwind tables), and the record is cleared on the way.
long LibcCall(LibcTrampoline trampoline, const long* args);

// What kind of code a thread's recorded call went into.
enum class CallSiteKind : int {
  kLibc = 1,  // a C library function, through LibcCall
  kVdso = 2,  // a vDSO function (Linux), through CallVdso (sysgate/time/vdso.h)
};

// Where a thread was when it called into libc or the vDSO.
struct LibcCallSite {
  unsigned long pc;  // the return address of the LibcCall (or CallVdso) call, in the caller
  unsigned long sp;  // the caller's stack pointer at that call
  void* context;     // the thread's SetLibcCallContext value at that call
  CallSiteKind kind;
};

// Fills *site and returns true when the calling thread is inside a libc or
// vDSO call with a complete record; returns false (leaving *site alone)
// otherwise. Meant for a signal handler running on the thread it
// interrupted; safe on every thread.
bool CurrentLibcCall(LibcCallSite* site) noexcept;

// Sets the calling thread's opaque context pointer, which the records of its
// later libc calls carry (a runtime's thread or task object, say).
void SetLibcCallContext(void* context) noexcept;

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
