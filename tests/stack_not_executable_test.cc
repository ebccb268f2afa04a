// The process stack stays non-executable with sysgate's objects linked in.
// Each assembly file of another architecture assembles to an empty object;
// one without a .note.GNU-stack section makes the linker mark what it links
// (libgenerated_linux.so in a fastbuild) as needing an executable stack, and
// glibc's loader then makes the stack executable. The test reads the
// stack's permissions from /proc/self/maps.

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "sysgate/syscalls.h"

namespace {

TEST(Stack, IsNotExecutable) {
  ASSERT_TRUE(sysgate::sys::getpid().ok());  // a stub, so the library is linked and loaded
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
