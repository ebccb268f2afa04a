// RawThreadBlock: what a raw thread's thread pointer points at, and how any
// thread tells whether it is a raw one. Header-only and dependency-free, so
// that the LibcCall record (sysgate/libcall/call_site_record.h), which must work on
// every thread, can find a raw thread's record without the thread library.

#ifndef SYSGATE_THREAD_RAW_THREAD_BLOCK_H_
#define SYSGATE_THREAD_RAW_THREAD_BLOCK_H_

namespace sysgate {

struct RawThread;
struct CallSiteRecord;

// Marks a raw thread's block. It sits in the slot where every C library's
// thread control block keeps its dtv pointer (glibc's and musl's tcbhead_t;
// the variant I TCB's first word), and it is not a user-space address on any
// of these architectures (x86-64 and arm64 user addresses stop below 2^57,
// riscv64's below 2^56), so a libc thread's slot can never hold it.
inline constexpr unsigned long kRawThreadTag = 0x5359534741544521UL;  // "SYSGATE!"

// Each architecture's TLS ABI puts libc's thread-local data on one side of
// the thread pointer (Drepper, "ELF Handling For Thread-Local Storage"); the
// block is placed so that this side is unmapped (raw_thread_linux.cc).
struct RawThreadBlock {
#if defined(__x86_64__)
  // Variant II, thread pointer at the block: %fs:0 holds the thread pointer
  // itself, and -fstack-protector code reads its canary at %fs:0x28
  // (glibc's tcbhead_t.stack_guard). Thread-local data lies below.
  RawThreadBlock* self;
  unsigned long tag;  // %fs:8, tcbhead_t.dtv
  void* unused[3];
  unsigned long stack_guard;
  RawThread* thread;
  CallSiteRecord* call_sites;
#else
  // Variant I: the thread pointer points at (arm64) or just past (riscv64)
  // a 16-byte TCB, its last 16 bytes, and thread-local data follows the TCB,
  // so nothing of the block may lie above it.
  CallSiteRecord* call_sites;
  unsigned long tag;  // the TCB's dtv slot
  RawThread* thread;
#endif
};

#if defined(__x86_64__)
static_assert(__builtin_offsetof(RawThreadBlock, tag) == 8);
static_assert(__builtin_offsetof(RawThreadBlock, stack_guard) == 0x28);
#else
static_assert(sizeof(RawThreadBlock) - __builtin_offsetof(RawThreadBlock, tag) == 16,
              "the variant I TCB is the block's last 16 bytes");
#endif

// Where in the block the thread pointer points.
#if defined(__x86_64__)
inline constexpr unsigned long kThreadPointerOffset = 0;
#elif defined(__aarch64__)
inline constexpr unsigned long kThreadPointerOffset = __builtin_offsetof(RawThreadBlock, tag);
#elif defined(__riscv)
inline constexpr unsigned long kThreadPointerOffset = sizeof(RawThreadBlock);
#else
#error "no raw thread block for this architecture"
#endif

// The calling thread's block if it is a raw thread, else null. A few
// instructions that read one word beside the thread pointer: safe in a
// signal handler on any thread that has a thread pointer (every thread of a
// process with libc, and every raw thread).
inline RawThreadBlock* CurrentRawThreadBlock() {
  unsigned long tp;
#if defined(__x86_64__)
  asm("movq %%fs:0, %0" : "=r"(tp));
#elif defined(__aarch64__)
  asm("mrs %0, tpidr_el0" : "=r"(tp));
#elif defined(__riscv)
  asm("mv %0, tp" : "=r"(tp));
#endif
  if (tp == 0) return nullptr;
  auto* block = reinterpret_cast<RawThreadBlock*>(tp - kThreadPointerOffset);
  return __atomic_load_n(&block->tag, __ATOMIC_RELAXED) == kRawThreadTag ? block : nullptr;
}

}  // namespace sysgate

#endif  // SYSGATE_THREAD_RAW_THREAD_BLOCK_H_
