// sysgate::Result, the raw layer's return type: freestanding, so this runs
// on every architecture (sysgate::ToStatus, over Abseil, is status_test).

#include "sysgate/result.h"

#include <cerrno>
#include <type_traits>

#include "gtest/gtest.h"

namespace {

using sysgate::Result;

static_assert(std::is_trivially_copyable_v<Result<long>>);
static_assert(sizeof(Result<void*>) == sizeof(long));

TEST(Result, SplitsTheKernelRegisterAtMinus4095) {
  EXPECT_TRUE(Result<long>(0).ok());
  EXPECT_TRUE(Result<long>(12345).ok());
  EXPECT_TRUE(Result<long>(-4096).ok()) << "below the errno range: a value";
  EXPECT_FALSE(Result<long>(-4095).ok());
  EXPECT_EQ(Result<long>(-4095).error(), 4095);
  EXPECT_FALSE(Result<long>(-1).ok());
  EXPECT_EQ(Result<long>(-EBADF).error(), EBADF);
  EXPECT_EQ(Result<long>(7).error(), 0);
}

// mmap may return addresses with the top bit set: on some x86-64 kernels'
// layouts, and on a 32-bit architecture whenever the top half of the address
// space is the process's (an i386 program on an x86-64 kernel may map pages
// up to 0xffffe000, its last one at 0xffffd000, just below the errno range).
#if __SIZEOF_LONG__ == 8
constexpr unsigned long kHighAddress = 0xffff'8000'0000'0000UL;
#else
constexpr unsigned long kHighAddress = 0xffff'd000UL;
#endif

TEST(Result, HighAddressesAreValues) {
  const long high = static_cast<long>(kHighAddress);
  Result<void*> r(high);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(reinterpret_cast<unsigned long>(r.value()), kHighAddress);
}

TEST(Result, ErrorAndValueOr) {
  auto r = Result<int>::Error(ENOENT);
  EXPECT_EQ(r.raw(), -ENOENT);
  EXPECT_EQ(r.value_or(-7), -7);
  EXPECT_EQ(Result<int>(3).value_or(-7), 3);
}

}  // namespace
