// SPDX-License-Identifier: Apache-2.0
// Which way the uniform API reaches the kernel: through the C library and the
// LibcCall guard under --config=libc, through raw stubs otherwise. A thread
// blocks in uniform calls while SIGUSR1 interrupts it; the handler asks
// CurrentLibcCall whether the thread was inside a libc call.

#include <signal.h>

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc_call_guard.h"
#include "sysgate/poller.h"
#include "sysgate/signal.h"
#include "sysgate/thread.h"
#include "sysgate/time.h"
#include "sysgate/wait.h"

namespace {

std::atomic<int> samples{0};
std::atomic<int> inside_libc{0};

void Sample(int, void*, void*) {
  sysgate::LibcCallSite site;
  if (sysgate::CurrentLibcCall(&site)) ++inside_libc;
  ++samples;
}

// Blocks in `call` over and over, on a pthread (whose TLS the guard's record
// needs in either backend), until `stop`; publishes its thread id.
template <typename Call>
void BlockRepeatedly(std::atomic<long>* tid, const std::atomic<bool>* stop, Call call) {
  tid->store(sysgate::CurrentThreadId());
  while (!stop->load()) call();
}

// Interrupts a thread blocked in `call` until its handler has sampled it 20
// times; returns how many samples found it inside a libc call.
template <typename Call>
int SamplesInsideLibc(Call call) {
  samples = 0;
  inside_libc = 0;
  sysgate::SignalAction action;
  action.handler = Sample;
  EXPECT_TRUE(sysgate::InstallSignalHandler(SIGUSR1, action).ok());
  std::atomic<long> tid{0};
  std::atomic<bool> stop{false};
  std::thread blocked(BlockRepeatedly<Call>, &tid, &stop, call);
  while (tid.load() == 0) sysgate::YieldThread();
  while (samples.load() < 20) {
    EXPECT_TRUE(sysgate::SignalThread(tid.load(), SIGUSR1).ok());
    EXPECT_TRUE(sysgate::SleepNanos(1'000'000).ok());
  }
  stop = true;
  blocked.join();
  EXPECT_TRUE(sysgate::SetDefaultSignalAction(SIGUSR1).ok());
  return inside_libc.load();
}

int SleepSamples() {
  return SamplesInsideLibc([] { EXPECT_TRUE(sysgate::SleepNanos(5'000'000).ok()); });
}

int WaitSamples() {
  return SamplesInsideLibc([] {
    // Here to block, and samples are what is checked: it ends in ETIMEDOUT or
    // EINTR.
    alignas(4) unsigned int word = 0;  // a futex word's alignment (see wait.h)
    (void)sysgate::WaitOnAddress(&word, 0, 5'000'000);
  });
}

int PollSamples() {
  sysgate::Poller poller;
  EXPECT_TRUE(poller.Open().ok());
  const int inside = SamplesInsideLibc([&poller] {
    // Here to block, and samples are what is checked: it ends in a timeout
    // or EINTR.
    sysgate::PollEvent event;
    (void)poller.Wait(&event, 1, 5'000'000);
  });
  EXPECT_TRUE(poller.Close().ok());
  return inside;
}

#ifdef SYSGATE_LIBC_BACKEND

TEST(LibcBackend, BlockedUniformCallsAreInsideLibc) {
  EXPECT_GT(SleepSamples(), 0) << "SleepNanos: clock_nanosleep through the guard";
  EXPECT_GT(WaitSamples(), 0) << "WaitOnAddress: syscall(SYS_futex) through the guard";
  EXPECT_GT(PollSamples(), 0) << "Poller::Wait: epoll_wait through the guard";
}

#else

TEST(RawBackend, BlockedUniformCallsAreNeverInsideLibc) {
  EXPECT_EQ(SleepSamples(), 0) << "SleepNanos: a raw clock_nanosleep";
  EXPECT_EQ(WaitSamples(), 0) << "WaitOnAddress: a raw futex";
  EXPECT_EQ(PollSamples(), 0) << "Poller::Wait: a raw epoll_pwait";
}

#endif

}  // namespace
