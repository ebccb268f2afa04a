# SPDX-License-Identifier: Apache-2.0
"""The stubs of the Linux architectures nothing here runs (an .abi whose
suite is build: x32, which this kernel and qemu-user lack, and sh4, which
qemu-sh4 does not run here), checked without running them: each
architecture's generated syscalls.S and process_entry.S assemble with its
Debian cross compiler into objects of its ELF class,
byte order and machine; every row of its table is a global function of its
own, holding the ABI's trap; and a few stubs are exactly the instructions
of the ABI, as TRIPLE-objdump prints them. generator_test checks the same
architectures' numbers against their uapi headers.

    build_only_objects_test.py ARCH=SYSCALLS_S,PROCESS_ENTRY_S...
"""

import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path("codegen").absolute()))

import tables  # noqa: E402

ROOT = Path(".").absolute()
SOURCES = {arch: paths.split(",") for arch, _, paths in (a.partition("=") for a in sys.argv[1:])}

# Exact instruction sequences of a few stubs, as objdump prints them (AT&T,
# its spacing collapsed): three words (the number ORed with
# __X32_SYSCALL_BIT), six (the fourth moves from rcx to r10), a call that
# never returns, an x32 row of its own (rt_sigaction, 512), and the
# six-word call by number (the sixth from the stack above the return
# address). Written from the x86-64 kernel ABI and the x32 uapi header's
# numbers, independently of the stub template.
EXPECTED = {
    "amd64p32": {
        "sysgate_linux_lseek": ["mov $0x40000008,%eax", "syscall", "ret"],
        "sysgate_linux_mmap": ["mov $0x40000009,%eax", "mov %rcx,%r10", "syscall", "ret"],
        "sysgate_linux_exit_group": ["mov $0x400000e7,%eax", "syscall", "ud2"],
        "sysgate_linux_rt_sigaction": ["mov $0x40000200,%eax", "mov %rcx,%r10", "syscall", "ret"],
        "sysgate_linux_syscall6": [
            "mov %rdi,%rax", "mov %rsi,%rdi", "mov %rdx,%rsi", "mov %rcx,%rdx",
            "mov %r8,%r10", "mov %r9,%r8", "mov 0x8(%rsp),%r9", "syscall", "ret",
        ],
    },
    # sh4: no words (getpid, 20), six with the last two from the stack
    # (pread64, 180, whose fourth is the kernel's dummy word), a call that
    # never returns (exit_group, 252), sh's own fadvise64_64 (272) and the
    # six-word call by number. The number is the 32-bit literal after the
    # code, whose value objdump's `!` shows and whose halfwords it then
    # decodes as instructions, before the section's padding. Written from
    # the sh kernel ABI and the sh4 uapi header's numbers.
    "sh4": {
        "sysgate_linux_getpid": [
            "mov.l 8 <sysgate_linux_getpid+0x8>,r3 ! 14", "trapa #23", "rts", "nop",
            "mov.b r1,@(r0,r0)", ".word 0x0000", "nop", "nop",
        ],
        "sysgate_linux_pread64": [
            "mov.l @(0,r15),r0", "mov.l @(4,r15),r1", "mov.l c <sysgate_linux_pread64+0xc>,r3 ! b4",
            "trapa #23", "rts", "nop", "mov.b r11,@(r0,r0)",
        ],
        "sysgate_linux_exit_group": [
            "mov.l 8 <sysgate_linux_exit_group+0x8>,r3 ! fc", "trapa #23", "trapa #62", "nop",
            "mov.b @(r0,r15),r0", ".word 0x0000", "nop", "nop",
        ],
        "sysgate_linux_fadvise64_64": [
            "mov.l @(0,r15),r0", "mov.l @(4,r15),r1", "mov.l c <sysgate_linux_fadvise64_64+0xc>,r3 ! 110",
            "trapa #23", "rts", "nop", ".word 0x0110",
        ],
        "sysgate_linux_syscall6": [
            "mov r4,r3", "mov r5,r4", "mov r6,r5", "mov r7,r6", "mov.l @r15,r7", "mov.l @(4,r15),r0",
            "mov.l @(8,r15),r1", "trapa #23", "rts", "nop", "nop", "nop", "nop", "nop", "nop", "nop",
        ],
    },
}

EI_CLASS, EI_DATA = 4, 5
ELFCLASS = {1: 32, 2: 64}
ELFDATA = {1: "little", 2: "big"}


def assemble(compiler, source, out):
    subprocess.run([compiler, "-c", "-x", "assembler-with-cpp", str(source), "-o", str(out)], check=True)
    return out


def functions(objdump, obj):
    """Symbol -> its instructions, as objdump -d prints them."""
    text = subprocess.run([objdump, "-d", "--no-show-raw-insn", str(obj)], check=True, capture_output=True, text=True).stdout
    found, current = {}, None
    for line in text.splitlines():
        head = re.match(r"[0-9a-f]+ <(\S+)>:", line)
        if head:
            current = found.setdefault(head.group(1), [])
        elif current is not None and re.match(r"\s+[0-9a-f]+:\t", line):
            # AT&T's comments start at a lone `#`; sh's `#` starts an
            # immediate (trapa #23), and its `!` comment, the value a
            # pc-relative load reads, is kept.
            current.append(" ".join(re.split(r"\s#\s", line.split("\t", 1)[1])[0].split()))
    return found


class BuildOnlyObjectsTest(unittest.TestCase):
    def test_every_build_only_architecture_is_checked(self):
        targets = tables.read_kernel(ROOT, "linux")
        self.assertEqual(sorted(SOURCES), sorted(t.arch for t in targets if not t.abi.build.runs))
        self.assertEqual(sorted(EXPECTED), sorted(SOURCES))

    def test_objects(self):
        for target in tables.read_kernel(ROOT, "linux"):
            if target.abi.build.runs:
                continue
            with self.subTest(arch=target.arch), tempfile.TemporaryDirectory() as out:
                build = target.abi.build
                compiler, objdump = build.gnu_triple + "-gcc", build.gnu_triple + "-objdump"
                stubs_s, entry_s = SOURCES[target.arch]
                stubs = assemble(compiler, stubs_s, Path(out, "syscalls.o"))
                entry = assemble(compiler, entry_s, Path(out, "process_entry.o"))
                for obj in (stubs, entry):
                    head = obj.read_bytes()[:20]
                    machine = int.from_bytes(head[18:20], ELFDATA[head[EI_DATA]])
                    self.assertEqual(
                        (ELFCLASS[head[EI_CLASS]], ELFDATA[head[EI_DATA]], machine),
                        (build.elf_class, target.abi.byte_order, build.elf_machine),
                        obj.name,
                    )
                code = functions(objdump, stubs)
                trap = target.abi.trap.split()[0]
                for row in target.rows:
                    self.assertIn(row.symbol, code, f"{row.name}: no stub")
                    self.assertIn(trap, [i.split()[0] for i in code[row.symbol]], row.name)
                self.assertIn("_start", functions(objdump, entry))
                for symbol, instructions in EXPECTED[target.arch].items():
                    self.assertEqual(code[symbol], instructions, symbol)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
