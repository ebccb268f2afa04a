// SPDX-License-Identifier: Apache-2.0
// The few calls the raw-layer tests make whose row is not the same on every
// Linux architecture, spelled once here for the typed stubs (ArchCalls<Stubs>)
// and the inline form (ArchCalls<Inline>), so that each test checks the same
// thing everywhere. On a 32-bit architecture (ILP32):
//
// - clock_gettime takes the 32-bit-time old_timespec32, which ends in 2038;
//   the call that fills a __kernel_timespec (64-bit tv_sec) is
//   clock_gettime64 (403 on i386, Linux 5.1). Likewise timerfd_settime64
//   and timerfd_gettime64 (411 and 410) take __kernel_itimerspec.
// - the six-argument mmap is mmap2, its file offset in 4096-byte units
//   whatever the page size (mm/mmap.c, sys_mmap_pgoff); i386's own mmap (90)
//   is old_mmap, whose one argument is a struct of the six.
// - on linux/s390x, 64-bit, mmap is that old_mmap too
//   (SYSGATE_ARCH_MMAP_TAKES_STRUCT, from the signature of its row).
// - a 64-bit argument is two words, which a caller of the by-number form
//   passes itself: on i386 the low word first (the pair order of
//   tables/linux/386.abi, written down here independently of it so that a
//   wrong order there shows as a disagreement).

#ifndef SYSGATE_TESTS_ARCH_CALLS_H_
#define SYSGATE_TESTS_ARCH_CALLS_H_

#include <linux/time_types.h>

#include "sysgate/kernel/mman.h"
#include "sysgate/kernel_types.h"
#include "sysgate/result.h"
#include "sysgate/generated/linux/core_abi.h"
#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"

