// SPDX-License-Identifier: Apache-2.0
// sys_stub::syscall and sys_inline::syscall with two to six arguments (seven on
// ARM EABI and mips o32), each argument position given a value distinct from the others
// and checked through what the kernel did with it: a stub that drops, swaps
// or shifts an argument register makes the call fail or act on the wrong
// thing. The calls exist on every architecture sysgate has (arm64 and
// riscv64 have no dup2 or open, so dup3, openat-style statx and the like);
// setup and checks use glibc, so only the call under test goes through
// sysgate. On a 32-bit architecture a 64-bit argument is two words and mmap
// is mmap2 (tests/arch_calls.h). On s390x mmap is old_mmap, one pointer to
// the six words; its six-word case is SixArgumentsCopyFileRange's.

#include <fcntl.h>
#include <linux/stat.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"
#include "sysgate/syscalls_inline.h"
#include "tests/arch_calls.h"

namespace {

namespace sys = sysgate::sys;

// The two by-number forms, so every test runs through both.
struct Stubs {
  template <typename... Args>
  static sysgate::Result<long> Call(long number, Args... args) {
    return sysgate::sys_stub::syscall(number, (long)args...);
  }
};
struct Inline {
  template <typename... Args>
  static sysgate::Result<long> Call(long number, Args... args) {
    return sysgate::sys_inline::syscall(number, (long)args...);
  }
};

template <typename Form>
class SyscallByNumber : public ::testing::Test {};
using Forms = ::testing::Types<Stubs, Inline>;
TYPED_TEST_SUITE(SyscallByNumber, Forms);

// Under qemu-user (the cross builds' tests) the emulator answers system
// calls; the cross configurations name it in SYSGATE_TARGET_RUNNER.
const char* Emulator() {
  const char* runner = std::getenv("SYSGATE_TARGET_RUNNER");
  return runner != nullptr && runner[0] != '\0' ? runner : nullptr;
}

long PageSize() { return sysconf(_SC_PAGESIZE); }

// A memory file of `pages` pages, page k filled with 'A' + k.
int PagesFile(int pages) {
  const int fd = memfd_create("sysgate_by_number", MFD_CLOEXEC);
  if (fd < 0) return fd;
  std::string page(PageSize(), '\0');
  for (int k = 0; k < pages; ++k) {
    page.assign(page.size(), static_cast<char>('A' + k));
    if (write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size())) return -1;
  }
  return fd;
}

// ftruncate(fd, length): the file ends up that long.
TYPED_TEST(SyscallByNumber, TwoArgumentsFtruncate) {
  const int fd = memfd_create("sysgate_by_number", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  const long length = 12345;
  ASSERT_TRUE(TypeParam::Call(sys::nr::ftruncate, fd, length).ok());
  struct stat st = {};
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, length);
  close(fd);
}

// dup3(oldfd, newfd, O_CLOEXEC): newfd is the same file, close-on-exec.
TYPED_TEST(SyscallByNumber, ThreeArgumentsDup3) {
  const int old_fd = memfd_create("sysgate_by_number", 0);
  ASSERT_GE(old_fd, 0);
  const int new_fd = 200;
  ASSERT_EQ(fcntl(new_fd, F_GETFD), -1) << "descriptor 200 is already open";
  auto result = TypeParam::Call(sys::nr::dup3, old_fd, new_fd, O_CLOEXEC);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result.value(), new_fd);
  EXPECT_EQ(fcntl(new_fd, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(fcntl(old_fd, F_GETFD), 0);
  struct stat old_st = {}, new_st = {};
  ASSERT_EQ(fstat(old_fd, &old_st), 0);
  ASSERT_EQ(fstat(new_fd, &new_st), 0);
  EXPECT_EQ(new_st.st_ino, old_st.st_ino);
  close(new_fd);
  close(old_fd);
}

// pread64(fd, buf, count, offset) of 5 bytes from offset 7 into buf + 2,
// by number with `offset_words` (the offset's words and any after them):
// the buffer shows which bytes arrived where.
template <typename Form, typename... Words>
void ExpectPread64OfFiveAtSeven(Words... offset_words) {
  const int fd = memfd_create("sysgate_by_number", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  const char content[] = "0123456789abcdef";
  ASSERT_EQ(write(fd, content, 16), 16);
  char buffer[12];
  std::memset(buffer, '.', sizeof buffer);
  auto result = Form::Call(sys::nr::pread64, fd, buffer + 2, 5, offset_words...);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result.value(), 5);
  EXPECT_EQ(std::string(buffer, sizeof buffer), "..789ab.....");
  close(fd);
}

// count bytes from offset, into buf only. On a 32-bit architecture the
// offset is two words (five in all), and in the wrong order it is 7 << 32,
// past the end of the file.
TYPED_TEST(SyscallByNumber, FourArgumentsPread64) {
  ExpectPread64OfFiveAtSeven<TypeParam>(SYSGATE_TEST_WORDS64(7));
}

// statx(dirfd, path, AT_SYMLINK_NOFOLLOW, mask, buf): the link itself,
// found relative to dirfd (not the working directory), described in buf.
TYPED_TEST(SyscallByNumber, FiveArgumentsStatx) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp ? tmp : "/tmp") + "/by_number_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dir_fd, 0);
  const int file_fd = openat(dir_fd, "target", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(file_fd, 0);
  ASSERT_EQ(write(file_fd, "seventeen bytes..", 17), 17);
  close(file_fd);
  ASSERT_EQ(symlinkat("target", dir_fd, "link"), 0);

  struct statx st;
  std::memset(&st, 0, sizeof st);
  const unsigned mask = STATX_TYPE | STATX_SIZE;
  auto result = TypeParam::Call(sys::nr::statx, dir_fd, "link", AT_SYMLINK_NOFOLLOW, mask, &st);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(st.stx_mask & mask, mask);
  EXPECT_TRUE(S_ISLNK(st.stx_mode)) << std::oct << st.stx_mode;
  EXPECT_EQ(st.stx_size, 6u) << "the length of \"target\"";

  unlinkat(dir_fd, "link", 0);
  unlinkat(dir_fd, "target", 0);
  close(dir_fd);
  rmdir(dir.c_str());
}

