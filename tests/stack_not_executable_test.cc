// SPDX-License-Identifier: Apache-2.0
// The process stack stays non-executable with sysgate's objects linked in.
// Each assembly file of another architecture assembles to an empty object;
// one without a .note.GNU-stack section makes the linker mark what it links
// (libgenerated_linux.so in a fastbuild) as needing an executable stack, and
// glibc's loader then makes the stack executable. The test reads the
// stack's permissions from /proc/self/maps.

#include <linux/elf.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"

namespace {

// Whether the program at `path` asks for an executable stack: its
// PT_GNU_STACK has PF_X, or it has none (the loader's default is then
// executable). The file is the architecture's ELF class and byte order.
bool AsksForAnExecutableStack(const char* path) {
#if __SIZEOF_POINTER__ == 8
  using Ehdr = Elf64_Ehdr;
  using Phdr = Elf64_Phdr;
#else
  using Ehdr = Elf32_Ehdr;
  using Phdr = Elf32_Phdr;
#endif
  std::ifstream file(path, std::ios::binary);
  Ehdr ehdr = {};
  if (!file.read(reinterpret_cast<char*>(&ehdr), sizeof ehdr)) return false;
  for (int i = 0; i < ehdr.e_phnum; ++i) {
    Phdr phdr = {};
    file.seekg(ehdr.e_phoff + i * sizeof phdr);
    if (!file.read(reinterpret_cast<char*>(&phdr), sizeof phdr)) return false;
    if (phdr.p_type == PT_GNU_STACK) return (phdr.p_flags & PF_X) != 0;
  }
  return true;
}

// argv[1]: a program of the C library's start files alone (plain_program).
const char* g_plain_program = nullptr;

TEST(Stack, IsNotExecutable) {
  ASSERT_NE(g_plain_program, nullptr) << "usage: stack_not_executable_test PLAIN_PROGRAM";
  if (AsksForAnExecutableStack(g_plain_program)) {
    // mips glibc's Scrt1.o has an executable .note.GNU-stack (older mips
    // kernels emulated FPU branch delay slots on the stack): every program
    // linked with it gets an executable stack, sysgate's objects or not.
    GTEST_SKIP() << g_plain_program << ", the C library's start files alone, already asks for "
                 << "an executable stack";
  }
  ASSERT_TRUE(sysgate::sys_stub::gettid().ok());  // a stub, so the library is linked and loaded
  std::ifstream maps("/proc/self/maps");
  std::string line, stack;
  while (std::getline(maps, line)) {
    if (line.size() > 7 && line.compare(line.size() - 7, 7, "[stack]") == 0) stack = line;
  }
  ASSERT_FALSE(stack.empty()) << "no [stack] line";
  // "7ffd...-7ffd... rw-p ...": the third permission letter is x or -.
  const std::string permissions = stack.substr(stack.find(' ') + 1, 4);
  EXPECT_EQ(permissions[2], '-') << stack;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) g_plain_program = argv[1];
  return RUN_ALL_TESTS();
}
