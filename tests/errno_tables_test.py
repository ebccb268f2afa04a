# SPDX-License-Identifier: Apache-2.0
"""errno_name.cc compiles, freestanding and with no system header, for
Linux (x86-64, and mips64el, whose numbers differ), Darwin and FreeBSD, and on
each picks that OS's (and architecture's) table: a few errno
values are checked at compile time against the array the file builds.

    errno_tables_test.py ERRNO_NAME_CC ERRNO_NAMES_INC

ERRNO_NAME_CC is src/sysgate/errno_name.cc (the folder above sysgate/ is the
source include root); ERRNO_NAMES_INC is any generated OS/errno_names.inc
(the folder above sysgate/generated/ is the generated include root).
"""

import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ERRNO_NAME_CC, ERRNO_NAMES_INC = (Path(a) for a in sys.argv[1:3])
SRC_ROOT = Path(str(ERRNO_NAME_CC)[: -len("sysgate/errno_name.cc")] or ".")
GENERATED_ROOT = Path(str(ERRNO_NAMES_INC).split("sysgate/generated/")[0] or ".")

MIPS_ERRNO = [
    (2, "ENOENT", "No such file or directory"),
    (11, "EAGAIN", "Resource temporarily unavailable"),
    (45, "EDEADLK", "Resource deadlock avoided"),
    (89, "ENOSYS", "Function not implemented"),
    (122, "EOPNOTSUPP", "Operation not supported"),
    (1133, "EDQUOT", "Disk quota exceeded"),
]

# Per OS: a clang target triple and facts from its own errno header, as
# (number, name, description); the last one is the table's highest number
# (ELAST on Darwin and FreeBSD, EHWPOISON on Linux).
TARGETS = {
    # <asm-generic/errno-base.h> and <asm-generic/errno.h>; glibc's wording.
    "linux": (
        "x86_64-linux-gnu",
        [
            (2, "ENOENT", "No such file or directory"),
            (11, "EAGAIN", "Resource temporarily unavailable"),
            (38, "ENOSYS", "Function not implemented"),
            (95, "EOPNOTSUPP", "Operation not supported"),
            (133, "EHWPOISON", "Memory page has hardware error"),
        ],
    ),
    # mips numbers its errors its own way, whatever the byte order
    # (arch/mips/include/uapi/asm/errno.h; tables/linux/mips.errno, which
    # mips64le.abi's and mips64.abi's errno key names).
    "linux-mips64le": ("mips64el-linux-gnuabi64", MIPS_ERRNO),
    "linux-mips64": ("mips64-linux-gnuabi64", MIPS_ERRNO),
    # sparc numbers its errors after SunOS (arch/sparc/include/uapi/asm/errno.h;
    # tables/linux/sparc.errno, which sparc64.abi's errno key names).
    "linux-sparc64": (
        "sparc64-linux-gnu",
        [
            (2, "ENOENT", "No such file or directory"),
            (11, "EAGAIN", "Resource temporarily unavailable"),
            (45, "EOPNOTSUPP", "Operation not supported"),
            (67, "EPROCLIM", "Too many processes"),
            (90, "ENOSYS", "Function not implemented"),
            (135, "EHWPOISON", "Memory page has hardware error"),
        ],
    ),
    # XNU bsd/sys/errno.h: ENOTSUP and EOPNOTSUPP are distinct, ELAST 106.
    "darwin": (
        "arm64-apple-macos11",
        [
            (2, "ENOENT", "No such file or directory"),
            (35, "EAGAIN", "Resource temporarily unavailable"),
            (45, "ENOTSUP", "Operation not supported"),
            (78, "ENOSYS", "Function not implemented"),
            (102, "EOPNOTSUPP", "Operation not supported on socket"),
            (106, "EQFULL", "Interface output queue is full"),
        ],
    ),
    # FreeBSD sys/sys/errno.h: ENOTSUP is EOPNOTSUPP's alias, ELAST 97.
    "freebsd": (
        "x86_64-unknown-freebsd14",
        [
            (2, "ENOENT", "No such file or directory"),
            (35, "EAGAIN", "Resource temporarily unavailable"),
            (45, "EOPNOTSUPP", "Operation not supported"),
            (78, "ENOSYS", "Function not implemented"),
            (94, "ECAPMODE", "Not permitted in capability mode"),
            (97, "EINTEGRITY", "Integrity check failed"),
        ],
    ),
}

# Included after errno_name.cc, in the same translation unit, so it sees the
# array the file built for the target.
CHECKS = """
constexpr bool Same(const char* a, const char* b) {
  while (*a != 0 && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}
"""


def compile_for(triple, extra_source, out_dir, syntax_only):
    source = Path(out_dir) / "errno_name_for_target.cc"
    source.write_text(f'#include "{ERRNO_NAME_CC.absolute()}"\n' + extra_source)
    argv = [
        "clang++",
        "-target",
        triple,
        "-std=c++17",
        "-ffreestanding",
        "-nostdinc",
        "-nostdinc++",
        "-Werror",
        "-I",
        str(SRC_ROOT),
        "-I",
        str(GENERATED_ROOT),
    ]
    argv += ["-fsyntax-only", str(source)] if syntax_only else ["-c", str(source), "-o", str(Path(out_dir) / "e.o")]
    return subprocess.run(argv, capture_output=True, text=True)


class ErrnoTablesTest(unittest.TestCase):
    def test_clang_is_installed(self):
        self.assertIsNotNone(shutil.which("clang++"), "clang++ (./bazelw installs clang)")

    def test_each_os_compiles_its_own_table(self):
        for os_name, (triple, facts) in TARGETS.items():
            checks = CHECKS
            for number, name, description in facts:
                checks += (
                    f'static_assert(Same(sysgate::kErrnoTexts[{number}].name, "{name}"), "{name}");\n'
                    f'static_assert(Same(sysgate::kErrnoTexts[{number}].description, "{description}"), "{name}");\n'
                )
            highest = facts[-1][0]
            checks += f"static_assert(sysgate::kErrnoCount == {highest + 1}, \"highest errno\");\n"
            with self.subTest(os=os_name), tempfile.TemporaryDirectory() as tmp:
                result = compile_for(triple, checks, tmp, syntax_only=True)
                self.assertEqual(result.returncode, 0, result.stderr)

    def test_errno_name_builds_into_an_object_for_each_os(self):
        for os_name, (triple, _) in TARGETS.items():
            with self.subTest(os=os_name), tempfile.TemporaryDirectory() as tmp:
                result = compile_for(triple, "", tmp, syntax_only=False)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertTrue((Path(tmp) / "e.o").stat().st_size > 0)

    def test_an_unknown_os_is_an_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = compile_for("x86_64-unknown-netbsd", "", tmp, syntax_only=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("sysgate has no errno table for this OS", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
