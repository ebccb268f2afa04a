// SPDX-License-Identifier: Apache-2.0
// RawThreadBlock: what a raw thread's thread pointer points at, and how any
// thread tells whether it is a raw one. Header-only and freestanding, so
// that the LibcCall record (sysgate/libcall/call_site_record.h), which must work on
// every thread, can find a raw thread's record without the thread library.

#ifndef SYSGATE_THREAD_RAW_THREAD_BLOCK_H_
#define SYSGATE_THREAD_RAW_THREAD_BLOCK_H_

#include "sysgate/generated/linux/core_abi.h"
#include "sysgate/thread/tls_linux.h"

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
// tables/linux/ARCH.abi's thread_pointer says which (core_abi.h).
struct RawThreadBlock {
#if SYSGATE_ARCH_TLS_VARIANT == 2
  // Variant II, thread pointer at the block, data below: the block holds
  // the pointer itself at 0 (read through %fs or %gs on x86), and
  // -fstack-protector code reads its canary five words up (%fs:0x28,
  // %gs:0x14, 0x28 above s390x's a0:a1: glibc's tcbhead_t.stack_guard).
  RawThreadBlock* self;
  unsigned long tag;  // tcbhead_t.dtv
  void* unused[3];
  unsigned long stack_guard;
  RawThread* thread;
  CallSiteRecord* call_sites;
#else
  // Variant I: the thread pointer points at (arm64, arm), just past
  // (riscv64) or 0x7000 past (ppc64, ppc, mips) a TCB whose words are the
  // block's last (tables/linux/ARCH.abi's tcb key: the tag in the dtv slot,
  // the RawThread in the private one or before the TCB, ppc64's canary at
  // tp-0x7010, ppc's at tp-0x7008), and thread-local data follows the TCB, so nothing of the
  // block may lie above it.
  CallSiteRecord* call_sites;
  SYSGATE_ARCH_TCB_FIELDS
#endif
};

#if SYSGATE_ARCH_TLS_VARIANT == 2
static_assert(__builtin_offsetof(RawThreadBlock, tag) == sizeof(void*));
static_assert(__builtin_offsetof(RawThreadBlock, stack_guard) == 5 * sizeof(void*));
// Where in the block the thread pointer points.
inline constexpr unsigned long kThreadPointerOffset = 0;
#else
// The TCB's start in the block.
inline constexpr unsigned long kTcbOffset = sizeof(RawThreadBlock) - SYSGATE_ARCH_TCB_WORDS * sizeof(void*);
static_assert(__builtin_offsetof(RawThreadBlock, tag) >= kTcbOffset, "the TCB is the block's last words");
#ifdef SYSGATE_ARCH_THREAD_POINTER_AFTER_TCB
inline constexpr unsigned long kThreadPointerOffset = sizeof(RawThreadBlock) + SYSGATE_ARCH_THREAD_POINTER_BIAS;
#else
inline constexpr unsigned long kThreadPointerOffset = kTcbOffset + SYSGATE_ARCH_THREAD_POINTER_BIAS;
#endif
#endif

// The calling thread's block if it is a raw thread, else null. A few
// instructions that read one word beside the thread pointer: safe in a
// signal handler on any thread that has a thread pointer (every thread of a
// process with libc, and every raw thread).
inline RawThreadBlock* CurrentRawThreadBlock() {
  const unsigned long tp = tls::ThreadPointer();
  if (tp == 0) return nullptr;
  auto* block = reinterpret_cast<RawThreadBlock*>(tp - kThreadPointerOffset);
  return __atomic_load_n(&block->tag, __ATOMIC_RELAXED) == kRawThreadTag ? block : nullptr;
}

}  // namespace sysgate

#endif  // SYSGATE_THREAD_RAW_THREAD_BLOCK_H_