// The /proc/self/maps line of the mapping that starts at `start`.
std::string MapsLine(unsigned long start) {
  FILE* maps = std::fopen("/proc/self/maps", "r");
  if (maps == nullptr) return "";
  char line[512];
  std::string found;
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    if (std::strtoul(line, nullptr, 16) == start) found = line;
  }
  std::fclose(maps);
  return found;
}

// mmap(addr, length, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd,
// offset): exactly there, exactly that long, read-only and private, showing
// the file from that offset. Three pages from page 2, so that length and
// offset differ from each other and (in mmap2's units of 4096 bytes on a
// 32-bit architecture) from PROT_READ.
TYPED_TEST(SyscallByNumber, SixArgumentsMmap) {
  const long page = PageSize();
  const int fd = PagesFile(5);
  ASSERT_GE(fd, 0);
  // An address known to be free: reserved, then given back.
  void* reserved = mmap(nullptr, 8 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(reserved, MAP_FAILED);
  ASSERT_EQ(munmap(reserved, 8 * page), 0);
  const unsigned long address = reinterpret_cast<unsigned long>(reserved) + 3 * page;
  const unsigned long length = 3 * page;
  const unsigned long offset_argument = 2 * page / sysgate_test::kMmapOffsetUnit;

  auto result = TypeParam::Call(sysgate_test::kMmapNumber,
                                SYSGATE_TEST_MMAP_ARGS(address, length, PROT_READ,
                                                       MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd,
                                                       offset_argument));
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(static_cast<unsigned long>(result.value()), address);

  // start-end perms offset dev inode path. Private, not shared: PROT_READ
  // is MAP_SHARED's value, so a prot word in the flags position shows.
  unsigned long start = 0, end = 0, offset = 0;
  char perms[5] = {};
  const std::string line = MapsLine(address);
  ASSERT_EQ(std::sscanf(line.c_str(), "%lx-%lx %4s %lx", &start, &end, perms, &offset), 4) << line;
  EXPECT_EQ(end - start, length) << line;
  EXPECT_STREQ(perms, "r--p") << line;
  EXPECT_EQ(offset, static_cast<unsigned long>(2 * page)) << line;
  // Read only once the line says it can be read, rather than crash.
  if (perms[0] == 'r' && end - start >= length) {
    const char* bytes = reinterpret_cast<const char*>(address);
    EXPECT_EQ(bytes[0], 'C') << "the offset is two pages";
    EXPECT_EQ(bytes[page], 'D');
    EXPECT_EQ(bytes[2 * page], 'E');
  }

  // MAP_FIXED_NOREPLACE arrived: the same call again finds the place taken.
  // qemu-user 7.2 drops the flag (it maps elsewhere, as for a hint), so
  // there only MAP_PRIVATE, in the "p" above, shows the flags word arrived.
  if (Emulator() == nullptr) {
    EXPECT_EQ(TypeParam::Call(sysgate_test::kMmapNumber,
                              SYSGATE_TEST_MMAP_ARGS(address, length, PROT_READ,
                                                     MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd,
                                                     offset_argument))
                  .error(),
              EEXIST);
  }
  EXPECT_EQ(munmap(reinterpret_cast<void*>(address), length), 0);
  close(fd);
}

// copy_file_range(fd_in, &off_in, fd_out, &off_out, len, flags): six words
// on every architecture (the offsets go by pointer), which s390x, whose mmap
// is one, needs. Each shows: the bytes come from fd_in at off_in and land
// in fd_out at off_out, len of them, both offsets advance by len through
// their pointers, and flags, the sixth, must be 0: 1 is EINVAL.
TYPED_TEST(SyscallByNumber, SixArgumentsCopyFileRange) {
  const int in = memfd_create("sysgate_by_number_in", MFD_CLOEXEC);
  const int out = memfd_create("sysgate_by_number_out", MFD_CLOEXEC);
  ASSERT_GE(in, 0);
  ASSERT_GE(out, 0);
  ASSERT_EQ(write(in, "0123456789abcdef", 16), 16);
  ASSERT_EQ(write(out, "................", 16), 16);
  long long off_in = 3, off_out = 5;
  auto result = TypeParam::Call(sys::nr::copy_file_range, in, &off_in, out, &off_out, 4, 0);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result.value(), 4);
  EXPECT_EQ(off_in, 7);
  EXPECT_EQ(off_out, 9);
  char copied[17] = {};
  ASSERT_EQ(pread(out, copied, 16, 0), 16);
  EXPECT_STREQ(copied, ".....3456.......");
  EXPECT_EQ(TypeParam::Call(sys::nr::copy_file_range, in, &off_in, out, &off_out, 4, 1).error(),
            EINVAL);
  close(in);
  close(out);
}

