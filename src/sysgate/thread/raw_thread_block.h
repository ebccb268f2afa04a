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
// the variant I TCB's first word), and it is odd, which a pointer to the
// word-aligned dtv never is, so a libc thread's slot can never hold it. (On
// the 64-bit architectures it is not a user-space address either.)
#if __SIZEOF_POINTER__ == 8
inline constexpr unsigned long kRawThreadTag = 0x5359534741544521UL;  // "SYSGATE!"
#else
inline constexpr unsigned long kRawThreadTag = 0x53594721UL;  // "SYG!"
#endif
static_assert(kRawThreadTag % 2 == 1);

// Each architecture's TLS ABI puts libc's thread-local data on one side of
// the thread pointer (Drepper, "ELF Handling For Thread-Local Storage"); the
// block is placed so that this side is unmapped (raw_thread_linux.cc).
struct RawThreadBlock {
#if defined(__i386__)
  // Variant II, as x86-64: %gs:0 holds the thread pointer, the canary is at
  // %gs:0x14 (glibc's i386 tcbhead_t), thread-local data lies below.
  RawThreadBlock* self;
  unsigned long tag;  // %gs:4, tcbhead_t.dtv
  void* unused[3];
  unsigned long stack_guard;
  RawThread* thread;
  CallSiteRecord* call_sites;
#elif defined(__x86_64__)
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
  // Variant I: the thread pointer points at (arm64, arm) or just past
  // (riscv64) a TCB of two words, the block's last two, and thread-local
  // data follows the TCB, so nothing of the block may lie above it.
  CallSiteRecord* call_sites;
  unsigned long tag;  // the TCB's dtv slot
  RawThread* thread;
#endif
};

#if defined(__x86_64__)
static_assert(__builtin_offsetof(RawThreadBlock, tag) == 8);
static_assert(__builtin_offsetof(RawThreadBlock, stack_guard) == 0x28);
#elif defined(__i386__)
static_assert(__builtin_offsetof(RawThreadBlock, tag) == 4);
static_assert(__builtin_offsetof(RawThreadBlock, stack_guard) == 0x14);
#else
static_assert(sizeof(RawThreadBlock) - __builtin_offsetof(RawThreadBlock, tag) == 2 * sizeof(void*),
              "the variant I TCB is the block's last two words");
#endif

// Where in the block the thread pointer points.
#if defined(__x86_64__) || defined(__i386__)
inline constexpr unsigned long kThreadPointerOffset = 0;
#elif defined(__aarch64__) || defined(__arm__)
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
#elif defined(__i386__)
  asm("movl %%gs:0, %0" : "=r"(tp));
#elif defined(__aarch64__)
  asm("mrs %0, tpidr_el0" : "=r"(tp));
#elif defined(__arm__)
  asm("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));  // TPIDRURO
#elif defined(__riscv)
  asm("mv %0, tp" : "=r"(tp));
#endif
  if (tp == 0) return nullptr;
  auto* block = reinterpret_cast<RawThreadBlock*>(tp - kThreadPointerOffset);
  return __atomic_load_n(&block->tag, __ATOMIC_RELAXED) == kRawThreadTag ? block : nullptr;
}

}  // namespace sysgate

#endif  // SYSGATE_THREAD_RAW_THREAD_BLOCK_H_
