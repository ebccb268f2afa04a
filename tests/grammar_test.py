# SPDX-License-Identifier: Apache-2.0
"""Tests of codegen/grammar.py, the reader every table shares: rows and their
line numbers, `| key: value` attributes, and the probe attributes, which
the kernel's signatures.tbl and the C libraries' imports.tbl must read the
same way. Each error is `path:line: message`, the line the file's own."""

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path("codegen").absolute()))
import grammar  # noqa: E402
import libc_tables  # noqa: E402
import tables  # noqa: E402
from grammar import ProbeArg, TableError  # noqa: E402

FLAGS = ("newfd", "result32")
# The types the probe tests' rows use, as both kinds of types.tbl write them.
TYPES = "char = char\nint = int\nlong = long\nsize_t = unsigned long\n"
KEYS = ("probe", "varies", "unsafe", "only")


class Scratch(unittest.TestCase):
    """A root folder to write small tables into."""

    def setUp(self):
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        self.root = Path(scratch.name)

    def write(self, rel, text):
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def assertError(self, message, read, *args):
        with self.assertRaises(TableError) as caught:
            read(*args)
        self.assertEqual(str(caught.exception), message)


class RowsTest(Scratch):
    def test_comments_and_blank_lines_are_not_rows_but_keep_their_lines(self):
        path = self.write("t/x.tbl", "# a comment\n\n  \tfirst row  \n   # indented comment\nsecond\n")
        table = grammar.read_table(self.root, path)
        self.assertEqual(table.path, "t/x.tbl")
        self.assertEqual(
            table.rows, (grammar.Row("t/x.tbl", 3, "first row"), grammar.Row("t/x.tbl", 5, "second"))
        )

    def test_non_ascii_and_carriage_return_name_their_line(self):
        self.assertError(
            "t/x.tbl:2: not ASCII text",
            grammar.read_table, self.root, self.write("t/x.tbl", "ok\nclos\u00e9\n"),
        )
        self.assertError(
            "t/y.tbl:3: carriage return in line",
            grammar.read_table, self.root, self.write("t/y.tbl", "ok\n\nrow\r\n"),
        )

    def test_columns(self):
        row = grammar.Row("t/x.tbl", 7, "1 common  read   sys_read")
        self.assertEqual(row.columns("<n> <abi> <name> [<entry>]", 3, 4), ["1", "common", "read", "sys_read"])
        self.assertEqual(row.columns("<n> <rest>", 2, 2, rest=True), ["1", "common  read   sys_read"])
        self.assertError("t/x.tbl:7: expected <n> <abi>", row.columns, "<n> <abi>", 2, 2)


class AttributesTest(Scratch):
    def split(self, text, line=1):
        return grammar.split_attributes(grammar.Row("t/s.tbl", line, text), FLAGS, KEYS)

    def test_flags_and_keys(self):
        declaration, attributes = self.split("int f(int a) | newfd |probe: 0x10, -1 | varies : it moves ")
        self.assertEqual(declaration, grammar.Row("t/s.tbl", 1, "int f(int a)"))
        self.assertEqual(attributes, {"newfd": True, "probe": "0x10, -1", "varies": "it moves"})

    def test_a_row_without_attributes(self):
        self.assertEqual(self.split("int f()"), (grammar.Row("t/s.tbl", 1, "int f()"), {}))

    def test_a_flag_given_a_value_or_a_key_without_one_is_unknown(self):
        self.assertError("t/s.tbl:4: unknown attribute 'newfd: yes'", self.split, "int f() | newfd: yes", 4)
        self.assertError("t/s.tbl:4: unknown attribute 'probe 1'", self.split, "int f(int a) | probe 1", 4)
        self.assertError("t/s.tbl:4: unknown attribute ''", self.split, "int f() |", 4)

    def test_an_attribute_given_twice(self):
        self.assertError(
            "t/s.tbl:2: attribute newfd given twice", self.split, "int f() | newfd | newfd", 2
        )

    def test_a_malformed_attribute_in_a_file_names_its_line(self):
        types = self.write("tables/k/types.tbl", TYPES)
        signatures = self.write(
            "tables/k/signatures.tbl",
            "# comment\n\nlong read(int fd)\nlong write(int fd) | probe 1\n",
        )
        self.assertError(
            "tables/k/signatures.tbl:4: unknown attribute 'probe 1'",
            tables.read_signatures, self.root, signatures, tables.read_types(self.root, types), ("amd64",),
        )


