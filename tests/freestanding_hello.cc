// A program with no libc at all: its own entry point, its output and its exit
// through sysgate's stubs. It builds with -ffreestanding -nostdinc -nostdlib
// -static, which is the proof that the raw layer needs nothing else.
// freestanding_test.sh runs it and checks what it prints and its exit code.

#include "sysgate/syscalls.h"

namespace {

constexpr char kGreeting[] = "sysgate: hello from a program without libc\n";
constexpr int kExitCode = 42;

long Length(const char* s) {
  long n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

}  // namespace

// The kernel starts a static program at _start with the stack pointer 16-byte
// aligned (each psABI's process entry), not as a call would leave it; the
// entries below clear the frame pointer and return address so that nothing
// unwinds past them, and make the call that C++ code expects.
extern "C" [[noreturn]] void freestanding_main() {
  namespace sys = sysgate::sys;
  auto written = sys::write(1, kGreeting, Length(kGreeting));
  // A failed or short write is reported through the exit code.
  sys::exit_group(written.ok() && written.value() == Length(kGreeting) ? kExitCode : 1);
}

#if defined(__x86_64__)
asm(R"(
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp
    andq $-16, %rsp
    call freestanding_main
    ud2
)");
#elif defined(__aarch64__)
asm(R"(
    .text
    .globl _start
    .type _start, %function
_start:
    mov x29, #0
    mov x30, #0
    bl freestanding_main
    brk #1
)");
#elif defined(__riscv)
// gp must hold __global_pointer$ before any code the linker may have relaxed
// to gp-relative addressing runs; it is set with relaxation off.
asm(R"(
    .text
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    li ra, 0
    call freestanding_main
    unimp
)");
#else
#error "freestanding_hello.cc needs an _start for this architecture"
#endif
