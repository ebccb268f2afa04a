// SPDX-License-Identifier: Apache-2.0
// sysgate's errno table against glibc's: every number glibc names, sysgate
// names the same, with glibc's description, and no other.

#include "sysgate/errno_name.h"

#include <errno.h>
#include <string.h>

#include "gtest/gtest.h"

namespace {

// Past the last errno of any Linux architecture (133), and negative.
constexpr int kFirst = -8;
constexpr int kLast = 4200;

TEST(ErrnoName, MatchesGlibcForEveryNumber) {
  int named = 0;
  for (int e = kFirst; e <= kLast; ++e) {
    // glibc names 0 "0" ("Success"); it is not an error, so sysgate has no
    // row for it (checked below).
    if (e == 0) continue;
    const char* glibc = strerrorname_np(e);
    const char* ours = sysgate::ErrnoName(e);
    if (glibc == nullptr) {
      EXPECT_EQ(ours, nullptr) << e << " is " << ours << " in tables/linux/errno.tbl only";
      EXPECT_EQ(sysgate::ErrnoDescription(e), nullptr) << e;
      continue;
    }
    ++named;
    ASSERT_NE(ours, nullptr) << e << " (" << glibc << ") is missing from tables/linux/errno.tbl";
    EXPECT_STREQ(ours, glibc) << e;
    EXPECT_STREQ(sysgate::ErrnoDescription(e), strerrordesc_np(e)) << e;
  }
  // glibc 2.36 names 1-133 less 41 and 58 (unused); an empty table would
  // pass the loop.
  EXPECT_GE(named, 131);
}

TEST(ErrnoName, KnowsTheCommonOnes) {
  EXPECT_STREQ(sysgate::ErrnoName(ENOENT), "ENOENT");
  EXPECT_STREQ(sysgate::ErrnoDescription(ENOENT), "No such file or directory");
  EXPECT_STREQ(sysgate::ErrnoName(EWOULDBLOCK), "EAGAIN");
  EXPECT_EQ(sysgate::ErrnoName(0), nullptr);
}

}  // namespace