namespace sysgate_test {

// The by-number form's words for a 64-bit value `v`: one, or two in the
// architecture's order. A macro, since it is one argument or two.
#if __SIZEOF_LONG__ == 8
#define SYSGATE_TEST_WORDS64(v) static_cast<long>(v)
#else
// Two words in the ABI's order (its .abi's pair, in core_abi.h), after a
// padding word where a pair starts at an even register: every use here
// passes the value after three words.
#define SYSGATE_TEST_LOW64(v) static_cast<long>(static_cast<unsigned long long>(v))
#define SYSGATE_TEST_HIGH64(v) static_cast<long>(static_cast<unsigned long long>(v) >> 32)
#if SYSGATE_ARCH_PAIR_LOW_FIRST
#define SYSGATE_TEST_PAIR64(v) SYSGATE_TEST_LOW64(v), SYSGATE_TEST_HIGH64(v)
#else
#define SYSGATE_TEST_PAIR64(v) SYSGATE_TEST_HIGH64(v), SYSGATE_TEST_LOW64(v)
#endif
#if SYSGATE_ARCH_PAIR_EVEN
#define SYSGATE_TEST_WORDS64(v) 0L, SYSGATE_TEST_PAIR64(v)
#else
#define SYSGATE_TEST_WORDS64(v) SYSGATE_TEST_PAIR64(v)
#endif
#endif

inline constexpr bool kWords32 = __SIZEOF_LONG__ == 4;

// The call that answers the process's id: getpid, or on alpha, which has
// none, getxpid (whose second value, the parent's id in a4, no stub hands
// back). A macro, since it names a typed stub, an inline call and a number.
#ifdef SYSGATE_NR_getpid
#define SYSGATE_TEST_GETPID getpid
#else
#define SYSGATE_TEST_GETPID getxpid
#endif

// The names, numbers and unit of the calls below.
#if __SIZEOF_LONG__ == 8
#define SYSGATE_TEST_MMAP mmap
#define SYSGATE_TEST_CLOCK_GETTIME clock_gettime
#define SYSGATE_TEST_TIMERFD_SETTIME timerfd_settime
#define SYSGATE_TEST_TIMERFD_GETTIME timerfd_gettime
#else
#define SYSGATE_TEST_MMAP mmap2
#define SYSGATE_TEST_CLOCK_GETTIME clock_gettime64
#define SYSGATE_TEST_TIMERFD_SETTIME timerfd_settime64
#define SYSGATE_TEST_TIMERFD_GETTIME timerfd_gettime64
#endif
inline constexpr long kMmapNumber = sysgate::sys::nr::SYSGATE_TEST_MMAP;
inline constexpr long kClockGettimeNumber = sysgate::sys::nr::SYSGATE_TEST_CLOCK_GETTIME;
// What mmap's offset argument counts: bytes, or mmap2's 4096-byte units.
inline constexpr unsigned long kMmapOffsetUnit = kWords32 ? 4096 : 1;

// The arguments of the mmap call, typed (_ARGS) or by number (kMmapNumber,
// _WORDS): the six words, or on a 64-bit architecture whose mmap is
// old_mmap (s390x) a pointer to its struct of them (a default argument's
// temporary, which lives until the call has returned). On the 32-bit ones
// the call is mmap2, six words, whatever their mmap takes.
#if __SIZEOF_LONG__ == 8 && defined(SYSGATE_ARCH_MMAP_TAKES_STRUCT)
inline sysgate::kernel::mmap_arg_struct* OldMmapArgs(unsigned long addr, unsigned long len,
                                                     unsigned long prot, unsigned long flags,
                                                     unsigned long fd, unsigned long offset,
                                                     sysgate::kernel::mmap_arg_struct&& args = {}) {
  args = {addr, len, prot, flags, fd, offset};
  return &args;
}
#define SYSGATE_TEST_MMAP_ARGS(...) ::sysgate_test::OldMmapArgs(__VA_ARGS__)
#define SYSGATE_TEST_MMAP_WORDS(...) reinterpret_cast<long>(SYSGATE_TEST_MMAP_ARGS(__VA_ARGS__))
#else
#define SYSGATE_TEST_MMAP_ARGS(...) __VA_ARGS__
#define SYSGATE_TEST_MMAP_WORDS(...) __VA_ARGS__
#endif

struct Stubs {};
struct Inline {};

// ArchCalls<Stubs>::Mmap(...) goes through the stubs, ArchCalls<Inline> the
// inline form; the arguments are those of the 64-bit architectures' calls.
template <typename Form>
struct ArchCalls;

#define SYSGATE_TEST_ARCH_CALLS(Form, ns)                                                          \
  template <>                                                                                      \
  struct ArchCalls<Form> {                                                                         \
    static sysgate::Result<void*> Mmap(unsigned long addr, unsigned long len, unsigned long prot,  \
                                       unsigned long flags, unsigned long fd,                      \
                                       unsigned long offset) {                                     \
      return ns::SYSGATE_TEST_MMAP(                                                                \
          SYSGATE_TEST_MMAP_ARGS(addr, len, prot, flags, fd, offset / kMmapOffsetUnit));           \
    }                                                                                              \
    static sysgate::Result<long> ClockGettime(int clock, __kernel_timespec* ts) {                  \
      return ns::SYSGATE_TEST_CLOCK_GETTIME(                                                       \
          clock, reinterpret_cast<sysgate::kernel::kernel_timespec*>(ts));                         \
    }                                                                                              \
    static sysgate::Result<long> TimerfdSettime(int fd, int flags, const __kernel_itimerspec* t) { \
      return ns::SYSGATE_TEST_TIMERFD_SETTIME(                                                     \
          fd, flags, reinterpret_cast<const sysgate::kernel::kernel_itimerspec*>(t), nullptr);     \
    }                                                                                              \
    static sysgate::Result<long> TimerfdGettime(int fd, __kernel_itimerspec* t) {                  \
      return ns::SYSGATE_TEST_TIMERFD_GETTIME(                                                     \
          fd, reinterpret_cast<sysgate::kernel::kernel_itimerspec*>(t));                           \
    }                                                                                              \
  };

SYSGATE_TEST_ARCH_CALLS(Stubs, sysgate::sys_stub)
SYSGATE_TEST_ARCH_CALLS(Inline, sysgate::sys_inline)
#undef SYSGATE_TEST_ARCH_CALLS
#undef SYSGATE_TEST_MMAP
#undef SYSGATE_TEST_CLOCK_GETTIME
#undef SYSGATE_TEST_TIMERFD_SETTIME
#undef SYSGATE_TEST_TIMERFD_GETTIME

}  // namespace sysgate_test

#endif  // SYSGATE_TESTS_ARCH_CALLS_H_
