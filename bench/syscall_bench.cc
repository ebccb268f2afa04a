// SPDX-License-Identifier: Apache-2.0
// getppid in a loop: the cheapest system call, so what is measured is the
// cost of reaching the kernel and coming back, not the call's work.
//
// The typed API (sysgate::sys, whose getppid is the inline trap by default)
// and the explicit inline form are each paired with the same inline asm
// written by hand; glibc's syscall() and its own getppid() are there for
// reference.

#include <sys/syscall.h>
#include <unistd.h>

#include "benchmark/benchmark.h"
#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"

namespace {

void BM_getppid_sysgate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sysgate::sys::getppid());
}
BENCHMARK(BM_getppid_sysgate);

void BM_getppid_glibc_syscall(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(syscall(SYS_getppid));
}
BENCHMARK(BM_getppid_glibc_syscall);

void BM_getppid_sysgate_inline(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sysgate::sys_inline::getppid());
}
BENCHMARK(BM_getppid_sysgate_inline);

// What a hand-written x86-64 inline system call looks like (glibc's
// INTERNAL_SYSCALL): the number in rax, rcx and r11 clobbered by the
// instruction, memory clobbered because the kernel may write it.
long GetppidAsm() {
  long result = SYS_getppid;
  asm volatile("syscall" : "+a"(result) : : "rcx", "r11", "memory");
  return result;
}

void BM_getppid_asm(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(GetppidAsm());
}
BENCHMARK(BM_getppid_asm);

void BM_getppid_glibc(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(getppid());
}
BENCHMARK(BM_getppid_glibc);

}  // namespace
