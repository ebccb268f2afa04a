# SPDX-License-Identifier: Apache-2.0
"""codegen/generate.py on tables/freebsd/: `list freebsd/amd64`, and the
exact `path:line: message` (exit status 2) for each kind of malformed
FreeBSD row. Uses generator_test.py's scratch copy of the tables."""

import sys
import tempfile
import unittest
from pathlib import Path

from generator_test import TableCopyTestCase, run

FREEBSD = "tables/freebsd/amd64.tbl"
FREEBSD_SIGNATURES = "tables/freebsd/signatures.tbl"


class FreeBsdListTest(unittest.TestCase):
    def test_lists_every_row_sorted_by_name(self):
        result = run("list", "freebsd/amd64")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines, sorted(lines))
        listed = dict(line.split(" ") for line in lines)
        self.assertGreaterEqual(len(listed), 350)
        self.assertEqual(listed["openat"], "499")
        self.assertEqual(listed["thr_self"], "432")
        self.assertNotIn("break", listed)
        self.assertNotIn("syscall", listed, "SYSMUX rows are left out")

    def test_unknown_freebsd_architecture(self):
        result = run("list", "freebsd/arm64")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(
            result.stderr, "generate.py: unknown target 'freebsd/arm64' (known: freebsd/amd64)\n"
        )

    def test_unknown_os_names_the_known_ones(self):
        result = run("list", "netbsd/amd64")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(
            result.stderr,
            "generate.py: unknown OS 'netbsd' (known: freebsd, linux, darwin, glibc)\n",
        )


class MalformedFreeBsdTableTest(TableCopyTestCase):
    list_target = "freebsd/amd64"

    def test_compat_row(self):
        line = self.copy.append(FREEBSD, "62\tAUE_FSTAT\tCOMPAT|CAPENABLED\tofstat")
        self.assertRejected(
            FREEBSD, line, "type 'COMPAT|CAPENABLED' is not a live call's (expected STD or NOSTD, optionally |CAPENABLED)"
        )

    def test_unknown_flag(self):
        line = self.copy.replace_line(FREEBSD, r"3\t", "3\tAUE_READ\tSTD|NOTSTATIC\tread")
        self.assertRejected(
            FREEBSD, line, "type 'STD|NOTSTATIC' is not a live call's (expected STD or NOSTD, optionally |CAPENABLED)"
        )

    def test_bad_audit_event(self):
        line = self.copy.replace_line(FREEBSD, r"3\t", "3\tREAD\tSTD\tread")
        self.assertRejected(FREEBSD, line, "bad audit event 'READ' (expected AUE_NAME)")

    def test_missing_column(self):
        line = self.copy.replace_line(FREEBSD, r"3\t", "3\tAUE_READ\tread")
        self.assertRejected(FREEBSD, line, "expected <number> <audit event> <type> <name>")

    def test_keyword_name_gets_an_underscore_in_cxx(self):
        self.copy.append(FREEBSD, "17\tAUE_NULL\tSTD|CAPENABLED\tbreak")
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out, root=self.copy.root)
            self.assertEqual(result.returncode, 0, result.stderr)
            header = Path(out, "freebsd/syscalls.h").read_text()
            self.assertIn("inline Result<sysgate::Word> break_(sysgate::Word a1,", header)
            self.assertIn("sysgate::Word sysgate_freebsd_break(sysgate::Word a1,", header)
            numbers = Path(out, "freebsd_amd64/syscall_numbers.h").read_text()
            self.assertIn("inline constexpr long break_ = 17;", numbers)
        listed = run("list", "freebsd/amd64", root=self.copy.root).stdout.splitlines()
        self.assertIn("break 17", listed)

    def test_duplicate_number(self):
        first = self.copy.line_of(FREEBSD, r"3\t")
        line = self.copy.append(FREEBSD, "3\tAUE_READ\tSTD\tread_again")
        self.assertRejected(FREEBSD, line, f"number 3 is taken by read (line {first})")

    def test_signature_with_an_unknown_type(self):
        line = self.copy.append(FREEBSD_SIGNATURES, "long frob(sigset_s *set)")
        self.assertRejected(FREEBSD_SIGNATURES, line, "unknown type 'sigset_s'")

    def test_linux_types_are_not_freebsd_types(self):
        line = self.copy.append(FREEBSD_SIGNATURES, "long frob(umode_t mode)")
        self.assertRejected(FREEBSD_SIGNATURES, line, "unknown type 'umode_t'")

    def test_architecture_without_template(self):
        rel = "tables/freebsd/arm64.tbl"
        self.copy.path(rel).write_text(self.copy.path(FREEBSD).read_text())
        abi = "tables/freebsd/amd64.abi"
        self.copy.path("tables/freebsd/arm64.abi").write_text(self.copy.path(abi).read_text())
        self.assertRejected(
            rel, 1, "no stub template codegen/templates/freebsd/arch/arm64.S.j2 for arm64", ("generate", "check")
        )


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
