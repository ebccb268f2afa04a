# SPDX-License-Identifier: Apache-2.0
"""Every Darwin trampoline file assembles, with clang for macOS 11, into a
Mach-O object for its architecture whose defined symbols are exactly the
table's trampolines and whose undefined symbols are exactly its libSystem
imports (as `generate.py list darwin/ARCH` names them); and every arm64
trampoline calls with sp 16-byte aligned, checked on its disassembly.

    macho_test.py TRAMPOLINES_S...   (generated/darwin_ARCH/trampolines.S)
"""

import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

GENERATE = Path("codegen/generate.py").absolute()
# clang's target triple and Mach-O's cputype (<mach/machine.h>) per architecture.
TARGETS = {
    "amd64": ("x86_64-apple-macos11", 0x01000007),
    "arm64": ("arm64-apple-macos11", 0x0100000C),
}
MH_MAGIC_64 = 0xFEEDFACF
MH_OBJECT = 1

FILES = [Path(a) for a in sys.argv[1:]]


def listed(arch):
    out = subprocess.run(
        [sys.executable, str(GENERATE), "list", f"darwin/{arch}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split() for line in out.splitlines()]


def nm(obj, *flags):
    out = subprocess.run(
        ["llvm-nm", "--just-symbol-name", *flags, str(obj)], capture_output=True, text=True, check=True
    ).stdout
    return sorted(out.split())


class MachOTest(unittest.TestCase):
    def test_tools_are_installed(self):
        for tool in ("clang", "llvm-nm"):
            self.assertIsNotNone(shutil.which(tool), f"{tool} (./bazelw installs clang and llvm)")

    def test_every_architecture_is_given(self):
        arches = sorted(re.search(r"darwin_(\w+)/", str(f)).group(1) for f in FILES)
        self.assertEqual(arches, sorted(TARGETS))

    def test_each_file_is_a_macho_object_with_exactly_the_tables_symbols(self):
        for source in FILES:
            arch = re.search(r"darwin_(\w+)/", str(source)).group(1)
            triple, cputype = TARGETS[arch]
            with self.subTest(arch=arch), tempfile.TemporaryDirectory() as tmp:
                obj = Path(tmp) / "trampolines.o"
                result = subprocess.run(
                    ["clang", "-target", triple, "-c", str(source), "-o", str(obj)],
                    capture_output=True,
                    text=True,
                )
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stderr, "", "no assembler warnings")
                magic, cpu, _, filetype = struct.unpack("<IiiI", obj.read_bytes()[:16])
                self.assertEqual((magic, cpu, filetype), (MH_MAGIC_64, cputype, MH_OBJECT))

                rows = listed(arch)
                self.assertGreaterEqual(len(rows), 100)
                want_defined = sorted(f"_sysgate_darwin_{name}_trampoline" for name, _ in rows)
                want_undefined = sorted({f"_{symbol}" for _, symbol in rows})
                self.assertEqual(nm(obj, "--defined-only", "--extern-only"), want_defined)
                self.assertEqual(nm(obj, "--undefined-only"), want_undefined)
                self.assertIn("___error", want_undefined)
                if arch == "amd64":
                    self.assertIn("_fstat$INODE64", want_undefined)


    def test_arm64_calls_are_made_with_sp_16_byte_aligned(self):
        """AAPCS64 (and Apple's arm64 ABI) require sp 16-byte aligned at every
        call; a misaligned sp faults on the first sp-relative access in the
        callee on real hardware, but qemu-user never faults on it, so the
        ELF build of the same trampolines under qemu cannot show it. The
        offset is followed here by value instead: from 0 at entry (aligned,
        since the caller obeys the ABI) through every instruction that moves
        sp, to each bl, blr and b (the calls to libSystem and ___error), where
        it must be a multiple of 16, and back to 0 at each ret. The only
        branches inside a trampoline skip an errno call and move no sp, so
        reading the instructions in order follows every path."""
        source = next(f for f in FILES if "darwin_arm64/" in str(f))
        with tempfile.TemporaryDirectory() as tmp:
            obj = Path(tmp) / "trampolines.o"
            subprocess.run(
                ["clang", "-target", TARGETS["arm64"][0], "-c", str(source), "-o", str(obj)],
                check=True,
            )
            functions = arm64_functions(obj)
        self.assertEqual(len(functions), len(listed("arm64")))
        for name, instructions in functions.items():
            with self.subTest(trampoline=name):
                calls = check_sp_alignment(instructions)
                self.assertGreaterEqual(calls, 1, "a trampoline calls its import")


def arm64_functions(obj):
    """{symbol: [(address, mnemonic, operands)]} for each global symbol of obj,
    from llvm-objdump's disassembly split at llvm-nm's addresses (objdump's
    own labels name the first function ltmp0)."""
    nm_out = subprocess.run(
        ["llvm-nm", "-n", "--defined-only", "--extern-only", str(obj)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    starts = sorted((int(line.split()[0], 16), line.split()[2]) for line in nm_out.splitlines())
    dump = subprocess.run(
        ["llvm-objdump", "-d", "--no-show-raw-insn", str(obj)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    functions = {name: [] for _, name in starts}
    for line in dump.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if not m:
            continue
        address = int(m.group(1), 16)
        owner = [name for start, name in starts if start <= address]
        if owner:
            functions[owner[-1]].append((address, m.group(2), m.group(3).strip()))
    return functions


def immediate(text):
    return int(text.lstrip("#"), 0)


def check_sp_alignment(instructions):
    """Follows sp's offset from entry through one trampoline; raises
    AssertionError at a call with sp not 16-byte aligned, at a ret with sp
    not restored, or at an instruction that moves sp in a way not modelled.
    Returns the number of calls."""
    sp, fp, calls = 0, None, 0
    for address, mnemonic, operands in instructions:
        where = f"{mnemonic} {operands} at {address:#x}"
        if mnemonic in ("bl", "blr", "b"):
            calls += 1
            assert sp % 16 == 0, f"{where}: sp is entry{sp:+d}, not 16-byte aligned"
            continue
        if mnemonic == "ret":
            assert sp == 0, f"{where}: sp is entry{sp:+d}, not restored"
            continue
        pre = re.search(r"\[sp, (#-?\w+)\]!$", operands)
        post = re.search(r"\[sp\], (#-?\w+)$", operands)
        arithmetic = re.fullmatch(r"sp, sp, (#\w+)", operands)
        if pre or post:
            sp += immediate((pre or post).group(1))
        elif arithmetic and mnemonic in ("add", "sub"):
            sp += immediate(arithmetic.group(1)) * (1 if mnemonic == "add" else -1)
        elif mnemonic == "mov" and operands == "x29, sp":
            fp = sp
        elif mnemonic == "mov" and operands == "sp, x29":
            assert fp is not None, f"{where}: x29 was not set from sp"
            sp = fp
        elif re.match(r"(sp|wsp)\b", operands):
            raise AssertionError(f"{where}: moves sp in a way this test does not model")
    return calls


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
