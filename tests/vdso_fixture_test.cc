// SPDX-License-Identifier: Apache-2.0
// ParseVdso against stand-ins for the kernel's vDSO (tests/vdso_fixture/),
// built for the target with its names and symbol version: __vdso_* at
// LINUX_2.6 on x86-64, __kernel_* at LINUX_2.6.39 on arm64, __vdso_* at
// LINUX_4.15 on riscv64, __kernel_* at LINUX_2.6.29 on s390x (big-endian,
// 64-bit DT_HASH words), __vdso_* at LINUX_2.6 (clock_gettime64 for the
// clock) on 386 and arm. qemu-user gives its guests no vDSO, so without
// these the arm64, riscv64 and s390x lookups never run; natively they also cover
// the hash table styles the running kernel's vDSO does not use.
//
// Each fixture is mapped as it is, executable, as the kernel maps the vDSO;
// every function found is called, and must return its own marker.

#include <fcntl.h>
#include <linux/auxvec.h>
#include <linux/elf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sysgate/process/auxv.h"
#include "sysgate/time/vdso.h"
#include "tests/vdso_fixture/markers.h"

namespace {

class MappedFile {
 public:
  explicit MappedFile(const char* path) {
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st = {};
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      void* base = mmap(nullptr, st.st_size, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
      if (base != MAP_FAILED) base_ = base, size_ = st.st_size;
    }
    close(fd);
  }
  ~MappedFile() {
    if (base_ != nullptr) munmap(base_, size_);
  }
  const void* base() const { return base_; }
  unsigned long size() const { return size_; }
  bool Contains(const void* p) const {
    const auto at = reinterpret_cast<unsigned long>(p),
               start = reinterpret_cast<unsigned long>(base_);
    return at >= start && at < start + size_;
  }

 private:
  void* base_ = nullptr;
  unsigned long size_ = 0;
};

// The dynamic tags of the image at `base` (its PT_DYNAMIC, which the
// fixture's one PT_LOAD maps at offset 0).
std::vector<long> DynamicTags(const void* base) {
#if __SIZEOF_POINTER__ == 8
  using Ehdr = Elf64_Ehdr;
  using Phdr = Elf64_Phdr;
  using Dyn = Elf64_Dyn;
#else
  using Ehdr = Elf32_Ehdr;
  using Phdr = Elf32_Phdr;
  using Dyn = Elf32_Dyn;
#endif
  const auto* ehdr = static_cast<const Ehdr*>(base);
  const auto* phdrs = reinterpret_cast<const Phdr*>(static_cast<const char*>(base) + ehdr->e_phoff);
  std::vector<long> tags;
  for (int i = 0; i < ehdr->e_phnum; ++i) {
    if (phdrs[i].p_type != PT_DYNAMIC) continue;
    for (const auto* d = reinterpret_cast<const Dyn*>(static_cast<const char*>(base) + phdrs[i].p_offset);
         d->d_tag != DT_NULL; ++d) {
      tags.push_back(static_cast<long>(d->d_tag));
    }
  }
  return tags;
}

// DT_MIPS_XHASH (<elf.h>, binutils 2.35): what mips's ld writes for
// --hash-style=gnu in place of DT_GNU_HASH.
constexpr long kDtMipsXhash = 0x70000036;
// DT_GNU_HASH (<elf.h>; the uapi's linux/elf.h has no name for it).
constexpr long kDtGnuHash = 0x6ffffef5;

// tests/BUILD.bazel's vdso_fixture_STYLE_hash, in the test's runfiles.
class VdsoFixture : public ::testing::TestWithParam<const char*> {
 protected:
  std::string Path() const { return std::string("tests/vdso_fixture/") + GetParam() + "_hash.so"; }

