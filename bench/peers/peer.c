// SPDX-License-Identifier: Apache-2.0
// The C peers of bench/peers/peers.py, built with musl (musl-gcc -static)
// and with the kernel's nolibc (-include nolibc.h -nostdlib -static).
// `peer MODE COUNT` prints the median nanoseconds per call of five runs of
// COUNT calls:
//   getppid   the C library's getppid()
//   clock     CLOCK_MONOTONIC: musl's clock_gettime (the vDSO); nolibc has
//             no clock_gettime, so the system call
//   count     COUNT getppid calls and nothing else, for callgrind
//   pingpong  (musl) a turn handed back and forth between two threads with
//             a pthread mutex and condition variable, per round trip

#ifdef NOLIBC
// nolibc: its headers are the whole library, included first (-include
// nolibc.h, which defines NOLIBC).
static long Clock(struct timespec* now) {
  return my_syscall2(__NR_clock_gettime, CLOCK_MONOTONIC, now);
}
#else
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static long Clock(struct timespec* now) { return clock_gettime(CLOCK_MONOTONIC, now); }
#endif

#define RUNS 5

static long Nanos(void) {
  struct timespec now;
  Clock(&now);
  return now.tv_sec * 1000000000L + now.tv_nsec;
}

static void Getppid(long count) {
  for (long i = 0; i < count; ++i) {
    long ppid = getppid();
    __asm__ volatile("" : : "r"(ppid));
  }
}

static void ReadClock(long count) {
  for (long i = 0; i < count; ++i) {
    struct timespec now;
    Clock(&now);
    __asm__ volatile("" : : "r"(&now) : "memory");
  }
}

#ifndef NOLIBC
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t partner_turn = PTHREAD_COND_INITIALIZER;
static pthread_cond_t main_turn = PTHREAD_COND_INITIALIZER;
static int partners;  // whose turn: the partner's (1) or main's (0)

static void* Partner(void* arg) {
  long count = *(long*)arg;
  pthread_mutex_lock(&mutex);
  for (long i = 0; i < count; ++i) {
    while (!partners) pthread_cond_wait(&partner_turn, &mutex);
    partners = 0;
    pthread_cond_signal(&main_turn);
  }
  pthread_mutex_unlock(&mutex);
  return 0;
}

static void PingPong(long count) {
  pthread_t partner;
  pthread_create(&partner, 0, Partner, &count);
  pthread_mutex_lock(&mutex);
  for (long i = 0; i < count; ++i) {
    partners = 1;
    pthread_cond_signal(&partner_turn);
    while (partners) pthread_cond_wait(&main_turn, &mutex);
  }
  pthread_mutex_unlock(&mutex);
  pthread_join(partner, 0);
}
#endif

static long Median(long* values) {
  for (int i = 1; i < RUNS; ++i) {
    for (int j = i; j > 0 && values[j - 1] > values[j]; --j) {
      long swap = values[j];
      values[j] = values[j - 1];
      values[j - 1] = swap;
    }
  }
  return values[RUNS / 2];
}

static int Same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const char* mode = argv[1];
  long count = atol(argv[2]);
  void (*run)(long) = 0;
  if (Same(mode, "getppid")) run = Getppid;
  if (Same(mode, "clock")) run = ReadClock;
#ifndef NOLIBC
  if (Same(mode, "pingpong")) run = PingPong;
#endif
  if (Same(mode, "count")) {
    Getppid(count);
    return 0;
  }
  if (run == 0 || count <= 0) return 2;
  long tenths[RUNS];  // tenths of a nanosecond per call
  for (int i = 0; i < RUNS; ++i) {
    long start = Nanos();
    run(count);
    tenths[i] = (Nanos() - start) * 10 / count;
  }
  long median = Median(tenths);
  printf("%ld.%ld\n", median / 10, median % 10);
  return 0;
}
