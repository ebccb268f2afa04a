// SPDX-License-Identifier: Apache-2.0
// sysgate::Result, the raw layer's return type: freestanding, so this runs
// on every architecture (sysgate::ToStatus, over Abseil, is status_test).

#include "sysgate/result.h"

#include <cerrno>
#include <type_traits>

#include "gtest/gtest.h"

namespace {

using sysgate::Result;

static_assert(std::is_trivially_copyable_v<Result<long>>);
static_assert(std::is_trivially_copyable_v<Result<void>>);
static_assert(sizeof(Result<void*>) == sizeof(sysgate::Word));

// Implicitly, only where every value fits; Result<void> keeps the error of
// anything, but only when asked to.
static_assert(std::is_convertible_v<Result<int>, Result<long>>);
static_assert(std::is_convertible_v<Result<unsigned short>, Result<int>>);
static_assert(std::is_convertible_v<Result<unsigned int>, Result<unsigned long>>);
static_assert(std::is_convertible_v<Result<unsigned int>, Result<long>> ==
              (sizeof(long) > sizeof(unsigned int)));
static_assert(!std::is_constructible_v<Result<int>, Result<long>>,
              "would cut the value on 64-bit architectures, so on none");
static_assert(!std::is_constructible_v<Result<long>, Result<long long>>, "the same");
static_assert(!std::is_constructible_v<Result<long>, Result<unsigned long>>, "would change it");
static_assert(!std::is_constructible_v<Result<unsigned long>, Result<long>>, "would change it");
static_assert(!std::is_constructible_v<Result<unsigned int>, Result<int>>, "would change it");
static_assert(!std::is_constructible_v<Result<long>, Result<void*>>, "an address is no count");
static_assert(!std::is_convertible_v<Result<long>, Result<void>>, "drops the value");
static_assert(std::is_constructible_v<Result<void>, Result<long>>);
static_assert(std::is_constructible_v<Result<void>, Result<void*>>);

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

TEST(Result, WideningKeepsTheValueAndTheError) {
  const Result<long> value = Result<int>::Ok(-5000);
  EXPECT_TRUE(value.ok());
  EXPECT_EQ(value.value(), -5000);
  const Result<long> error = Result<int>::Error(ENOENT);
  EXPECT_EQ(error.error(), ENOENT);
  const Result<unsigned long> big = Result<unsigned int>::Ok(0xffff'0000U);
  EXPECT_TRUE(big.ok());
  EXPECT_EQ(big.value(), 0xffff'0000UL);
}

TEST(Result, VoidKeepsOnlyTheError) {
  EXPECT_TRUE(Result<void>::Ok().ok());
  EXPECT_EQ(Result<void>::Ok().error(), 0);
  EXPECT_EQ(Result<void>::Error(EBADF).error(), EBADF);
  EXPECT_TRUE(Result<void>(Result<long>(12345)).ok());
  EXPECT_EQ(Result<void>(Result<long>(-EBADF)).error(), EBADF);
  EXPECT_EQ(Result<void>(Result<void*>::Error(ENOMEM)).error(), ENOMEM);
  EXPECT_TRUE(Result<void>(Result<void*>(static_cast<long>(kHighAddress))).ok())
      << "an address with the top bit set is a value";
}

TEST(Result, OkHoldsTheValue) {
  int object = 0;
  EXPECT_EQ(Result<int*>::Ok(&object).value(), &object);
  EXPECT_EQ(Result<int>::Ok(-4096).value(), -4096);
  EXPECT_EQ(Result<unsigned int>::Ok(7).raw(), 7);
}

TEST(Result, ErrorAndValueOr) {
  auto r = Result<int>::Error(ENOENT);
  EXPECT_EQ(r.raw(), -ENOENT);
  EXPECT_EQ(r.value_or(-7), -7);
  EXPECT_EQ(Result<int>(3).value_or(-7), 3);
}

}  // namespace
