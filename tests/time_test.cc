// Clocks through the vDSO (or the system call where there is none), and
// sleeping.

#include <linux/auxvec.h>
#include <sys/auxv.h>
#include <time.h>


#include "gtest/gtest.h"
#include "sysgate/process/auxv.h"
#include "sysgate/time.h"
#include "sysgate/time/vdso.h"

namespace {

long GlibcNanos(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec * sysgate::kNanosPerSecond + ts.tv_nsec;
}

TEST(Auxv, AgreesWithGetauxval) {
  EXPECT_EQ(sysgate::AuxvValue(AT_PAGESZ), getauxval(AT_PAGESZ));
  EXPECT_EQ(sysgate::AuxvValue(AT_SYSINFO_EHDR), getauxval(AT_SYSINFO_EHDR));
  EXPECT_EQ(sysgate::AuxvValue(AT_UID), getauxval(AT_UID));
  EXPECT_EQ(sysgate::AuxvValue(0x7fffffff), 0u) << "an entry the kernel never gives";
}

// Found whenever the process was given one. qemu-user before 8.1 gives its
// guests none, and valgrind hides the kernel's: then sysgate finds none
// either, and the clocks fall back to the system call.
TEST(Vdso, FoundWhenTheProcessHasOne) {
  const sysgate::VdsoSymbols& vdso = sysgate::Vdso();
  if (getauxval(AT_SYSINFO_EHDR) == 0) {
    EXPECT_EQ(vdso.clock_gettime, nullptr);
    GTEST_SKIP() << "this process was given no vDSO (an emulator, or valgrind)";
  }
  ASSERT_NE(vdso.clock_gettime, nullptr);
  EXPECT_NE(vdso.gettimeofday, nullptr);
  EXPECT_NE(vdso.clock_getres, nullptr);
#if defined(__x86_64__)
  EXPECT_NE(vdso.time, nullptr);
  EXPECT_NE(vdso.getcpu, nullptr);
#endif
  // The vDSO's own answer, compared with glibc's (which uses it too).
  timespec ts{};
  ASSERT_EQ(vdso.clock_gettime(CLOCK_REALTIME, &ts), 0);
  EXPECT_NEAR(static_cast<double>(ts.tv_sec), static_cast<double>(time(nullptr)), 1.0);
  EXPECT_EQ(vdso.clock_gettime(-1, &ts), -EINVAL) << "errors as -errno, from the fallback";
}

TEST(Vdso, RejectsWhatIsNotAnElfImage) {
  sysgate::VdsoSymbols symbols;
  const char not_elf[64] = "not an ELF image";
  EXPECT_FALSE(sysgate::ParseVdso(not_elf, &symbols));
  EXPECT_EQ(symbols.clock_gettime, nullptr);
  EXPECT_FALSE(sysgate::ParseVdso(nullptr, &symbols));
}

TEST(Time, MonotonicAgreesWithClockGettimeAndNeverGoesBack) {
  const long before = GlibcNanos(CLOCK_MONOTONIC);
  long previous = sysgate::MonotonicNanos();
  for (int i = 0; i < 100000; ++i) {
    const long now = sysgate::MonotonicNanos();
    ASSERT_GE(now, previous);
    previous = now;
  }
  const long after = GlibcNanos(CLOCK_MONOTONIC);
  EXPECT_GE(previous, before);
  EXPECT_LE(previous, after);
}

TEST(Time, WallAgreesWithClockGettime) {
  const long before = GlibcNanos(CLOCK_REALTIME);
  const long wall = sysgate::WallNanos();
  const long after = GlibcNanos(CLOCK_REALTIME);
  EXPECT_GE(wall, before);
  EXPECT_LE(wall, after);
}

TEST(Time, SleepSleepsAtLeastThatLong) {
  const long start = sysgate::MonotonicNanos();
  ASSERT_TRUE(sysgate::SleepNanos(20'000'000).ok());
  const long slept = sysgate::MonotonicNanos() - start;
  EXPECT_GE(slept, 20'000'000);
  EXPECT_LT(slept, 2 * sysgate::kNanosPerSecond);
  EXPECT_EQ(sysgate::SleepNanos(-1).error(), EINVAL);
}

}  // namespace
