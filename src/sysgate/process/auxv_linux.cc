// SPDX-License-Identifier: Apache-2.0
// AuxvValue (auxv.h) on Linux, in both backends (the vDSO lookup, the raw
// threads, the raw backend's page size): the initial stack or
// /proc/self/auxv, read with raw system calls, so that nothing needs libc's
// getauxval.

#include <linux/auxvec.h>
#include <linux/fcntl.h>

#include "sysgate/process/auxv.h"
#include "sysgate/syscalls.h"

namespace sysgate {
namespace {

// Entries are (type, value) pairs ending with AT_NULL; Linux gives fewer than
// 64 of them (AT_VECTOR_SIZE_BASE is 22 plus a few per architecture).
constexpr int kMaxEntries = 64;

struct Auxv {
  unsigned long entries[kMaxEntries][2];
};

// 0: not read yet; 1: being read; 2: `auxv` is complete.
int state = 0;
Auxv auxv;
const unsigned long* initial_stack_auxv = nullptr;

// Fills `out` from /proc/self/auxv, always terminated (empty if unreadable).
void ReadProcSelfAuxv(Auxv* out) {
  unsigned long have = 0;
  auto fd = sys::openat(AT_FDCWD, "/proc/self/auxv", O_RDONLY | O_CLOEXEC, 0);
  if (fd.ok()) {
    char* bytes = reinterpret_cast<char*>(out->entries);
    // Room for all but the last pair, which terminates the vector.
    const unsigned long room = sizeof out->entries - sizeof out->entries[0];
    while (have < room) {
      auto n = sys::read(fd.value(), bytes + have, room - have);
      if (!n.ok() || n.value() == 0) break;
      have += n.value();
    }
    (void)sys::close(fd.value());  // read-only: a close error loses nothing
  }
  out->entries[have / sizeof out->entries[0]][0] = AT_NULL;
}

unsigned long Find(const unsigned long* entry, unsigned long type) {
  for (; entry[0] != AT_NULL; entry += 2) {
    if (entry[0] == type) return entry[1];
  }
  return 0;
}

}  // namespace

unsigned long AuxvValue(unsigned long type) {
  if (const unsigned long* v = __atomic_load_n(&initial_stack_auxv, __ATOMIC_ACQUIRE)) {
    return Find(v, type);
  }
  if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) == 2) return Find(&auxv.entries[0][0], type);
  // The first caller reads the file into `auxv` and publishes it. One that
  // comes while that is under way reads its own copy rather than wait on a
  // reader that a signal handler may have interrupted.
  int expected = 0;
  if (__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQUIRE,
                                  __ATOMIC_RELAXED)) {
    ReadProcSelfAuxv(&auxv);
    __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
    return Find(&auxv.entries[0][0], type);
  }
  if (expected == 2) return Find(&auxv.entries[0][0], type);
  Auxv own;
  ReadProcSelfAuxv(&own);
  return Find(&own.entries[0][0], type);
}

void UseInitialStack(const SysgateInitialStack* stack) {
  // After argv's null comes envp, ending with a null, then the vector.
  char* const* p = stack->argv + stack->argc + 1;
  while (*p != nullptr) ++p;
  __atomic_store_n(&initial_stack_auxv, reinterpret_cast<const unsigned long*>(p + 1),
                   __ATOMIC_RELEASE);
}

}  // namespace sysgate
