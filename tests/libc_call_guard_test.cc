// SPDX-License-Identifier: Apache-2.0
// The LibcCall record: set on entry and cleared on return, left alone by a
// nested call, and readable from a signal handler that interrupts a thread
// inside a slow libc call, where it names the caller.

#include "sysgate/libcall/libc_call_guard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <thread>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc.h"

namespace {

using sysgate::CurrentLibcCall;
using sysgate::LibcCall;
using sysgate::LibcCallSite;

std::uintptr_t FrameAddress(void* frame) { return reinterpret_cast<std::uintptr_t>(frame); }

// A pc returned into `function` (whose code is far shorter than 4 KiB).
bool PointsInto(std::uintptr_t pc, void* function) {
  const auto start = reinterpret_cast<std::uintptr_t>(function);
  return pc > start && pc < start + 4096;
}

// The caller's sp at the call lies in the caller's frame: at or below its
// frame pointer, and not far below.
bool InFrame(std::uintptr_t sp, std::uintptr_t frame) { return sp <= frame && sp > frame - 65536; }

bool SameSite(const LibcCallSite& a, const LibcCallSite& b) {
  return a.pc == b.pc && a.sp == b.sp && a.context == b.context;
}

LibcCallSite inside;
bool inside_complete;

long RecordingTrampoline(const long*) {
  inside_complete = CurrentLibcCall(&inside);
  return 7;
}

[[gnu::noinline]] long CallRecording(std::uintptr_t* frame) {
  *frame = FrameAddress(__builtin_frame_address(0));
  return LibcCall(RecordingTrampoline, nullptr);
}

TEST(LibcCallGuard, RecordIsSetOnEntryAndClearedOnReturn) {
  int context;
  sysgate::SetLibcCallContext(&context);
  LibcCallSite site;
  ASSERT_FALSE(CurrentLibcCall(&site)) << "no libc call yet";
  std::uintptr_t frame;
  EXPECT_EQ(CallRecording(&frame), 7) << "the trampoline's result comes back";
  ASSERT_TRUE(inside_complete);
  EXPECT_TRUE(PointsInto(inside.pc, reinterpret_cast<void*>(&CallRecording)));
  EXPECT_TRUE(InFrame(inside.sp, frame)) << inside.sp << " " << frame;
  EXPECT_EQ(inside.context, &context);
  EXPECT_FALSE(CurrentLibcCall(&site)) << "cleared on return";
  sysgate::SetLibcCallContext(nullptr);
}

LibcCallSite outer, seen_by_inner, outer_after_inner;
bool inner_complete, outer_complete_after_inner;

long InnerTrampoline(const long*) {
  inner_complete = CurrentLibcCall(&seen_by_inner);
  return 1;
}

long OuterTrampoline(const long*) {
  CurrentLibcCall(&outer);
  LibcCall(InnerTrampoline, nullptr);
  outer_complete_after_inner = CurrentLibcCall(&outer_after_inner);
  return 2;
}

TEST(LibcCallGuard, NestedCallLeavesTheOuterRecordAlone) {
  std::uintptr_t frame = FrameAddress(__builtin_frame_address(0));
  EXPECT_EQ(LibcCall(OuterTrampoline, nullptr), 2);
  ASSERT_TRUE(inner_complete);
  EXPECT_TRUE(SameSite(seen_by_inner, outer)) << "the inner call did not overwrite it";
  EXPECT_TRUE(InFrame(outer.sp, frame));
  ASSERT_TRUE(outer_complete_after_inner) << "the inner call's return did not clear it";
  EXPECT_TRUE(SameSite(outer_after_inner, outer));
  LibcCallSite site;
  EXPECT_FALSE(CurrentLibcCall(&site));
}

// What the SIGUSR1 handler saw, the first time it interrupted a libc call.
struct Observation {
  std::atomic<bool> done{false};
  LibcCallSite site;
  bool complete_after_nested_call;
  LibcCallSite after_nested_call;
  long nested_result;
};
Observation observation;

void Handler(int) {
  LibcCallSite site;
  if (observation.done.load() || !CurrentLibcCall(&site)) return;  // not inside libc yet
  observation.site = site;
  // A libc call of the handler's own, through LibcCall like any other.
  observation.nested_result = sysgate::libc::getpid();
  observation.complete_after_nested_call = CurrentLibcCall(&observation.after_nested_call);
  observation.done.store(true);
}

[[gnu::noinline]] int SleepInLibc(std::uintptr_t* frame) {
  *frame = FrameAddress(__builtin_frame_address(0));
  struct timespec request = {2, 0};
  return sysgate::libc::nanosleep(&request, &request).error();
}

TEST(LibcCallGuard, SignalHandlerReadsTheInterruptedCall) {
  struct sigaction action = {};
  action.sa_handler = Handler;  // no SA_RESTART: the sleep ends with EINTR
  struct sigaction old;
  ASSERT_EQ(sigaction(SIGUSR1, &action, &old), 0);
  int context;
  sysgate::SetLibcCallContext(&context);

  const pthread_t sleeper = pthread_self();
  std::atomic<bool> stop{false};
  // Until the handler has caught the sleeper inside libc, signal it again.
  std::thread signaller([&] {
    while (!stop.load()) {
      usleep(50 * 1000);
      pthread_kill(sleeper, SIGUSR1);
    }
  });
  std::uintptr_t frame = 0;
  int error = 0;
  for (int attempt = 0; attempt < 20 && !observation.done.load(); ++attempt) {
    error = SleepInLibc(&frame);
  }
  stop.store(true);
  signaller.join();
  sysgate::SetLibcCallContext(nullptr);
  sigaction(SIGUSR1, &old, nullptr);

  ASSERT_TRUE(observation.done.load()) << "the handler never found the thread inside libc";
  EXPECT_EQ(error, EINTR);
  EXPECT_TRUE(PointsInto(observation.site.pc, reinterpret_cast<void*>(&SleepInLibc)))
      << "the record names the function that called nanosleep";
  EXPECT_TRUE(InFrame(observation.site.sp, frame)) << observation.site.sp << " " << frame;
  EXPECT_EQ(observation.site.context, &context);
  EXPECT_EQ(observation.nested_result, getpid());
  ASSERT_TRUE(observation.complete_after_nested_call);
  EXPECT_TRUE(SameSite(observation.after_nested_call, observation.site))
      << "the handler's own libc call left the interrupted call's record intact";
  LibcCallSite site;
  EXPECT_FALSE(CurrentLibcCall(&site));
}

}  // namespace