class ProbeTest(Scratch):
    """Both kinds of table read the probe attributes with grammar.read_probe."""

    def signature(self, attributes):
        types = tables.read_types(self.root, self.write("tables/k/types.tbl", TYPES))
        path = self.write(
            "tables/k/signatures.tbl", f"# comment\nlong f(int fd, char *buf, size_t n){attributes}\n"
        )
        return tables.read_signatures(self.root, path, types, ("amd64",))[("f", "amd64")]

    def import_row(self, attributes):
        types = libc_tables.read_types(
            self.root, self.write("tables/glibc/types.tbl", TYPES), "glibc"
        )
        path = self.write(
            "tables/glibc/imports.tbl",
            "__errno_location never int *errno_location()\n"
            f"f errno long f(int fd, char *buf, size_t n){attributes}\n",
        )
        rows = libc_tables.read_imports(self.root, path, "glibc", types)
        return next(r for r in rows if r.name == "f")

    def test_the_same_attributes_give_the_same_probe_in_both_tables(self):
        for attributes, probe in [
            ("", grammar.Probe((), "", "", False)),
            (
                " | probe: 3, 0x10, -1 | newfd",
                grammar.Probe(
                    (ProbeArg("word", 3), ProbeArg("word", 16), ProbeArg("word", -1)), "", "", True
                ),
            ),
            (" | varies: counts", grammar.Probe((), "", "counts", False)),
            (" | unsafe: blocks", grammar.Probe((), "blocks", "", False)),
        ]:
            with self.subTest(attributes=attributes):
                self.assertEqual(self.signature(attributes).probe, probe)
                self.assertEqual(self.import_row(attributes).probe, probe)

    def test_the_same_mistakes_give_the_same_message_in_both_tables(self):
        for attributes, message in [
            (" | probe: 1, 2", "probe gives 2 arguments; f takes 3"),
            (
                " | probe: 1, 2, 99999999999999999999",
                "probe argument 99999999999999999999 does not fit in 64 bits",
            ),
            (" | unsafe:", "`unsafe:` needs a reason"),
            (" | varies: ", "`varies:` needs a reason"),
        ]:
            with self.subTest(attributes=attributes):
                self.assertError(f"tables/k/signatures.tbl:2: {message}", self.signature, attributes)
                self.assertError(f"tables/glibc/imports.tbl:2: {message}", self.import_row, attributes)

    def test_only_an_import_probe_takes_buffers_and_strings(self):
        attributes = ' | probe: 0, buf, "text"'
        self.assertEqual(
            self.import_row(attributes).probe.args,
            (ProbeArg("word", 0), ProbeArg("buffer", 0), ProbeArg("string", "text")),
        )
        self.assertError(
            "tables/k/signatures.tbl:2: probe argument 'buf' is not an integer", self.signature, attributes
        )
        self.assertError(
            'tables/glibc/imports.tbl:2: probe argument \'bu\' is not an integer, buf or a "string"',
            self.import_row, " | probe: 0, bu, 1",
        )

    def test_an_unsafe_row_takes_no_probe_attributes(self):
        self.assertError(
            "tables/k/signatures.tbl:2: an unsafe call is never probed: drop its probe attributes",
            self.signature, " | unsafe: blocks | newfd",
        )
        self.assertError(
            "tables/glibc/imports.tbl:2: an unsafe import is never probed: drop its probe attributes",
            self.import_row, " | unsafe: blocks | probe: 0, 0, 0",
        )

    def test_kind_and_reason(self):
        self.assertEqual(self.signature(" | varies: counts").probe.kind(False), "varies")
        probe = self.import_row("").probe
        self.assertEqual((probe.kind(False), probe.reason(False)), ("same", ""))
        self.assertEqual((probe.kind(True), probe.reason(True)), ("unsafe", "never returns"))


class TypeDefinitionsTest(Scratch):
    """types.tbl's left side is one grammar for the kernel and the C libraries."""

    def test_a_type_defined_twice_in_either_table(self):
        for rel, read in [
            ("tables/k/types.tbl", lambda path: tables.read_types(self.root, path)),
            ("tables/glibc/types.tbl", lambda path: libc_tables.read_types(self.root, path, "glibc")),
        ]:
            with self.subTest(rel=rel):
                path = self.write(rel, "# types\nfd_t = int\n\nfd_t  =  unsigned int\n")
                self.assertError(f"{rel}:4: type 'fd_t' defined twice", read, path)
                self.write(rel, "# no rows\n")
                self.assertError(f"{rel}:1: no types", read, path)
                self.write(rel, "fd_t int\n")
                self.assertError(f"{rel}:1: expected `<type> = <C++ type>`", read, path)


if __name__ == "__main__":
    unittest.main()