  void SetUp() override {
    MappedFile file(Path().c_str());
    if (file.base() == nullptr) return;  // the test says so
    const std::vector<long> tags = DynamicTags(file.base());
    auto has = [&](long tag) { return std::find(tags.begin(), tags.end(), tag) != tags.end(); };
    if (!has(DT_HASH) && !has(kDtGnuHash) && has(kDtMipsXhash)) {
      GTEST_SKIP() << "the linker wrote DT_MIPS_XHASH for --hash-style=" << GetParam()
                   << ", not DT_GNU_HASH: no kernel's vDSO has it (mips's is linked "
                      "--hash-style=sysv, arch/mips/vdso/Makefile)";
    }
  }
};

// The fixture is laid out as ParseVdso expects a vDSO to be: an ELF image of
// the process's class whose one PT_LOAD starts at file offset 0 and address 0.
TEST_P(VdsoFixture, IsLaidOutLikeTheKernelsVdso) {
  MappedFile file(Path().c_str());
  ASSERT_NE(file.base(), nullptr) << Path();
#if __SIZEOF_POINTER__ == 8
  using Ehdr = Elf64_Ehdr;
  using Phdr = Elf64_Phdr;
#else
  using Ehdr = Elf32_Ehdr;
  using Phdr = Elf32_Phdr;
#endif
  const auto* ehdr = static_cast<const Ehdr*>(file.base());
  ASSERT_EQ(ehdr->e_type, ET_DYN);
  const auto* phdrs =
      reinterpret_cast<const Phdr*>(static_cast<const char*>(file.base()) + ehdr->e_phoff);
  int loads = 0;
  for (int i = 0; i < ehdr->e_phnum; ++i) {
    if (phdrs[i].p_type != PT_LOAD) continue;
    ++loads;
    EXPECT_EQ(phdrs[i].p_offset, 0u);
    EXPECT_EQ(phdrs[i].p_vaddr, 0u);
  }
  EXPECT_EQ(loads, 1);
}

TEST_P(VdsoFixture, FindsEachFunctionUnderThisArchitecturesNameAndVersion) {
  MappedFile file(Path().c_str());
  ASSERT_NE(file.base(), nullptr) << Path();
  sysgate::VdsoSymbols found;
  ASSERT_TRUE(sysgate::ParseVdso(file.base(), &found));

  ASSERT_NE(found.clock_gettime, nullptr);
  // Its code, in the image: under ELFv1, what the pointer points at is the
  // descriptor ParseVdso made, and the code is that descriptor's.
  EXPECT_TRUE(file.Contains(reinterpret_cast<void*>(
      sysgate::FunctionCode(reinterpret_cast<const void*>(found.clock_gettime)))));
  EXPECT_EQ(found.clock_gettime(0, nullptr), SYSGATE_VDSO_MARK_CLOCK_GETTIME);
  ASSERT_NE(found.gettimeofday, nullptr);
  EXPECT_EQ(found.gettimeofday(nullptr, nullptr), SYSGATE_VDSO_MARK_GETTIMEOFDAY);
  ASSERT_NE(found.time, nullptr);
  EXPECT_EQ(found.time(nullptr), SYSGATE_VDSO_MARK_TIME);
  ASSERT_NE(found.getrandom, nullptr);
  using Getrandom = long (*)(void*, unsigned long, unsigned, void*, unsigned long);
  EXPECT_EQ(reinterpret_cast<Getrandom>(found.getrandom)(nullptr, 0, 0, nullptr, 0),
            SYSGATE_VDSO_MARK_GETRANDOM);
}

TEST_P(VdsoFixture, SkipsAFunctionUnderAnotherVersion) {
  MappedFile file(Path().c_str());
  ASSERT_NE(file.base(), nullptr) << Path();
  sysgate::VdsoSymbols found;
  ASSERT_TRUE(sysgate::ParseVdso(file.base(), &found));
  EXPECT_EQ(found.getcpu, nullptr) << "getcpu is defined only under LINUX_WRONG";
}

TEST_P(VdsoFixture, SkipsAFunctionUnderAnotherArchitecturesPrefix) {
  MappedFile file(Path().c_str());
  ASSERT_NE(file.base(), nullptr) << Path();
  sysgate::VdsoSymbols found;
  ASSERT_TRUE(sysgate::ParseVdso(file.base(), &found));
  EXPECT_EQ(found.clock_getres, nullptr) << "clock_getres has only the other prefix";
}

// sysv: DT_HASH only (the kernel's arm64 vDSO); both: DT_HASH and
// DT_GNU_HASH (x86-64's, riscv64's, s390x's); gnu: DT_GNU_HASH only, where ParseVdso
// must count the symbols from the hash chains.
INSTANTIATE_TEST_SUITE_P(HashStyles, VdsoFixture, ::testing::Values("sysv", "both", "gnu"));

// The running kernel's own vDSO, where the process has one (natively; not
// under qemu-user or valgrind): on 386 this is the real 32-bit image.
TEST(ParseVdso, ReadsTheRunningKernelsVdso) {
  const void* base = reinterpret_cast<const void*>(sysgate::AuxvValue(AT_SYSINFO_EHDR));
  if (base == nullptr) GTEST_SKIP() << "this process was given no vDSO (an emulator, or valgrind)";
  sysgate::VdsoSymbols found;
  ASSERT_TRUE(sysgate::ParseVdso(base, &found));
  ASSERT_NE(found.clock_gettime, nullptr);
  struct {
    long long tv_sec, tv_nsec;  // __kernel_timespec, whatever the word size
  } now = {};
  ASSERT_EQ(found.clock_gettime(CLOCK_REALTIME, &now), 0);
  EXPECT_NEAR(static_cast<double>(now.tv_sec), static_cast<double>(time(nullptr)), 1.0);
  EXPECT_GE(now.tv_nsec, 0);
  EXPECT_LT(now.tv_nsec, 1'000'000'000);
}

TEST(ParseVdso, RejectsWhatIsNotAnElfImage) {
  alignas(8) static const char not_elf[64] = "not an ELF image";
  sysgate::VdsoSymbols found;
  found.time = reinterpret_cast<long (*)(long*)>(1);
  EXPECT_FALSE(sysgate::ParseVdso(not_elf, &found));
  EXPECT_EQ(found.time, nullptr) << "left empty";
  EXPECT_FALSE(sysgate::ParseVdso(nullptr, &found));
}

}  // namespace
