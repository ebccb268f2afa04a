# SPDX-License-Identifier: Apache-2.0
"""The generated FreeBSD/amd64 raw layer, checked without FreeBSD: its stubs
assemble with clang for FreeBSD 14 into an object holding one symbol per
table row, each stub is the instruction sequence of FreeBSD's convention
(the number in eax, `syscall`, a positive errno negated when the carry flag
is set), and the typed header compiles for FreeBSD with no system header.

    freebsd_objects_test.py SYSCALLS_S SYSCALLS_H RESULT_H

SYSCALLS_S is generated/freebsd_amd64/syscalls.S, SYSCALLS_H
generated/freebsd/syscalls.h (the folder above sysgate/generated/ is the
include root), RESULT_H is
src/sysgate/result.h.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

GENERATE = Path("codegen/generate.py").absolute()
TRIPLE = "x86_64-unknown-freebsd14"
ELFOSABI_FREEBSD = 9  # e_ident[EI_OSABI], the ELF gABI's value for FreeBSD
EM_X86_64 = 62

SYSCALLS_S, SYSCALLS_H, RESULT_H = (Path(a) for a in sys.argv[1:4])

# Numbers from a source independent of tables/freebsd/amd64.tbl: the Go
# runtime's src/runtime/sys_freebsd_amd64.s, which defines the calls it makes
# (SYS_exit 1, SYS_read 3, ...). Written here as facts; a row the table gets
# wrong fails by name.
GO_RUNTIME_NUMBERS = {
    "exit": 1,
    "read": 3,
    "write": 4,
    "open": 5,
    "close": 6,
    "getpid": 20,
    "kill": 37,
    "sigaltstack": 53,
    "munmap": 73,
    "madvise": 75,
    "setitimer": 83,
    "fcntl": 92,
    "sysarch": 165,
    "__sysctl": 202,
    "clock_gettime": 232,
    "nanosleep": 240,
    "issetugid": 253,
    "sched_yield": 331,
    "sigprocmask": 340,
    "kqueue": 362,
    "sigaction": 416,
    "thr_exit": 431,
    "thr_self": 432,
    "thr_kill": 433,
    "_umtx_op": 454,
    "thr_new": 455,
    "mmap": 477,
    "cpuset_getaffinity": 487,
    "pipe2": 542,
    "kevent": 560,
}

# The carry-flag epilogue every returning stub ends with.
ERRNO_RETURN = ["jb", "retq", "negq %rax", "retq"]

# Exact instruction sequences, as llvm-objdump prints them (operands in AT&T
# syntax, immediates in decimal): three arguments, six (the fourth moves from
# rcx to r10), none, a call that never returns, vfork (the return address kept
# in rsi across the trap) and the generic six-argument call by number.
EXPECTED = {
    "sysgate_freebsd_read": ["movl $3, %eax", "syscall", *ERRNO_RETURN],
    "sysgate_freebsd_mmap": ["movl $477, %eax", "movq %rcx, %r10", "syscall", *ERRNO_RETURN],
    "sysgate_freebsd_getpid": ["movl $20, %eax", "syscall", *ERRNO_RETURN],
    "sysgate_freebsd__umtx_op": ["movl $454, %eax", "movq %rcx, %r10", "syscall", *ERRNO_RETURN],
    "sysgate_freebsd_exit": ["movl $1, %eax", "syscall", "ud2"],
    "sysgate_freebsd_vfork": ["popq %rsi", "movl $66, %eax", "syscall", "pushq %rsi", *ERRNO_RETURN],
    "sysgate_freebsd_syscall6": [
        "movq %rdi, %rax",
        "movq %rsi, %rdi",
        "movq %rdx, %rsi",
        "movq %rcx, %rdx",
        "movq %r8, %r10",
        "movq %r9, %r8",
        "movq 8(%rsp), %r9",
        "syscall",
        *ERRNO_RETURN,
    ],
}


def listed():
    out = subprocess.run(
        [sys.executable, str(GENERATE), "list", "freebsd/amd64"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {name: int(number) for name, number in (line.split() for line in out.splitlines())}


def run(*argv):
    result = subprocess.run(list(argv), capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)}:\n{result.stderr}")
    return result


def disassemble(obj):
    """Maps each function symbol to its instructions, `mnemonic operands`
    with the comments and branch targets' annotations dropped."""
    out = run("llvm-objdump", "-d", "--no-show-raw-insn", "--no-leading-addr", str(obj)).stdout
    functions, current = {}, None
    for line in out.splitlines():
        header = re.match(r"<(\S+)>:$", line.strip())
        if header:
            current = functions.setdefault(header.group(1), [])
        elif line.startswith("Disassembly of section"):
            current = None
        elif current is not None and line.strip():
            text = line.split("#")[0].strip()
            mnemonic, _, operands = text.partition("\t")
            operands = re.sub(r"\s*<[^>]*>", "", operands).strip()
            # A branch's target is an address; which one is checked below.
            current.append(mnemonic if mnemonic == "jb" else f"{mnemonic} {operands}".strip())
    return functions


class FreeBsdObjectsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.obj = Path(cls.tmp.name) / "syscalls.o"
        cls.assembled = subprocess.run(
            ["clang", "-target", TRIPLE, "-c", str(SYSCALLS_S), "-o", str(cls.obj)],
            capture_output=True,
            text=True,
        )
        cls.rows = listed()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_tools_are_installed(self):
        for tool in ("clang", "clang++", "llvm-nm", "llvm-objdump"):
            self.assertIsNotNone(shutil.which(tool), f"{tool} (./bazelw installs clang and llvm)")

    def test_stubs_assemble_into_a_freebsd_x86_64_object(self):
        self.assertEqual(self.assembled.returncode, 0, self.assembled.stderr)
        self.assertEqual(self.assembled.stderr, "", "no assembler warnings")
        header = self.obj.read_bytes()[:20]
        self.assertEqual(header[:4], b"\x7fELF")
        self.assertEqual(header[7], ELFOSABI_FREEBSD)
        self.assertEqual(int.from_bytes(header[18:20], "little"), EM_X86_64)

    def test_every_row_has_its_symbol_and_nothing_else_is_defined(self):
        self.assertGreaterEqual(len(self.rows), 350)
        out = run("llvm-nm", "--just-symbol-name", "--defined-only", "--extern-only", str(self.obj)).stdout
        want = {f"sysgate_freebsd_{name}" for name in self.rows}
        want |= {f"sysgate_freebsd_syscall{n}" for n in range(7)}
        self.assertEqual(sorted(out.split()), sorted(want))
        undefined = run("llvm-nm", "--just-symbol-name", "--undefined-only", str(self.obj)).stdout
        self.assertEqual(undefined.split(), [], "a stub calls nothing")

    def test_numbers_agree_with_the_go_runtime(self):
        for name, number in GO_RUNTIME_NUMBERS.items():
            with self.subTest(name=name):
                self.assertEqual(self.rows.get(name), number)

    def test_stubs_are_the_freebsd_instruction_sequence(self):
        functions = disassemble(self.obj)
        for symbol, instructions in EXPECTED.items():
            with self.subTest(symbol=symbol):
                self.assertEqual(functions.get(symbol), instructions)

    def test_the_carry_branch_lands_on_the_negation(self):
        out = run("llvm-objdump", "-d", "--no-show-raw-insn", str(self.obj)).stdout
        branch = re.search(r"<sysgate_freebsd_read>:\n(?:.*\n)*?\s*([0-9a-f]+):\s+jb\s+0x([0-9a-f]+)", out)
        negation = re.search(r"<sysgate_freebsd_read>:\n(?:.*\n)*?\s*([0-9a-f]+):\s+negq\s+%rax", out)
        self.assertIsNotNone(branch)
        self.assertIsNotNone(negation)
        self.assertEqual(int(branch.group(2), 16), int(negation.group(1), 16))

    def test_every_returning_stub_negates_on_carry(self):
        functions = disassemble(self.obj)
        noreturn = {"sysgate_freebsd_exit", "sysgate_freebsd_abort2"}
        for symbol, instructions in functions.items():
            with self.subTest(symbol=symbol):
                self.assertIn("syscall", instructions)
                if symbol in noreturn:
                    self.assertEqual(instructions[-1], "ud2")
                else:
                    self.assertEqual(instructions[-4:], ERRNO_RETURN)

    def test_header_compiles_for_freebsd_without_system_headers(self):
        include_root = Path(str(SYSCALLS_H)[: -len("sysgate/generated/freebsd/syscalls.h")] or ".")
        src_root = Path(str(RESULT_H)[: -len("sysgate/result.h")] or ".")
        source = Path(self.tmp.name) / "uses_header.cc"
        # A few calls through the typed wrappers, so templates are instantiated.
        source.write_text(
            '#include "sysgate/generated/freebsd/syscalls.h"\n'
            "static_assert(sysgate::sys::nr::thr_self == 432);\n"
            "static_assert(sysgate::sys::kSyscallTable[0] == 'f');\n"
            "long Use(char* buf, long* tid) {\n"
            "  auto n = sysgate::sys::read(0, buf, 1);\n"
            "  auto t = sysgate::sys::thr_self(tid);\n"
            "  void* p = sysgate::sys::mmap(nullptr, 4096, 3, 0x1002, -1, 0).value();\n"
            "  return n.error() + t.raw() + (p != nullptr);\n"
            "}\n"
        )
        run(
            "clang++",
            "-target",
            TRIPLE,
            "-std=c++17",
            "-ffreestanding",
            "-nostdinc",
            "-nostdinc++",
            "-fsyntax-only",
            "-Werror",
            "-I",
            str(include_root),
            "-I",
            str(src_root),
            str(source),
        )


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
