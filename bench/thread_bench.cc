// SPDX-License-Identifier: Apache-2.0
// Starting a thread that does nothing and waiting for it to end: the fixed
// cost a runtime pays per OS thread.

#include <pthread.h>

#include "benchmark/benchmark.h"
#include "sysgate/thread.h"

namespace {

void Nothing(void*) {}

void* NothingPthread(void*) { return nullptr; }

void BM_spawn_join_sysgate(benchmark::State& state) {
  const sysgate::ThreadOptions options;
  for (auto _ : state) {
    auto thread = sysgate::SpawnOsThread(options, Nothing, nullptr);
    if (!thread.ok()) {
      state.SkipWithError("SpawnOsThread failed");
      break;
    }
    if (!sysgate::JoinOsThread(thread.value()).ok()) {
      state.SkipWithError("JoinOsThread failed");
      break;
    }
  }
}
BENCHMARK(BM_spawn_join_sysgate)->UseRealTime();

void BM_spawn_join_pthread(benchmark::State& state) {
  for (auto _ : state) {
    pthread_t thread;
    if (pthread_create(&thread, nullptr, NothingPthread, nullptr) != 0) {
      state.SkipWithError("pthread_create failed");
      break;
    }
    pthread_join(thread, nullptr);
  }
}
BENCHMARK(BM_spawn_join_pthread)->UseRealTime();

}  // namespace