#ifdef __NR_sync_file_range
// sync_file_range(fd, offset, nbytes, flags) by number, its 64-bit offset
// and length two words each on a 32-bit ABI, after a padding word where a
// pair starts at an even register: seven words on mips o32, the last three
// of which the kernel reads from the caller's stack (tables/linux/
// mipsle.abi's stack_arguments). The kernel checks the flags, then the
// offset and the end for a negative value (sync_file_range, fs/sync.c),
// before it asks what the file is: each bad word below gives EINVAL where
// the word, lost or misplaced, would have let the call succeed, and a pipe
// answers ESPIPE only when every word before the descriptor's check was good.
#if __SIZEOF_LONG__ == 8
#define SYSGATE_TEST_RANGE(offset, nbytes) static_cast<long>(offset), static_cast<long>(nbytes)
#elif SYSGATE_ARCH_PAIR_EVEN
#define SYSGATE_TEST_RANGE(offset, nbytes) 0L, SYSGATE_TEST_PAIR64(offset), SYSGATE_TEST_PAIR64(nbytes)
#else
#define SYSGATE_TEST_RANGE(offset, nbytes) SYSGATE_TEST_PAIR64(offset), SYSGATE_TEST_PAIR64(nbytes)
#endif
TYPED_TEST(SyscallByNumber, SyncFileRangeTakesEveryWord) {
  const int fd = memfd_create("sysgate_by_number", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 3 * PageSize()), 0);
  const long page = PageSize();
  const long flags = SYNC_FILE_RANGE_WRITE;
  const long nr = sys::nr::sync_file_range;
  auto good = TypeParam::Call(nr, fd, SYSGATE_TEST_RANGE(page, page), flags);
  EXPECT_TRUE(good.ok()) << good.error();
  EXPECT_EQ(TypeParam::Call(nr, fd, SYSGATE_TEST_RANGE(page, page), 0x80).error(), EINVAL);
  EXPECT_EQ(TypeParam::Call(nr, fd, SYSGATE_TEST_RANGE(-page, page), flags).error(), EINVAL);
  EXPECT_EQ(TypeParam::Call(nr, fd, SYSGATE_TEST_RANGE(page, -2 * page), flags).error(), EINVAL);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  EXPECT_EQ(TypeParam::Call(nr, fds[0], SYSGATE_TEST_RANGE(page, page), flags).error(), ESPIPE);
  close(fds[0]);
  close(fds[1]);
  close(fd);
}
#endif

#if defined(__ARM_EABI__)
// ARM EABI has seven argument registers (r0-r6, tables/linux/arm.abi), so
// the by-number forms take seven words there: syscall7's stub moves each
// down one register and loads a4..a7 from its caller's stack. No call the
// kernel (or qemu-arm, which reads r0-r5) has looks at r6, so the seventh
// word is ignored; the six before it are pread64's, padding word included,
// and show that every one arrives where the kernel reads it.
TYPED_TEST(SyscallByNumber, SevenWordsOnArmEabi) {
  ExpectPread64OfFiveAtSeven<TypeParam>(SYSGATE_TEST_WORDS64(7), 0x7777L);
}
#endif

}  // namespace
