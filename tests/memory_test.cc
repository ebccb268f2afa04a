// SPDX-License-Identifier: Apache-2.0
// Reserve, commit, decommit, protect, advise, release; and OwnedMapping,
// which releases what it owns.

#include "sysgate/memory.h"

#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

#include "gtest/gtest.h"
#include "sysgate/owned_mapping.h"

namespace {

using sysgate::PageSize;

// The line of /proc/self/maps that covers `address`, or "".
std::string MappingOf(const void* address) {
  std::ifstream maps("/proc/self/maps");
  const auto a = reinterpret_cast<unsigned long>(address);
  for (std::string line; std::getline(maps, line);) {
    unsigned long start = 0, end = 0;
    char dash;
    std::istringstream(line) >> std::hex >> start >> dash >> end;
    if (start <= a && a < end) return line;
  }
  return "";
}

// qemu-user's /proc/self/maps for a 32-bit guest (qemu-arm here) leaves out
// a PROT_NONE mapping whose host mapping merged with the PROT_NONE region
// qemu reserves for the guest's whole address space: that host line then
// covers pages the guest never mapped, and qemu drops it. A 64-bit guest
// has no such reservation, and a native run has no qemu.
bool MapsShowEveryInaccessibleMapping() {
  return sizeof(void*) == 8 || std::getenv("SYSGATE_TARGET_RUNNER") == nullptr;
}

// Whether the line for `address` says it has no access; where qemu may drop
// such lines (above), a missing line says so too, and only an accessible
// one does not.
bool ShownInaccessible(const void* address) {
  const std::string line = MappingOf(address);
  if (line.find("---p") != std::string::npos) return true;
  return line.empty() && !MapsShowEveryInaccessibleMapping();
}

TEST(Memory, PageSizeIsAPowerOfTwo) {
  const unsigned long page = PageSize();
  EXPECT_GE(page, 4096u);
  EXPECT_EQ(page & (page - 1), 0u);
}

TEST(Memory, ReserveCommitUseDecommitRelease) {
  const unsigned long size = 16 * PageSize();
  auto reserved = sysgate::Reserve(size);
  ASSERT_TRUE(reserved.ok()) << reserved.error();
  char* base = static_cast<char*>(reserved.value());
  EXPECT_TRUE(ShownInaccessible(base)) << MappingOf(base);

  char* middle = base + 4 * PageSize();
  ASSERT_TRUE(sysgate::Commit(middle, 2 * PageSize()).ok());
  EXPECT_NE(MappingOf(middle).find("rw-p"), std::string::npos) << MappingOf(middle);
  EXPECT_EQ(middle[0], 0) << "committed pages read as zero";
  middle[0] = 42;
  middle[2 * PageSize() - 1] = 43;

  ASSERT_TRUE(sysgate::Decommit(middle, 2 * PageSize()).ok());
  EXPECT_TRUE(ShownInaccessible(middle)) << MappingOf(middle);
  ASSERT_TRUE(sysgate::Commit(middle, 2 * PageSize()).ok());
  EXPECT_EQ(middle[0], 0) << "decommitted contents are gone";

  ASSERT_TRUE(sysgate::Release(base, size).ok());
  EXPECT_EQ(MappingOf(base), "");
}

TEST(Memory, WriteToAProtectedPageFaults) {
  auto reserved = sysgate::Reserve(PageSize());
  ASSERT_TRUE(reserved.ok());
  char* page = static_cast<char*>(reserved.value());
  ASSERT_TRUE(sysgate::Commit(page, PageSize()).ok());
  page[0] = 1;
  ASSERT_TRUE(sysgate::Protect(page, PageSize(), sysgate::kProtectRead).ok());
  EXPECT_EQ(page[0], 1) << "still readable";
  EXPECT_EXIT(
      {
        signal(SIGSEGV, SIG_DFL);  // not a sanitizer's report: the signal itself
        *static_cast<volatile char*>(page) = 2;
        _exit(0);
      },
      testing::KilledBySignal(SIGSEGV), "");
  ASSERT_TRUE(sysgate::Release(page, PageSize()).ok());
}

TEST(Memory, AdviseAcceptsEachAdvice) {
  const unsigned long size = 4 * PageSize();
  auto reserved = sysgate::Reserve(size);
  ASSERT_TRUE(reserved.ok());
  ASSERT_TRUE(sysgate::Commit(reserved.value(), size).ok());
  for (auto advice :
       {sysgate::Advice::kNormal, sysgate::Advice::kSequential, sysgate::Advice::kRandom,
        sysgate::Advice::kWillNeed, sysgate::Advice::kDontNeed, sysgate::Advice::kFree}) {
    EXPECT_TRUE(sysgate::Advise(reserved.value(), size, advice).ok()) << static_cast<int>(advice);
  }
  ASSERT_TRUE(sysgate::Release(reserved.value(), size).ok());
}

TEST(Memory, ErrorsAreValues) {
  char unaligned[2];
  EXPECT_EQ(sysgate::Commit(unaligned + 1, PageSize()).error(), EINVAL);
  EXPECT_EQ(sysgate::Reserve(0).error(), EINVAL);
}

using sysgate::OwnedMapping;

static_assert(!std::is_copy_constructible_v<OwnedMapping> &&
              !std::is_copy_assignable_v<OwnedMapping>);
static_assert(std::is_nothrow_move_constructible_v<OwnedMapping> &&
              std::is_nothrow_move_assignable_v<OwnedMapping>);

// Reserved pages with the first committed, so that /proc/self/maps shows
// them wherever the test runs (qemu-user may hide inaccessible ones).
OwnedMapping NewMapping(unsigned long size) {
  auto reserved = sysgate::Reserve(size);
  if (!reserved.ok()) return OwnedMapping();
  EXPECT_TRUE(sysgate::Commit(reserved.value(), PageSize()).ok());
  return OwnedMapping(reserved.value(), size);
}

TEST(OwnedMapping, DestructionReleases) {
  void* address = nullptr;
  {
    OwnedMapping owned = NewMapping(4 * PageSize());
    address = owned.get();
    ASSERT_NE(address, nullptr);
    EXPECT_EQ(owned.size(), 4 * PageSize());
    EXPECT_NE(MappingOf(address), "");
  }
  EXPECT_EQ(MappingOf(address), "");
}

TEST(OwnedMapping, MoveLeavesTheSourceEmpty) {
  OwnedMapping from = NewMapping(PageSize());
  void* const address = from.get();
  ASSERT_NE(address, nullptr);
  {
    OwnedMapping to(std::move(from));
    EXPECT_EQ(from.get(), nullptr);
    EXPECT_EQ(from.size(), 0u);
    EXPECT_EQ(to.get(), address);
    OwnedMapping assigned;
    assigned = std::move(to);
    EXPECT_EQ(to.get(), nullptr);
    EXPECT_EQ(assigned.get(), address);
    EXPECT_EQ(assigned.size(), PageSize());
    EXPECT_NE(MappingOf(address), "");
  }
  EXPECT_EQ(MappingOf(address), "") << "released by its last owner";
}

TEST(OwnedMapping, MoveAssignmentReleasesWhatItHeld) {
  OwnedMapping owned = NewMapping(PageSize());
  void* const first = owned.get();
  OwnedMapping second = NewMapping(PageSize());
  void* const second_address = second.get();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second_address, nullptr);
  owned = std::move(second);
  EXPECT_EQ(MappingOf(first), "");
  EXPECT_EQ(owned.get(), second_address);
  EXPECT_NE(MappingOf(second_address), "");
}

TEST(OwnedMapping, ReleaseGivesUpOwnership) {
  void* released = nullptr;
  {
    OwnedMapping owned = NewMapping(PageSize());
    ASSERT_NE(owned.get(), nullptr);
    released = owned.release();
    EXPECT_EQ(owned.get(), nullptr);
    EXPECT_EQ(owned.size(), 0u);
  }
  EXPECT_NE(MappingOf(released), "") << "released from ownership, so not unmapped";
  ASSERT_TRUE(sysgate::Release(released, PageSize()).ok());
}

TEST(OwnedMapping, ResetReleasesTheOldOne) {
  OwnedMapping owned = NewMapping(PageSize());
  void* const first = owned.get();
  OwnedMapping other = NewMapping(PageSize());
  const unsigned long size = other.size();
  void* const second = other.release();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  owned.reset(second, size);
  EXPECT_EQ(MappingOf(first), "");
  EXPECT_EQ(owned.get(), second);
  owned.reset(second, size);
  EXPECT_NE(MappingOf(second), "") << "reset to the range it holds releases nothing";
  owned.reset();
  EXPECT_EQ(MappingOf(second), "");
  EXPECT_EQ(owned.get(), nullptr);
}

}  // namespace
