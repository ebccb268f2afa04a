// SPDX-License-Identifier: Apache-2.0
// Raw clone(2) threads: created and joined without leaks, entries that
// return, the TLS block, signal masks, and futex handoffs between them. The
// thread entries here use only the raw layer (sysgate::sys) and atomics, as
// raw threads must in either backend (under --config=libc the uniform API
// calls libc, which a raw thread may not); the checks run on the test's own
// thread.

#include "sysgate/thread/raw_thread.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "sysgate/generated/linux/core_abi.h"
#include "sysgate/libcall/libc_call_guard.h"
#include "sysgate/signal.h"
#include "sysgate/syscalls.h"
#include "sysgate/thread.h"

namespace {

using sysgate::RawThread;

// The lines of /proc/self/maps. qemu-user's for a 32-bit guest (qemu-arm
// here) leaves out a PROT_NONE mapping whose host mapping merged with the
// PROT_NONE region qemu reserves for the guest's address space, so how many
// such lines show depends on the layout; there only the accessible ones
// are counted, by which a thread mapping left behind still shows (its
// stack and record page). Only anonymous mappings (inode 0) are counted, as
// a raw thread's are: qemu-user splits and merges the lines of a file's
// writable and executable mapping as code there is written (seen on
// qemu-sparc64, whose PLT the dynamic linker patches as each call is first
// bound: libgtest's split in two, and the first read of the file showed
// three lines more than the next).
int MappingCount() {
  const bool count_inaccessible =
      sizeof(void*) == 8 || std::getenv("SYSGATE_TARGET_RUNNER") == nullptr;
  std::ifstream maps("/proc/self/maps");
  int lines = 0;
  for (std::string line; std::getline(maps, line);) {
    std::istringstream fields(line);
    std::string range, perms, offset, device, inode;
    fields >> range >> perms >> offset >> device >> inode;
    if (inode != "0") continue;
    if (count_inaccessible || perms != "---p") ++lines;
  }
  return lines;
}

void CountRun(RawThread*, void* counter) {
  __atomic_fetch_add(static_cast<int*>(counter), 1, __ATOMIC_RELAXED);
}

TEST(RawThread, ThousandThreadsLeaveNoMappingBehind) {
  constexpr int kThreads = 1000;
  constexpr int kBatch = 50;
  int ran = 0;
  // Warm up what the first spawn sets up (the auxiliary vector, ...).
  auto first = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_TRUE(sysgate::JoinRawThread(first.value()).ok());
  const int before = MappingCount();
  for (int done = 0; done < kThreads; done += kBatch) {
    RawThread* threads[kBatch];
    for (auto& thread : threads) {
      auto spawned = sysgate::SpawnRawThread({}, CountRun, &ran);
      ASSERT_TRUE(spawned.ok()) << spawned.error();
      thread = spawned.value();
    }
    for (RawThread* thread : threads) ASSERT_TRUE(sysgate::JoinRawThread(thread).ok());
  }
  EXPECT_EQ(ran, kThreads + 1);
  EXPECT_EQ(MappingCount(), before);
}

// Spawning costs less on the mapping of a thread already joined, so the
// last one is kept for the next spawn of the same stack size.
TEST(RawThread, ReusesTheMappingOfTheLastThreadJoined) {
  int ran = 0;
  auto first = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(first.ok()) << first.error();
  void* const first_mapping = first.value()->mapping;
  const unsigned long first_size = first.value()->mapping_size;
  ASSERT_TRUE(sysgate::JoinRawThread(first.value()).ok());

  auto second = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(second.value()->mapping, first_mapping);
  ASSERT_TRUE(sysgate::JoinRawThread(second.value()).ok());

  sysgate::RawThreadOptions bigger;
  bigger.stack_size = 2 * bigger.stack_size;
  auto third = sysgate::SpawnRawThread(bigger, CountRun, &ran);
  ASSERT_TRUE(third.ok()) << third.error();
  EXPECT_GT(third.value()->mapping_size, first_size) << "a mapping of its own size";
  ASSERT_TRUE(sysgate::JoinRawThread(third.value()).ok());
  EXPECT_EQ(ran, 3);
}

struct Observed {
  long tid = 0;
  RawThread* current = nullptr;
  unsigned long canary = 0;
  int done = 0;
};

void Observe(RawThread* thread, void* out) {
  auto* observed = static_cast<Observed*>(out);
  observed->tid = sysgate::sys::gettid().value();
  observed->current = sysgate::CurrentRawThread();
#if defined(__x86_64__)
  asm volatile("mov %%fs:%c1, %0" : "=r"(observed->canary) : "i"(SYSGATE_ARCH_TLS_STACK_GUARD_OFFSET));
#endif
  (void)thread;
  __atomic_store_n(&observed->done, 1, __ATOMIC_RELEASE);
}

TEST(RawThread, EntryGetsItsRecordAndATidOfItsOwn) {
  Observed observed;
  auto thread = sysgate::SpawnRawThread({}, Observe, &observed);
  ASSERT_TRUE(thread.ok()) << thread.error();
  const int tid_seen_by_parent = thread.value()->tid;  // CLONE_PARENT_SETTID, or 0 if already gone
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_EQ(observed.done, 1);
  EXPECT_GT(observed.tid, 0);
  EXPECT_NE(observed.tid, sysgate::sys::gettid().value());
  if (tid_seen_by_parent != 0) {
    EXPECT_EQ(tid_seen_by_parent, observed.tid);
  }
  EXPECT_EQ(observed.current, thread.value()) << "CurrentRawThread finds the record through TLS";
}

#if defined(__x86_64__)
// Code compiled with -fstack-protector reads its canary at %fs:0x28 (x32's
// at %fs:0x18): the raw thread's block must hold the same value as the
// creating thread's.
TEST(RawThread, CarriesTheStackProtectorCanary) {
  unsigned long mine;
  asm volatile("mov %%fs:%c1, %0" : "=r"(mine) : "i"(SYSGATE_ARCH_TLS_STACK_GUARD_OFFSET));
  Observed observed;
  auto thread = sysgate::SpawnRawThread({}, Observe, &observed);
  ASSERT_TRUE(thread.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_NE(mine, 0u);
  EXPECT_EQ(observed.canary, mine);
}
#endif

// A function with a local array gets a canary check under -fstack-protector;
// running it on a raw thread proves the check passes there.
__attribute__((noinline, optimize("stack-protector-all"))) int FillAndSum(int n) {
  volatile char buffer[64];
  int sum = 0;
  for (int i = 0; i < 64; ++i) buffer[i] = static_cast<char>(i * n);
  for (int i = 0; i < 64; ++i) sum += buffer[i];
  return sum;
}

void RunProtected(RawThread*, void* out) { *static_cast<int*>(out) = FillAndSum(1); }

TEST(RawThread, StackProtectedCodeRuns) {
  int sum = 0;
  auto thread = sysgate::SpawnRawThread({}, RunProtected, &sum);
  ASSERT_TRUE(thread.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_EQ(sum, FillAndSum(1));
}

void ReadMask(RawThread*, void* out) {
  // On a raw thread, with no gtest: a failure leaves `out` empty, which the
  // test sees.
  const sysgate::SignalSet empty = sysgate::SignalSet::Empty();
  (void)sysgate::sys::rt_sigprocmask(SIG_SETMASK, const_cast<sysgate::kernel::sigset_t*>(empty.kernel()),
                               static_cast<sysgate::SignalSet*>(out)->kernel(),
                               sysgate::kernel::kSigsetSize);
}

TEST(RawThread, StartsWithTheCreatorsSignalMask) {
  sysgate::SignalSet old = sysgate::SignalSet::Empty();
  ASSERT_TRUE(sysgate::BlockSignals(sysgate::SignalSet::Empty().Add(SIGUSR2), &old).ok());
  sysgate::SignalSet seen = sysgate::SignalSet::Empty();
  auto thread = sysgate::SpawnRawThread({}, ReadMask, &seen);
  ASSERT_TRUE(thread.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_TRUE(sysgate::SetSignalMask(old).ok());
  EXPECT_TRUE(seen.Has(SIGUSR2));
  EXPECT_FALSE(seen.Has(SIGUSR1));
}

// Two raw threads hand a counter back and forth through a futex word: each
// waits for its turn with FUTEX_WAIT and passes it with FUTEX_WAKE.
// (WaitOnAddress between threads is tests/wait_test.cc's.)
struct Relay {
  unsigned int turn = 0;  // whose turn: 0 or 1
  int rounds = 0;
};

constexpr int kRounds = 200;

void Play(Relay* relay, unsigned int me) {
  for (int i = 0; i < kRounds; ++i) {
    unsigned int turn;
    // The turn word says what happened, whatever the futex returns; a lost
    // wake would hang the test.
    while ((turn = __atomic_load_n(&relay->turn, __ATOMIC_ACQUIRE)) != me) {
      (void)sysgate::sys::futex(&relay->turn, FUTEX_WAIT_PRIVATE, turn, nullptr, nullptr, 0);
    }
    ++relay->rounds;
    __atomic_store_n(&relay->turn, 1 - me, __ATOMIC_RELEASE);
    (void)sysgate::sys::futex(&relay->turn, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
}

void PlayZero(RawThread*, void* relay) { Play(static_cast<Relay*>(relay), 0); }
void PlayOne(RawThread*, void* relay) { Play(static_cast<Relay*>(relay), 1); }

TEST(RawThread, FutexHandoffBetweenTwoRawThreads) {
  Relay relay;
  auto zero = sysgate::SpawnRawThread({}, PlayZero, &relay);
  auto one = sysgate::SpawnRawThread({}, PlayOne, &relay);
  ASSERT_TRUE(zero.ok() && one.ok());
  ASSERT_TRUE(sysgate::JoinRawThread(zero.value()).ok());
  ASSERT_TRUE(sysgate::JoinRawThread(one.value()).ok());
  EXPECT_EQ(relay.rounds, 2 * kRounds);
}

// Every size a caller may get wrong: none, too small to take a signal frame,
// and sizes whose rounding to pages or whose guards wrap around.
constexpr unsigned long kBadStackSizes[] = {
    0, 1, sysgate::kMinThreadStackSize - 1, ULONG_MAX, ULONG_MAX - 4096,
};

TEST(RawThread, BadStackSizeIsEinval) {
  int ran = 0;
  for (unsigned long size : kBadStackSizes) {
    sysgate::RawThreadOptions options;
    options.stack_size = size;
    auto thread = sysgate::SpawnRawThread(options, CountRun, &ran);
    EXPECT_EQ(thread.error(), EINVAL) << "stack_size " << size;
  }
  EXPECT_EQ(ran, 0);
  sysgate::RawThreadOptions smallest;
  smallest.stack_size = sysgate::kMinThreadStackSize;
  auto thread = sysgate::SpawnRawThread(smallest, CountRun, &ran);
  ASSERT_TRUE(thread.ok()) << thread.error();
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_EQ(ran, 1);
}

// A handler that interrupts a raw thread may ask which thread it is on: the
// answer is null anywhere else.
TEST(RawThread, CurrentRawThreadIsNullOnOtherThreads) {
  EXPECT_EQ(sysgate::CurrentRawThread(), nullptr) << "the main thread";
  sysgate::RawThread* on_pthread = reinterpret_cast<sysgate::RawThread*>(1);
  std::thread([&] { on_pthread = sysgate::CurrentRawThread(); }).join();
  EXPECT_EQ(on_pthread, nullptr) << "a pthread";
}

// Where the record of a LibcCall made on a raw thread lives, seen from
// inside the call. The trampoline calls no libc: a raw thread may not.
struct RecordSeen {
  bool complete = false;
  sysgate::LibcCallSite site = {};
  unsigned long sp_in_thread_record = 0;
  int context = 0;
};

long RecordingTrampoline(const long* args) {
  auto* seen = reinterpret_cast<RecordSeen*>(args[0]);
  seen->complete = sysgate::CurrentLibcCall(&seen->site);
  seen->sp_in_thread_record = sysgate::CurrentRawThread()->call_sites.sp;
  return 0;
}

void CallThroughLibcCall(RawThread*, void* out) {
  sysgate::SetLibcCallContext(&static_cast<RecordSeen*>(out)->context);
  const long args[] = {reinterpret_cast<long>(out)};
  sysgate::LibcCall(RecordingTrampoline, args);
}

TEST(RawThread, LibcCallRecordLivesInTheThreadRecord) {
  RecordSeen seen;
  auto thread = sysgate::SpawnRawThread({}, CallThroughLibcCall, &seen);
  ASSERT_TRUE(thread.ok()) << thread.error();
  const auto low = reinterpret_cast<unsigned long>(thread.value()->mapping);
  const unsigned long high = low + thread.value()->mapping_size;
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  ASSERT_TRUE(seen.complete);
  EXPECT_EQ(seen.site.kind, sysgate::CallSiteKind::kLibc);
  EXPECT_EQ(seen.site.sp, seen.sp_in_thread_record) << "read from the RawThread";
  EXPECT_TRUE(seen.site.sp > low && seen.site.sp < high) << "on the raw thread's own stack";
  EXPECT_EQ(seen.site.context, &seen.context);
  sysgate::LibcCallSite site;
  EXPECT_FALSE(sysgate::CurrentLibcCall(&site)) << "the main thread's record is its own";
}

// The ABI's alignment where a function begins: the canonical frame address
// (the stack pointer before the call) is a multiple of the .abi's
// stack_align, 16 on x86-64, i386, arm64 and riscv64, 8 on arm and s390x,
// 2 on m68k, whose ABIs ask no more. qemu-user does not fault on a misaligned stack, so
// the value is checked.
void ReadFrameAddress(RawThread*, void* out) {
  *static_cast<unsigned long*>(out) = reinterpret_cast<unsigned long>(__builtin_dwarf_cfa());
}

TEST(RawThread, EntryRunsOnAnAlignedStack) {
  for (unsigned long size : {sysgate::kMinThreadStackSize, 256 * 1024UL, 256 * 1024UL + 1}) {
    unsigned long cfa = 1;
    sysgate::RawThreadOptions options;
    options.stack_size = size;
    auto thread = sysgate::SpawnRawThread(options, ReadFrameAddress, &cfa);
    ASSERT_TRUE(thread.ok()) << thread.error();
    ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
    EXPECT_EQ(cfa % SYSGATE_ARCH_STACK_ALIGN, 0u) << std::hex << cfa;
  }
}

// Joining every thread and releasing the cache leaves no mapping of theirs.
TEST(RawThread, ReleasingTheCacheUnmapsTheLastMapping) {
  ASSERT_TRUE(sysgate::ReleaseRawThreadCache().ok());
  const int before = MappingCount();
  int ran = 0;
  auto thread = sysgate::SpawnRawThread({}, CountRun, &ran);
  ASSERT_TRUE(thread.ok()) << thread.error();
  ASSERT_TRUE(sysgate::JoinRawThread(thread.value()).ok());
  EXPECT_GT(MappingCount(), before) << "the joined thread's mapping is kept";
  ASSERT_TRUE(sysgate::ReleaseRawThreadCache().ok());
  EXPECT_EQ(MappingCount(), before);
  EXPECT_TRUE(sysgate::ReleaseRawThreadCache().ok()) << "nothing left to release";
}

// Static thread-local storage on a raw thread is unmapped, however large the
// executable's: an access faults rather than reading or writing the thread's
// stack or record, or another mapping. Each access runs in a child process,
// which must die of SIGSEGV.
thread_local char large_tls[3 * 4096 + 100];

void TouchFirstTlsByte(RawThread*, void*) { *static_cast<volatile char*>(&large_tls[0]) = 1; }
void TouchLastTlsByte(RawThread*, void*) {
  *static_cast<volatile char*>(&large_tls[sizeof large_tls - 1]) = 1;
}
void TouchErrno(RawThread*, void*) { errno = 1; }

int DeathSignalOfRawThreadRunning(sysgate::RawThreadEntry entry) {
  const pid_t child = fork();
  if (child == 0) {
    // The default action, whatever a sanitizer's runtime installed.
    if (!sysgate::SetDefaultSignalAction(SIGSEGV).ok() || !sysgate::SetDefaultSignalAction(SIGBUS).ok()) _exit(1);
    auto thread = sysgate::SpawnRawThread({}, entry, nullptr);
    // What is asked is whether the access faults, which kills the child
    // before the join returns.
    if (thread.ok()) (void)sysgate::JoinRawThread(thread.value());
    _exit(0);  // the access did not fault
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child) return -1;
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

// The signal a load of a word through `address` raises, in a child. The
// load is meant to be misaligned: UBSan is told not to report it.
__attribute__((no_sanitize("alignment"))) int DeathSignalOfLoadingThrough(unsigned long address) {
  const pid_t child = fork();
  if (child == 0) {
    // The default action, whatever a sanitizer's runtime installed.
    if (!sysgate::SetDefaultSignalAction(SIGSEGV).ok() || !sysgate::SetDefaultSignalAction(SIGBUS).ok()) _exit(1);
    (void)*reinterpret_cast<volatile const unsigned long*>(address);
    _exit(0);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child) return -1;
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

TEST(RawThread, StaticTlsAccessFaultsPastTheFirstPage) {
  // Where the test's own thread-locals are reached through __tls_get_addr
  // (mips: its linker does not relax the dynamic TLS model of -fPIC code to
  // local-exec), the access faults first on the dtv pointer, whose slot
  // holds the raw thread's odd tag (raw_thread_block.h's kRawThreadTag): a
  // CPU that traps a misaligned load raises SIGBUS for it, the others
  // SIGSEGV for an address no mapping holds.
  const int tag_fault = DeathSignalOfLoadingThrough(
      sizeof(void*) == 8 ? static_cast<unsigned long>(0x5359534741544521ULL) : 0x53594721UL);
  ASSERT_TRUE(tag_fault == SIGSEGV || tag_fault == SIGBUS) << tag_fault;
  const int first = DeathSignalOfRawThreadRunning(TouchFirstTlsByte);
  EXPECT_TRUE(first == SIGSEGV || first == tag_fault) << first;
  const int last = DeathSignalOfRawThreadRunning(TouchLastTlsByte);
  EXPECT_TRUE(last == SIGSEGV || last == tag_fault) << last;
  EXPECT_EQ(DeathSignalOfRawThreadRunning(TouchErrno), SIGSEGV) << "libc's own TLS";
  large_tls[0] = 1;  // while it works on this thread
  EXPECT_EQ(large_tls[0], 1);
}

void CountPlain(void* counter) {
  __atomic_fetch_add(static_cast<int*>(counter), 1, __ATOMIC_RELAXED);
}

TEST(OsThread, SpawnRunsTheFunctionAndJoinWaitsForIt) {
  int ran = 0;
  auto thread = sysgate::SpawnOsThread({}, CountPlain, &ran);
  ASSERT_TRUE(thread.ok()) << thread.error();
  ASSERT_TRUE(sysgate::JoinOsThread(thread.value()).ok());
  EXPECT_EQ(ran, 1);
}

TEST(OsThread, BadStackSizeIsEinval) {
  int ran = 0;
  for (unsigned long size : kBadStackSizes) {
    sysgate::ThreadOptions options;
    options.stack_size = size;
    auto thread = sysgate::SpawnOsThread(options, CountPlain, &ran);
    EXPECT_EQ(thread.error(), EINVAL) << "stack_size " << size;
  }
  EXPECT_EQ(ran, 0);
}

TEST(OsThread, WhatAThreadAsksAboutItself) {
  EXPECT_EQ(sysgate::CurrentThreadId(), sysgate::sys::gettid().value());
  auto cpus = sysgate::CpuCount();
  ASSERT_TRUE(cpus.ok()) << cpus.error();
  cpu_set_t glibc;
  ASSERT_EQ(sched_getaffinity(0, sizeof glibc, &glibc), 0);
  EXPECT_EQ(cpus.value(), CPU_COUNT(&glibc));
  sysgate::YieldThread();
}

}  // namespace
