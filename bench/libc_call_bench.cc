// SPDX-License-Identifier: Apache-2.0
// A libc call through sysgate's trampoline and LibcCall guard against the
// same function called directly: what the guard's record (two stores on
// entry, two on return, a depth counter) and the argument block cost.
// getppid, so that what is measured is the call path, not the work.

#include <unistd.h>

#include "benchmark/benchmark.h"
#include "sysgate/libcall/libc.h"

namespace {

void BM_libc_getppid_sysgate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sysgate::libc::getppid());
}
BENCHMARK(BM_libc_getppid_sysgate);

void BM_libc_getppid_glibc(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(getppid());
}
BENCHMARK(BM_libc_getppid_glibc);

}  // namespace
