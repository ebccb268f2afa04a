// SPDX-License-Identifier: Apache-2.0
// Reading the monotonic clock: both go through the vDSO, so what is compared
// is the path to it (sysgate's symbol table lookup against glibc's).

#include <time.h>

#include "benchmark/benchmark.h"
#include "sysgate/time.h"

namespace {

void BM_monotonic_clock_sysgate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sysgate::MonotonicNanos());
}
BENCHMARK(BM_monotonic_clock_sysgate);

void BM_monotonic_clock_glibc(benchmark::State& state) {
  for (auto _ : state) {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    benchmark::DoNotOptimize(now.tv_sec * sysgate::kNanosPerSecond + now.tv_nsec);
  }
}
BENCHMARK(BM_monotonic_clock_glibc);

}  // namespace
