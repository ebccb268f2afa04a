// SPDX-License-Identifier: Apache-2.0
// Real work through the typed wrappers of sysgate/libcall/libc.h (glibc's
// here), each effect checked, including the imports the per-row probe may
// not call: threads, waits and signals (exit and abort: libc_exit_test).

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/libcall/libc.h"

namespace {

namespace libc = sysgate::libc;

// glibc's pthread and signal types are opaque to the wrappers (tables/glibc/types.tbl).
template <typename Opaque, typename T>
Opaque* As(T* value) {
  return reinterpret_cast<Opaque*>(value);
}

std::string TempPath(const char* name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

TEST(LibcWrappers, OpenWriteReadStatCloseAFile) {
  const std::string path = TempPath("libc_round_trip");
  auto fd = libc::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ASSERT_TRUE(fd.ok()) << fd.error();
  const char message[] = "through the trampolines";
  auto written = libc::write(fd.value(), message, sizeof message);
  ASSERT_TRUE(written.ok()) << written.error();
  EXPECT_EQ(written.value(), static_cast<long>(sizeof message));
  EXPECT_EQ(libc::lseek(fd.value(), 0, SEEK_SET).value_or(-1), 0);
  char buffer[64] = {};
  auto read = libc::read(fd.value(), buffer, sizeof buffer);
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_STREQ(buffer, message);
  struct stat st = {};
  ASSERT_TRUE(libc::fstat(fd.value(), &st).ok());
  EXPECT_EQ(st.st_size, static_cast<off_t>(sizeof message));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(libc::fcntl(fd.value(), F_GETFD, 0).value_or(-1), FD_CLOEXEC) << "variadic";
  EXPECT_TRUE(libc::close(fd.value()).ok());
  EXPECT_EQ(libc::close(fd.value()).error(), EBADF) << "closing twice";
  EXPECT_TRUE(libc::unlink(path.c_str()).ok());
}

TEST(LibcWrappers, FailuresCarryTheirErrno) {
  EXPECT_EQ(libc::open("/nonexistent/sysgate", O_RDONLY, 0).error(), ENOENT);
  char small[1];
  EXPECT_EQ(libc::getcwd(small, sizeof small).error(), ERANGE) << "NULL and errno";
  EXPECT_EQ(libc::mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0).error(), EINVAL)
      << "MAP_FAILED";
  pthread_attr_t attr;
  ASSERT_TRUE(libc::pthread_attr_init(As<libc::pthread_attr_t>(&attr)).ok());
  EXPECT_EQ(libc::pthread_attr_setdetachstate(As<libc::pthread_attr_t>(&attr), 12345).error(),
            EINVAL)
      << "the error number a pthread function returns";
  EXPECT_TRUE(libc::pthread_attr_destroy(As<libc::pthread_attr_t>(&attr)).ok());
}

TEST(LibcWrappers, MapWriteAndUnmapMemory) {
  auto page = libc::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(page.ok()) << page.error();
  std::memset(page.value(), 0x5a, 4096);
  EXPECT_EQ(static_cast<unsigned char*>(page.value())[4095], 0x5a);
  EXPECT_TRUE(libc::munmap(page.value(), 4096).ok());
}

TEST(LibcWrappers, ClocksAndSleep) {
  struct timespec before, after;
  ASSERT_TRUE(libc::clock_gettime(CLOCK_MONOTONIC, &before).ok());
  struct timespec nap = {0, 2 * 1000 * 1000};
  ASSERT_TRUE(libc::nanosleep(&nap, nullptr).ok());
  ASSERT_TRUE(libc::clock_gettime(CLOCK_MONOTONIC, &after).ok());
  const long elapsed =
      (after.tv_sec - before.tv_sec) * 1000000000L + after.tv_nsec - before.tv_nsec;
  EXPECT_GE(elapsed, 2 * 1000 * 1000);
}

struct Shared {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
  bool ready = false;
  pid_t tid = 0;
};

void* SignalReady(void* arg) {
  auto* shared = static_cast<Shared*>(arg);
  shared->tid = libc::gettid();
  EXPECT_TRUE(libc::pthread_mutex_lock(As<libc::pthread_mutex_t>(&shared->mutex)).ok());
  shared->ready = true;
  EXPECT_TRUE(libc::pthread_cond_signal(As<libc::pthread_cond_t>(&shared->cond)).ok());
  EXPECT_TRUE(libc::pthread_mutex_unlock(As<libc::pthread_mutex_t>(&shared->mutex)).ok());
  return shared;
}

TEST(LibcWrappers, ThreadsMutexesAndConditions) {
  Shared shared;
  auto* mutex = As<libc::pthread_mutex_t>(&shared.mutex);
  auto* cond = As<libc::pthread_cond_t>(&shared.cond);
  ASSERT_TRUE(libc::pthread_mutex_lock(mutex).ok());
  pthread_t thread;
  ASSERT_TRUE(libc::pthread_create(&thread, nullptr, SignalReady, &shared).ok());
  while (!shared.ready) ASSERT_TRUE(libc::pthread_cond_wait(cond, mutex).ok());
  ASSERT_TRUE(libc::pthread_mutex_unlock(mutex).ok());
  void* result = nullptr;
  ASSERT_TRUE(libc::pthread_join(thread, &result).ok());
  EXPECT_EQ(result, &shared);
  EXPECT_NE(shared.tid, libc::gettid()) << "it ran on a thread of its own";
  EXPECT_EQ(libc::pthread_mutex_trylock(mutex).value_or(-1), 0);
  EXPECT_EQ(libc::pthread_mutex_trylock(mutex).error(), EBUSY);
  EXPECT_TRUE(libc::pthread_mutex_unlock(mutex).ok());
}

void* ExitThread(void* arg) { libc::pthread_exit(arg); }

TEST(LibcWrappers, PthreadExitEndsOnlyItsThread) {
  int marker;
  pthread_t thread;
  ASSERT_TRUE(libc::pthread_create(&thread, nullptr, ExitThread, &marker).ok());
  void* result = nullptr;
  ASSERT_TRUE(libc::pthread_join(thread, &result).ok());
  EXPECT_EQ(result, &marker);
}

void* Idle(void*) { return nullptr; }

TEST(LibcWrappers, DetachAndSignalAThread) {
  EXPECT_TRUE(libc::pthread_kill(libc::pthread_self(), 0).ok()) << "signal 0: exists";
  EXPECT_NE(libc::pthread_equal(libc::pthread_self(), libc::pthread_self()), 0);
  pthread_t thread;
  ASSERT_TRUE(libc::pthread_create(&thread, nullptr, Idle, nullptr).ok());
  EXPECT_TRUE(libc::pthread_detach(thread).ok());
}

std::atomic<int> caught{0};
void Catch(int sig) { caught.store(sig); }

TEST(LibcWrappers, SignalsReachTheirHandler) {
  struct sigaction action = {}, old = {};
  action.sa_handler = Catch;
  ASSERT_TRUE(libc::sigaction(SIGUSR2, &action, &old).ok());
  ASSERT_TRUE(libc::raise(SIGUSR2).ok());
  EXPECT_EQ(caught.load(), SIGUSR2);

  // Blocked, then delivered by sigsuspend.
  caught.store(0);
  sigset_t block, previous, none;
  ASSERT_TRUE(libc::sigemptyset(As<libc::sigset_t>(&block)).ok());
  ASSERT_TRUE(libc::sigaddset(As<libc::sigset_t>(&block), SIGUSR2).ok());
  ASSERT_TRUE(
      libc::pthread_sigmask(SIG_BLOCK, As<libc::sigset_t>(&block), As<libc::sigset_t>(&previous))
          .ok());
  // To this thread, not the process: a process-directed signal may go to
  // any thread that has it unblocked, such as the detached one of the test
  // before, which under valgrind can outlive it (sigsuspend then waited
  // forever).
  ASSERT_TRUE(libc::pthread_kill(libc::pthread_self(), SIGUSR2).ok());
  EXPECT_EQ(caught.load(), 0) << "blocked";
  ASSERT_TRUE(libc::sigemptyset(As<libc::sigset_t>(&none)).ok());
  EXPECT_EQ(libc::sigsuspend(As<libc::sigset_t>(&none)).error(), EINTR);
  EXPECT_EQ(caught.load(), SIGUSR2);
  EXPECT_TRUE(libc::pthread_sigmask(SIG_SETMASK, As<libc::sigset_t>(&previous), nullptr).ok());
  EXPECT_TRUE(libc::sigaction(SIGUSR2, &old, nullptr).ok());
}

}  // namespace
