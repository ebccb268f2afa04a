// SPDX-License-Identifier: Apache-2.0
// sysgate::ToStatus and ToStatusOr: a Result as an absl::Status. Abseil is
// Debian's x86-64 library here, so this runs on x86-64 only.

#include "sysgate/status.h"

#include <cerrno>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "sysgate/result.h"

namespace {

using sysgate::Result;

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

TEST(Status, ConvertsAResultWithNoValue) {
  EXPECT_TRUE(sysgate::ToStatus(Result<void>::Ok(), "close").ok());
  absl::Status s = sysgate::ToStatus(Result<void>::Error(EBADF), "close");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "close: EBADF (Bad file descriptor)");
}

TEST(Status, NamesAnErrnoTheTableLacksByNumber) {
  absl::Status s = sysgate::ToStatus(Result<long>(-999), "ioctl");
  EXPECT_EQ(s.code(), absl::ErrnoToStatusCode(999));
  EXPECT_EQ(s.message(), "ioctl: errno 999");
}

}  // namespace
