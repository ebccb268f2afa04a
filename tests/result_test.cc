#include "sysgate/result.h"

#include <cerrno>
#include <type_traits>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "sysgate/status.h"

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

TEST(Result, HighAddressesAreValues) {
  // mmap may return addresses with the top bit set on some kernels' layouts.
  const long high = static_cast<long>(0xffff'8000'0000'0000UL);
  Result<void*> r(high);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(reinterpret_cast<unsigned long>(r.value()), 0xffff'8000'0000'0000UL);
}

TEST(Result, ErrorAndValueOr) {
  auto r = Result<int>::Error(ENOENT);
  EXPECT_EQ(r.raw(), -ENOENT);
  EXPECT_EQ(r.value_or(-7), -7);
  EXPECT_EQ(Result<int>(3).value_or(-7), 3);
}

TEST(Status, ConvertsErrnoToAbslCodes) {
  EXPECT_TRUE(sysgate::ToStatus(Result<long>(0), "close").ok());
  absl::Status s = sysgate::ToStatus(Result<long>(-ENOENT), "openat");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "openat: ENOENT (No such file or directory)");
  auto value = sysgate::ToStatusOr(Result<int>(5), "dup");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 5);
  EXPECT_EQ(sysgate::ToStatusOr(Result<int>(-EBADF), "dup").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Status, NamesAnErrnoTheTableLacksByNumber) {
  absl::Status s = sysgate::ToStatus(Result<long>(-999), "ioctl");
  EXPECT_EQ(s.code(), absl::ErrnoToStatusCode(999));
  EXPECT_EQ(s.message(), "ioctl: errno 999");
}

}  // namespace
