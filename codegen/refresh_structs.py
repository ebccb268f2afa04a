#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Refreshes tables/linux/ARCH.structs from each architecture's compiler.

    refresh_structs.py [--root DIR] [--check] [ARCH...]

The maintainer's step, beside refresh_constants.py: for each Linux
architecture (every tables/linux/ARCH.abi, or the ARCHes named) it has the
.abi's `gnu_triple`-gcc build, with debug information, an object that
points to every struct tables/linux/structs.tbl lists (and to a struct
{char; T;} per scalar T, whose offset is T's alignment in a struct), reads
the layouts back with `gnu_triple`-readelf --debug-dump=info and writes the
table: each record's size and requested alignment, each member's offset,
requested alignment and type, the types reduced to the scalars, records and
pointers they are (typedefs and enums resolved). `generate` never runs a
compiler; it renders the tables this writes (codegen/structs.py).

With --check nothing is written: exit status 1 names each table that a
refresh would change. A malformed structs.tbl stops with `path:line:
message` and exit status 2; a compiler or readelf that is missing or fails,
or debug information this cannot read, with its message and exit status 3.
"""

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import structs
import tables
# The compiler's and readelf's failures are a CompilerError, as the
# constants' refresh reports them.
from refresh_constants import CompilerError as ToolError
from refresh_constants import linux_release, run_tool

CODEGEN = Path(os.path.abspath(__file__)).parent
COMMAND = "python3 codegen/refresh_structs.py"
EXIT_STALE = 1
EXIT_BAD_TABLE = 2
EXIT_TOOL = 3
# gcc's names of the C scalar types in its debug information.
DWARF_SCALARS = {
    "char": "char",
    "signed char": "signed char",
    "unsigned char": "unsigned char",
    "short int": "short",
    "short unsigned int": "unsigned short",
    "int": "int",
    "unsigned int": "unsigned int",
    "long int": "long",
    "long unsigned int": "unsigned long",
    "long long int": "long long",
    "long long unsigned int": "unsigned long long",
}
PROBE_PREFIX = "sysgate_align_"


def _probe_name(ctype):
    """The variable whose struct {char c; ctype t;} gives ctype's alignment."""
    return f"{PROBE_PREFIX}{ctype.replace(' ', '_').replace('*', 'pointer')}"


def probe_source(selection):
    """C whose debug information describes every listed struct its
    architecture defines, and each scalar's alignment in a struct."""
    lines = []
    for i, row in enumerate(selection.rows):
        lines += [f"#if __has_include(<{row.header}>)", f"#include <{row.header}>"]
        # A pointer compiles whether or not the header defines the struct;
        # the debug information says which it did.
        lines += [f"struct {tag} *sysgate_probe_{i}_{j};" for j, tag in enumerate(row.tags)]
        lines.append("#endif")
    for ctype in structs.SCALARS:
        field = ctype.replace(" *", "*")
        lines.append(f"struct {_probe_name(ctype)} {{ char c; {field} t; }} {_probe_name(ctype)}_v;")
    return "\n".join(lines) + "\n"


_DIE = re.compile(r"\s*<(?P<depth>\d+)><(?P<offset>[0-9a-f]+)>: Abbrev Number: (?P<abbrev>\d+)(?: \((?P<tag>DW_TAG_\w+)\))?")
_ATTR = re.compile(r"\s*<[0-9a-f]+>\s+(?P<name>DW_AT_\w+)\s*: (?P<value>.*)")


class Die:
    def __init__(self, offset, tag):
        self.offset, self.tag, self.attrs, self.children = offset, tag, {}, []

    def name(self):
        value = self.attrs.get("DW_AT_name")
        if value is None:
            return None
        # `(strp) (offset: 0x1f): stat` or `(string) stat`
        value = re.sub(r"\A\(\w+\) ", "", value)
        return re.sub(r"\A\([^)]*offset: (?:0x[0-9a-f]+|[0-9]+)\): ", "", value)

    def number(self, attr, default=None):
        value = self.attrs.get(attr)
        if value is None:
            return default
        m = re.match(r"(?:\(\w+\) )?(0x[0-9a-f]+|\d+)", value)
        if not m:
            raise ToolError(f"DIE <{self.offset:#x}>: {attr} is {value!r}, not a number")
        return int(m.group(1), 0)

    def ref(self):
        value = self.attrs.get("DW_AT_type")
        if value is None:
            return None
        m = re.search(r"<(0x[0-9a-f]+)>", value)
        if not m:
            raise ToolError(f"DIE <{self.offset:#x}>: DW_AT_type is {value!r}")
        return int(m.group(1), 16)


def parse_dwarf(text):
    """readelf --debug-dump=info as DIEs: offset -> Die, and the top-level ones."""
    dies, top, stack = {}, [], []
    for line in text.splitlines():
        m = _DIE.match(line)
        if m:
            depth = int(m.group("depth"))
            del stack[depth:]
            if m.group("abbrev") == "0":
                continue
            die = Die(int(m.group("offset"), 16), m.group("tag"))
            dies[die.offset] = die
            if depth == 1:
                top.append(die)
            elif depth > 1 and stack:
                stack[-1].children.append(die)
            stack.append(die)
            continue
        m = _ATTR.match(line)
        if m and stack:
            stack[-1].attrs[m.group("name")] = m.group("value").strip()
    return dies, top


class _Reader:
    """Turns the DIEs of one object into ARCH.structs rows."""

    def __init__(self, dies):
        self.dies = dies
        self.done = []  # tags written, in order
        self.rows = []

    def strip(self, offset):
        """The DIE a type refers to, past typedefs and qualifiers."""
        die = self.dies[offset]
        while die.tag in ("DW_TAG_typedef", "DW_TAG_const_type", "DW_TAG_volatile_type"):
            ref = die.ref()
            if ref is None:
                raise ToolError(f"DIE <{die.offset:#x}>: a {die.tag} of nothing")
            die = self.dies[ref]
        return die

    def type_text(self, offset):
        """(text as ARCH.structs writes it, the record DIE it holds by value or None)."""
        die = self.strip(offset)
        dims = ""
        while die.tag == "DW_TAG_array_type":
            for sub in die.children:
                if sub.tag != "DW_TAG_subrange_type":
                    continue
                count = sub.number("DW_AT_count")
                upper = sub.number("DW_AT_upper_bound")
                dims += f"[{count if count is not None else upper + 1 if upper is not None else ''}]"
            die = self.strip(die.ref())
        if die.tag == "DW_TAG_pointer_type":
            target = die.ref()
            if target is None:
                return "void *" + dims, None
            pointee = self.strip(target)
            if pointee.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") and pointee.name():
                self.record(pointee)  # pointed-to records are defined too
                kind = "struct" if pointee.tag == "DW_TAG_structure_type" else "union"
                return f"{kind} {pointee.name()} *{dims}", None
            return "void *" + dims, None
        if die.tag == "DW_TAG_enumeration_type":
            die = self.strip(die.ref())
        if die.tag == "DW_TAG_base_type":
            name = die.name()
            if name not in DWARF_SCALARS:
                raise ToolError(f"DIE <{die.offset:#x}>: no C scalar for {name!r}")
            return DWARF_SCALARS[name] + dims, None
        if die.tag in ("DW_TAG_structure_type", "DW_TAG_union_type"):
            kind = "struct" if die.tag == "DW_TAG_structure_type" else "union"
            if die.name() is None:
                return None, die  # anonymous: nested by the caller
            return f"{kind} {die.name()}{dims}", die
        raise ToolError(f"DIE <{die.offset:#x}>: a member of type {die.tag} is not supported")

    def record(self, die):
        """Writes the record of `die` (complete), after those it contains."""
        tag = die.name()
        if tag in self.done or die.attrs.get("DW_AT_declaration"):
            return
        self.done.append(tag)  # before the members: a record may point to itself
        body = self.members(die, 1)
        kind = "struct" if die.tag == "DW_TAG_structure_type" else "union"
        self.rows += [f"{kind} {tag} {die.number('DW_AT_byte_size')} {die.number('DW_AT_alignment', '-')}", *body, "end"]

    def members(self, die, depth):
        rows = []
        indent = "    " * depth
        for m in die.children:
            if m.tag != "DW_TAG_member":
                continue
            text, held = self.type_text(m.ref())
            if text is None:  # a struct or union without a tag
                kind = "struct" if held.tag == "DW_TAG_structure_type" else "union"
                offset = m.number("DW_AT_data_member_location", 0)
                # A member of a record type without a tag: __kernel_fsid_t's
                # f_fsid, or (with no name) an anonymous union.
                name = m.name() or "-"
                rows.append(f"{indent}{kind} {name} {offset} {held.number('DW_AT_byte_size')} {held.number('DW_AT_alignment', '-')}")
                rows += self.members(held, depth + 1)
                rows.append(f"{indent}end")
                continue
            if held is not None:
                self.record(held)
            name = m.name()
            width = m.number("DW_AT_bit_size")
            if width is not None:
                bit = m.number("DW_AT_data_bit_offset")
                if bit is None:
                    raise ToolError(f"DIE <{m.offset:#x}>: a bit-field without DW_AT_data_bit_offset (DWARF 4?)")
                rows.append(f"{indent}bits {name} {bit} {width} {text}")
            else:
                offset = m.number("DW_AT_data_member_location", 0)
                rows.append(f"{indent}field {name} {offset} {m.number('DW_AT_alignment', '-')} {text}")
        return rows


def refresh_arch(target, selection):
    """The text of tables/linux/ARCH.structs for one architecture."""
    triple = target.abi.build.gnu_triple
    compiler = f"{triple}-gcc"
    with tempfile.TemporaryDirectory() as scratch:
        obj = Path(scratch) / "structs.o"
        run_tool([compiler, "-std=gnu11", "-gdwarf-5", "-O0", "-c", "-x", "c", "-", "-o", str(obj)], probe_source(selection))
        dwarf = run_tool([f"{triple}-readelf", "--wide", "--debug-dump=info", str(obj)])
    dies, top = parse_dwarf(dwarf)
    reader = _Reader(dies)
    variables = {d.name(): d for d in top if d.tag == "DW_TAG_variable"}
    scalar_rows = []
    for ctype in structs.SCALARS:
        probe = variables.get(f"{_probe_name(ctype)}_v")
        if probe is None:
            raise ToolError(f"{compiler}: no debug information for the {ctype} probe")
        record = reader.strip(probe.ref())
        t = next(m for m in record.children if m.name() == "t")
        size = record.number("DW_AT_byte_size") - t.number("DW_AT_data_member_location")
        scalar_rows.append(f"scalar {size:<2} {t.number('DW_AT_data_member_location'):<2} {ctype}")
    for i, row in enumerate(selection.rows):
        for j, tag in enumerate(row.tags):
            probe = variables.get(f"sysgate_probe_{i}_{j}")
            if probe is None:
                continue  # the architecture lacks the header
            pointer = dies[probe.ref()]
            record = reader.strip(pointer.ref())
            if record.attrs.get("DW_AT_declaration"):
                continue  # the header does not define it here
            reader.record(record)
    release = linux_release(compiler)
    lines = [
        f"# Code generated by `{COMMAND}`; DO NOT EDIT.",
        f"# Source: {selection.path}, and the uapi headers of Linux {release} as {compiler} finds them.",
        "# SPDX-License-Identifier: Apache-2.0",
        "#",
        f"# linux/{target.arch}'s layouts of the structs {selection.path} lists, and of",
        "# the structs those hold, from the compiler's debug information. Rows:",
        *(f"#   {fmt}" for fmt in structs.FACTS_FORMATS.values()),
        "# An alignment is what the header asked for (`-`: nothing); a scalar's is",
        "# the offset of a T after a char; an offset is in bytes from the start of",
        "# the record that holds the member, a bit offset in bits.",
        "",
        *scalar_rows,
        "",
        *reader.rows,
    ]
    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(prog="refresh_structs.py", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=CODEGEN.parent, help="the checkout whose tables/ to refresh")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a table would change")
    parser.add_argument("arches", nargs="*", metavar="ARCH", help="only these (default: every tables/linux/ARCH.abi)")
    args = parser.parse_args(argv)
    root = Path(os.path.abspath(args.root))
    try:
        selection = structs.read_selection(root)
        targets = {t.arch: t for t in tables.read_linux(root)}
        unknown = [a for a in args.arches if a not in targets]
        if unknown:
            print(f"refresh_structs.py: unknown architecture {', '.join(unknown)} (known: {', '.join(targets)})", file=sys.stderr)
            return EXIT_BAD_TABLE
        texts = {arch: refresh_arch(targets[arch], selection) for arch in args.arches or targets}
    except tables.TableError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_TABLE
    except ToolError as e:
        print(f"refresh_structs.py: {e}", file=sys.stderr)
        return EXIT_TOOL
    stale = 0
    for arch, text in texts.items():
        path = structs.facts_path(root, arch)
        if path.is_file() and path.read_text() == text:
            continue
        if args.check:
            print(f"{path.relative_to(root)}: stale; run `{COMMAND}`", file=sys.stderr)
            stale = EXIT_STALE
        else:
            path.write_text(text)
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
