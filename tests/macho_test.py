"""Every Darwin trampoline file assembles, with clang for macOS 11, into a
Mach-O object for its architecture whose defined symbols are exactly the
table's trampolines and whose undefined symbols are exactly its libSystem
imports (as `generate.py list darwin/ARCH` names them).

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


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
