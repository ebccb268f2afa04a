#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Refreshes tables/linux/ARCH.constants from each architecture's compiler.

    refresh_constants.py [--root DIR] [--check] [ARCH...]

The maintainer's step, as mkall.sh is x/sys's: for each Linux architecture
(every tables/linux/ARCH.abi, or the ARCHes named) it runs the .abi's
`gnu_triple`-gcc, `-E -dM` over each header of tables/linux/constants.tbl
to find the macros the row selects, then compiles one object that holds
every selected macro's value and C type (the compiler evaluates them: uapi
macros are expressions, `(__poll_t)(1U << 31)`, not only literals), reads
them back out of the object and writes the table. `generate` never runs a
compiler; it renders the tables this writes.

With --check nothing is written: exit status 1 names each table that a
refresh would change. A malformed table, or a macro that is not an integer,
stops with `path:line: message` and exit status 2; a compiler that is
missing or fails, with its message and exit status 3.
"""

import argparse
import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import constants
import tables

CODEGEN = Path(os.path.abspath(__file__)).parent
COMMAND = "python3 codegen/refresh_constants.py"
EXIT_STALE = 1
EXIT_BAD_TABLE = 2
EXIT_COMPILER = 3
SECTION = b".sysgate_constants"
# Each value's C type, as the object records it: 0 for anything else (a
# pointer, a char), which is not a constant sysgate can export.
TYPE_CODES = {code: cxx for code, cxx in enumerate(constants.SUFFIX_TYPES.values(), start=1)}
SUFFIXES = {cxx: suffix for suffix, cxx in constants.SUFFIX_TYPES.items()}


class CompilerError(Exception):
    pass


def run_tool(command, source=None):
    """The stdout of `command` fed `source`; a CompilerError if it is missing or fails."""
    try:
        result = subprocess.run(command, input=source, capture_output=True, text=True)
    except FileNotFoundError:
        raise CompilerError(f"{command[0]}: not found (./bazelw installs each .abi's packages)") from None
    if result.returncode != 0:
        raise CompilerError(f"{' '.join(command)} failed:\n{result.stderr}")
    return result.stdout


def defined_macros(compiler, header):
    """The object-like macros defined once `header` is included: name -> body."""
    out = run_tool([compiler, "-E", "-dM", "-x", "c", "-"], f"#include <{header}>\n")
    macros = {}
    for line in out.splitlines():
        _, name, *body = line.split(" ", 2)
        if "(" not in name:
            macros[name] = body[0] if body else ""
    return macros


def linux_release(compiler):
    """The Linux release of the uapi headers `compiler` finds, e.g. 6.1.192."""
    version = defined_macros(compiler, "linux/version.h")
    return ".".join(version.get(f"LINUX_VERSION_{part}", "?") for part in ("MAJOR", "PATCHLEVEL", "SUBLEVEL"))


def _object_source(headers, names):
    """C that puts each name's value and type code in SECTION, two 64-bit
    words each; a value that is no integer is stored as 0, its code 0."""
    lines = [f"#include <{h}>" for h in headers]
    types = ", ".join(f"{cxx}: {code}" for code, cxx in TYPE_CODES.items())
    lines += [
        f"#define SYSGATE_TYPE(x) _Generic((x), {types}, default: 0)",
        "#define SYSGATE_VALUE(x) (unsigned long long)__builtin_choose_expr(SYSGATE_TYPE(x) != 0, (x), 0)",
        f'__attribute__((used, section("{SECTION.decode()}")))',
        "const unsigned long long sysgate_constants[][2] = {",
    ]
    first = len(lines) + 1
    lines += [f"  {{SYSGATE_VALUE({n}), SYSGATE_TYPE({n})}}," for n in names]
    return "\n".join(lines + ["};", ""]), first


def _section(data, name):
    """The contents of ELF section `name`, and the object's byte order."""
    if data[:4] != b"\x7fELF":
        raise CompilerError("the compiler's output is not ELF")
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    if wide:
        (shoff,) = struct.unpack_from(order + "Q", data, 0x28)
        entsize, count, strndx = struct.unpack_from(order + "HHH", data, 0x3A)
        layout = order + "IIQQQQ"
    else:
        (shoff,) = struct.unpack_from(order + "I", data, 0x20)
        entsize, count, strndx = struct.unpack_from(order + "HHH", data, 0x2E)
        layout = order + "IIIIII"

    def header(i):
        name_at, _, _, _, offset, size = struct.unpack_from(layout, data, shoff + i * entsize)
        return name_at, offset, size

    _, strings, _ = header(strndx)
    for i in range(count):
        name_at, offset, size = header(i)
        start = strings + name_at
        if data[start : data.index(b"\0", start)] == name:
            return data[offset : offset + size], order
    raise CompilerError(f"the compiler's object has no {name.decode()} section")


