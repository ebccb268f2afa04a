// SPDX-License-Identifier: Apache-2.0
// What Poller::Wait adds to the system call, on one thread: a zero-timeout
// wait on a descriptor that is ready, through the Poller and through glibc's
// epoll_wait. And one byte back and forth between two threads over two pipes, each thread
// waiting for readability before it reads: through sysgate's Poller on an
// OsThread, and through glibc's epoll_wait, read and write on a std::thread.

#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "benchmark/benchmark.h"
#include "sysgate/file.h"
#include "sysgate/poller.h"
#include "sysgate/thread.h"

namespace {

constexpr char kStop = 'q';

struct Pipes {
  int to_partner[2];
  int to_main[2];
};

// Waits for `fd` through `poller` and reads its byte.
char PollerReceive(sysgate::Poller& poller, int fd) {
  sysgate::PollEvent event;
  char byte = kStop;
  if (poller.Wait(&event, 1, -1).value_or(0) == 1 && sysgate::Read(fd, &byte, 1).value_or(0) != 1) {
    byte = kStop;
  }
  return byte;
}

void PollerPartner(void* arg) {
  auto* pipes = static_cast<Pipes*>(arg);
  sysgate::Poller poller;  // closed as it goes out of scope
  // On an OsThread, with no one to tell: a failure here stops the benchmark
  // (PollerReceive reads kStop) or leaves the main thread waiting.
  (void)poller.Open();
  (void)poller.Add(pipes->to_partner[0], sysgate::kReadable, 0);
  for (char byte; (byte = PollerReceive(poller, pipes->to_partner[0])) != kStop;) {
    (void)sysgate::Write(pipes->to_main[1], &byte, 1);
  }
}

void BM_pipe_ping_pong_sysgate(benchmark::State& state) {
  Pipes pipes;
  if (!sysgate::Pipe(pipes.to_partner).ok() || !sysgate::Pipe(pipes.to_main).ok()) {
    return state.SkipWithError("Pipe failed");
  }
  sysgate::Poller poller;
  if (!poller.Open().ok() || !poller.Add(pipes.to_main[0], sysgate::kReadable, 0).ok()) {
    return state.SkipWithError("Poller failed");
  }
  auto partner = sysgate::SpawnOsThread({}, PollerPartner, &pipes);
  if (!partner.ok()) return state.SkipWithError("SpawnOsThread failed");
  for (auto _ : state) {
    if (!sysgate::Write(pipes.to_partner[1], "x", 1).ok())
      return state.SkipWithError("Write failed");
    benchmark::DoNotOptimize(PollerReceive(poller, pipes.to_main[0]));
  }
  if (!sysgate::Write(pipes.to_partner[1], &kStop, 1).ok() ||
      !sysgate::JoinOsThread(partner.value()).ok()) {
    return state.SkipWithError("stopping the partner failed");
  }
  for (int fd : {pipes.to_partner[0], pipes.to_partner[1], pipes.to_main[0], pipes.to_main[1]}) {
    if (!sysgate::Close(fd).ok()) state.SkipWithError("Close failed");
  }
}
BENCHMARK(BM_pipe_ping_pong_sysgate)->UseRealTime();

int EpollFor(int fd) {
  const int epfd = epoll_create1(EPOLL_CLOEXEC);
  epoll_event interest = {};
  interest.events = EPOLLIN;
  epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &interest);
  return epfd;
}

char EpollReceive(int epfd, int fd) {
  epoll_event event;
  char byte = kStop;
  if (epoll_wait(epfd, &event, 1, -1) != 1 || read(fd, &byte, 1) != 1) return kStop;
  return byte;
}

// A full pipe or a closed one ends the ping-pong; neither happens here.
void Send(int fd, char byte) {
  if (write(fd, &byte, 1) != 1) std::abort();
}

void BM_pipe_ping_pong_glibc(benchmark::State& state) {
  Pipes pipes;
  if (pipe2(pipes.to_partner, O_CLOEXEC) != 0 || pipe2(pipes.to_main, O_CLOEXEC) != 0) {
    return state.SkipWithError("pipe2 failed");
  }
  std::thread partner([&pipes] {
    const int epfd = EpollFor(pipes.to_partner[0]);
    for (char byte; (byte = EpollReceive(epfd, pipes.to_partner[0])) != kStop;) {
      Send(pipes.to_main[1], byte);
    }
    close(epfd);
  });
  const int epfd = EpollFor(pipes.to_main[0]);
  for (auto _ : state) {
    Send(pipes.to_partner[1], 'x');
    benchmark::DoNotOptimize(EpollReceive(epfd, pipes.to_main[0]));
  }
  Send(pipes.to_partner[1], kStop);
  partner.join();
  close(epfd);
  for (int fd : {pipes.to_partner[0], pipes.to_partner[1], pipes.to_main[0], pipes.to_main[1]}) {
    close(fd);
  }
}
BENCHMARK(BM_pipe_ping_pong_glibc)->UseRealTime();

// A pipe with a byte in it, never read: its read end stays ready.
struct ReadyPipe {
  int fds[2] = {-1, -1};
  bool ok = pipe2(fds, O_CLOEXEC) == 0 && write(fds[1], "x", 1) == 1;
  ~ReadyPipe() {
    close(fds[0]);
    close(fds[1]);
  }
};

void BM_wait_ready_sysgate(benchmark::State& state) {
  ReadyPipe pipe;
  sysgate::Poller poller;
  if (!pipe.ok || !poller.Open().ok() || !poller.Add(pipe.fds[0], sysgate::kReadable, 0).ok()) {
    return state.SkipWithError("setting up failed");
  }
  sysgate::PollEvent event;
  for (auto _ : state) {
    if (poller.Wait(&event, 1, 0).value_or(0) != 1) return state.SkipWithError("not ready");
    benchmark::DoNotOptimize(event);
  }
}
BENCHMARK(BM_wait_ready_sysgate);

void BM_wait_ready_glibc(benchmark::State& state) {
  ReadyPipe pipe;
  const int epfd = EpollFor(pipe.fds[0]);
  if (!pipe.ok || epfd < 0) return state.SkipWithError("setting up failed");
  epoll_event event;
  for (auto _ : state) {
    if (epoll_wait(epfd, &event, 1, 0) != 1) return state.SkipWithError("not ready");
    benchmark::DoNotOptimize(event);
  }
  close(epfd);
}
BENCHMARK(BM_wait_ready_glibc);

}  // namespace