def evaluate(compiler, headers, names):
    """name -> (value, C type or None) for each of `names`, as the compiler
    sees them with `headers` included."""
    source, first = _object_source(headers, names)
    with tempfile.TemporaryDirectory() as scratch:
        obj = Path(scratch) / "constants.o"
        try:
            run_tool([compiler, "-std=gnu11", "-c", "-x", "c", "-", "-o", str(obj)], source)
        except CompilerError as e:
            # Name the macros whose lines the compiler rejected.
            bad = sorted(
                {names[n - first] for n in _error_lines(str(e)) if 0 <= n - first < len(names)}
            )
            if bad:
                raise CompilerError(f"{', '.join(bad)}: not integer expressions for {compiler}:\n{e}") from None
            raise
        data, order = _section(obj.read_bytes(), SECTION)
    words = struct.unpack(f"{order}{2 * len(names)}Q", data)
    return {n: (words[2 * i], TYPE_CODES.get(words[2 * i + 1])) for i, n in enumerate(names)}


def _error_lines(stderr):
    for line in stderr.splitlines():
        where, _, rest = line.partition(": error:")
        if rest and where.startswith("<stdin>:"):
            yield int(where.split(":")[1])


def refresh_arch(target, selection, errno_names):
    """The text of tables/linux/ARCH.constants for one architecture."""
    compiler = f"{target.abi.build.gnu_triple}-gcc"
    chosen = []  # (row, name)
    for row in selection.rows:
        macros = defined_macros(compiler, row.header)
        for name in sorted(macros):
            if name in errno_names or not row.selects(name):
                continue
            if not macros[name]:
                raise tables.TableError(
                    selection.path, row.line, f"{name} is defined empty for {target.arch}: leave it out with !{name}"
                )
            chosen.append((row, name))
    values = evaluate(compiler, [r.header for r in selection.rows], [n for _, n in chosen])
    release = linux_release(compiler)
    lines = [
        f"# Code generated by `{COMMAND}`; DO NOT EDIT.",
        f"# Source: {selection.path}, and the uapi headers of Linux {release} as {compiler} finds them.",
        "# SPDX-License-Identifier: Apache-2.0",
        "#",
        f"# linux/{target.arch}'s values of the constants {selection.path} selects:",
        "# <name> <value>, the value a C integer literal whose suffix is its type",
        "# (none: int, U, L, UL, LL, ULL). The errno table's names are not here:",
        "# their numbers are its own (the .abi's errno key).",
    ]
    current = None
    for row, name in chosen:
        raw, cxx_type = values[name]
        if cxx_type is None:
            raise tables.TableError(
                selection.path, row.line, f"{name} is not of a C integer type for {target.arch}: leave it out with !{name}"
            )
        bits = constants.type_bits(cxx_type, target.abi.word_bits)
        value = raw & (2**bits - 1)
        if not cxx_type.startswith("unsigned") and value >= 2 ** (bits - 1):
            value -= 2**bits
        if row is not current:
            lines += ["", f"# <{row.header}> ({selection.path}:{row.line})"]
            current = row
        lines.append(f"{name:<31} {constants.literal(value, SUFFIXES[cxx_type])}")
    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(prog="refresh_constants.py", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=CODEGEN.parent, help="the checkout whose tables/ to refresh")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a table would change")
    parser.add_argument("arches", nargs="*", metavar="ARCH", help="only these (default: every tables/linux/ARCH.abi)")
    args = parser.parse_args(argv)
    root = Path(os.path.abspath(args.root))
    try:
        targets = {t.arch: t for t in tables.read_linux(root)}
        errno_tables = tables.read_linux_errno(root, list(targets.values())).values()
        errno_names = {row.name for table in errno_tables for row in table.rows}
        selection = constants.read_selection(root, errno_names)
        unknown = [a for a in args.arches if a not in targets]
        if unknown:
            print(f"refresh_constants.py: unknown architecture {', '.join(unknown)} (known: {', '.join(targets)})", file=sys.stderr)
            return EXIT_BAD_TABLE
        texts = {arch: refresh_arch(targets[arch], selection, errno_names) for arch in args.arches or targets}
    except tables.TableError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_TABLE
    except CompilerError as e:
        print(f"refresh_constants.py: {e}", file=sys.stderr)
        return EXIT_COMPILER
    stale = 0
    for arch, text in texts.items():
        path = constants.values_path(root, arch)
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
