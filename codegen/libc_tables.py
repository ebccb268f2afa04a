# SPDX-License-Identifier: Apache-2.0
"""Reads and validates the C library import tables: tables/OS/imports.tbl and
tables/OS/types.tbl, for the OSes whose system calls go through libc
(Darwin) or may (Linux with glibc, the libc backend).

Every rule about these tables lives here, once; the templates only render
what this module hands them. The grammar they share with the kernel tables
is grammar.py's, and so is the error a broken table raises (TableError,
naming the file and line).
"""

import dataclasses
import re

import grammar
from grammar import IDENT, ProbeArg, TableError

# The architectures each C library's trampolines are generated for; the
# folder tables/OS/ names the library.
LIBC_ARCHES = {
    "darwin": ("amd64", "arm64"),
    "glibc": ("amd64", "arm64"),
}
# The C library on the machines that build and test sysgate. Its table says
# which imports it has, and with what probe arguments the tests call them; an
# import of another library with the same name is called against it.
REFERENCE_LIBC = "glibc"
# Apple's arm64 ABI passes every variadic argument on the stack, in 8-byte
# slots, where AAPCS64 (and so Linux) passes them in registers like any other
# ("Writing ARM64 code for Apple platforms", "Update code that passes
# arguments to variadic functions").
VARIADIC_ON_STACK = frozenset({("darwin", "arm64")})
# An import, like a system call, takes at most grammar.MAX_ARGS arguments:
# its trampoline loads them into x86-64's six integer argument registers.
# The import every table must have: the function returning errno's address,
# which each trampoline calls to turn a failure into -errno.
ERRNO_IMPORT = "errno_location"

# How a function reports failure, and so how its trampoline turns the result
# into the raw value of sysgate::Result (-4095..-1 is -errno).
CONVENTIONS = {
    "errno": "returns -1 and sets errno",
    "errnum": "returns 0 or an error number, as pthread functions do",
    "null": "returns NULL and sets errno",
    "map_failed": "returns MAP_FAILED and sets errno",
    "never": "cannot fail",
}

# Width and signedness of each builtin integer type a table may use, on the
# LP64 ABIs of every target here. Plain `char` is left out: it is signed on
# x86-64 and Darwin arm64 but unsigned on Linux arm64.
INTEGERS = {
    "signed char": (8, True),
    "unsigned char": (8, False),
    "short": (16, True),
    "unsigned short": (16, False),
    "int": (32, True),
    "unsigned int": (32, False),
    "long": (64, True),
    "unsigned long": (64, False),
    "long long": (64, True),
    "unsigned long long": (64, False),
}
BUILTINS = frozenset(INTEGERS) | {"void", "char"}

NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
# A C symbol, optionally with Darwin's variant suffixes (fstat$INODE64).
SYMBOL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\$[A-Za-z0-9_]+)*\Z")
_FUNCTION_POINTER = re.compile(r"(?P<ret>[^()]+?)\s*\(\s*\*\s*\)\s*\((?P<params>[^()]*)\)\Z")
ROW_FORMAT = "<symbol> <errors> <return type> <name>(<parameters>)"
IMPORT_FLAGS = (*grammar.PROBE_FLAGS, "noreturn")
IMPORT_KEYS = (*grammar.PROBE_KEYS, "variadic")


def libc_struct(tag):
    """The C++ spelling of the C library's own `struct tag`: the global one,
    forward-declared by the generated header, so that a program passes
    `struct stat *` from the system headers with no cast."""
    return f"struct ::{tag}"


@dataclasses.dataclass(frozen=True)
class LibcTypes:
    path: str
    types: dict  # name -> grammar.Type
    opaque: tuple  # names of typedefs declared as opaque structs
    aliases: tuple  # (name, C++ type): each typedef, as sysgate::NAMESPACE::name


@dataclasses.dataclass(frozen=True)
class Import:
    """One row of an imports table."""

    line: int
    os: str
    name: str
    declaration: str  # the C declaration as the table writes it
    symbols: tuple  # (arch, symbol) for every architecture of the table
    errors: str
    returns: grammar.Type
    params: tuple
    fixed: int  # how many parameters precede C's `...`; all when not variadic
    noreturn: bool
    probe: grammar.Probe

    def symbol(self, arch):
        return dict(self.symbols)[arch]

    def macho_symbol(self, arch):
        """Quoted, since a Darwin variant's `$` is not an identifier character."""
        return f'"_{self.symbol(arch)}"'

    @property
    def elf_symbol(self):
        """The symbol on ELF, where Darwin's variants mean nothing: the tests
        assemble Darwin trampolines for Linux and call glibc's function."""
        return self.symbols[0][1].partition("$")[0]

    @property
    def trampoline(self):
        return f"sysgate_{self.os}_{self.name}_trampoline"

    @property
    def variadic(self):
        return self.fixed < len(self.params)

    @property
    def convention(self):
        return CONVENTIONS[self.errors]

    @property
    def return_kind(self):
        """How the trampoline widens the C return register to 64 bits:
        "void", "word" (64 bits already), or s/u and the width (e.g. "s32")."""
        return _value_kind(self.returns)

    @property
    def probe_kind(self):
        return self.probe.kind(self.noreturn)

    @property
    def probe_reason(self):
        return self.probe.reason(self.noreturn)


@dataclasses.dataclass(frozen=True)
class LibcTable:
    os: str
    path: str
    types: LibcTypes
    arches: tuple
    rows: tuple  # sorted by name

    @property
    def errno_import(self):
        return next(r for r in self.rows if r.name == ERRNO_IMPORT)

    @property
    def struct_tags(self):
        return sorted(
            {
                tag
                for row in self.rows
                for t in (row.returns, *(p.type for p in row.params))
                for tag in t.struct_tags
            }
        )


def _value_kind(t):
    if t.pointer:
        return "word"
    if t.cxx == "void":
        return "void"
    bits, signed = INTEGERS.get(t.cxx, (None, None))
    if bits is None:
        return None
    return "word" if bits == 64 else f"{'s' if signed else 'u'}{bits}"


def _builtin(row, text):
    """`unsigned int *` and the like: a builtin type and pointers."""
    words = text.replace("*", " * ").split()
    const = words[:1] == ["const"]
    words = words[1:] if const else words
    base = []
    while words and words[0] != "*":
        base.append(words.pop(0))
    if " ".join(base) not in BUILTINS or any(w != "*" for w in words):
        raise row.error(f"bad C++ type {text.strip()!r}")
    return ("const " if const else "") + " ".join(base) + "*" * len(words), bool(words)


def read_types(root, path, namespace):
    """types.tbl of a C library: `<type as written in imports.tbl> = <C++>`,
    where <C++> is a builtin type, `struct TAG` (the library's own struct),
    `opaque` (an opaque sysgate::NAMESPACE::NAME, for typedefs of anonymous
    structs) or a function pointer `RET (*)(PARAMS)`."""
    table = grammar.read_table(root, path)
    types, opaque, aliases = {}, [], []
    for row, left, right in grammar.type_definitions(table):
        own = f"sysgate::{namespace}::{left}"
        fn = _FUNCTION_POINTER.match(right)
        words = right.replace("*", " * ").split()
        if right == "opaque" or fn:
            if not IDENT.match(left):
                raise row.error(f"{right.split()[0]} type {left!r} must be one word")
        if right == "opaque":
            types[left] = grammar.Type(left, own, False, ())
            opaque.append(left)
        elif fn:
            ret, _ = _builtin(row, fn.group("ret"))
            params = [_builtin(row, p)[0] for p in fn.group("params").split(",")]
            types[left] = grammar.Type(left, own, True, ())
            aliases.append((left, f"{ret} (*)({', '.join(params)})"))
        elif words[0] == "struct":
            if len(words) < 2 or not IDENT.match(words[1]) or any(w != "*" for w in words[2:]):
                raise row.error(f"bad struct in {right!r}")
            stars = len(words) - 2
            types[left] = grammar.Type(left, libc_struct(words[1]) + "*" * stars, stars > 0, (words[1],))
        else:
            cxx, pointer = _builtin(row, right)
            types[left] = grammar.Type(left, cxx, pointer, ())
        # A typedef keeps its name in sysgate::NAMESPACE, so that code written
        # for any C library can say libc::sigset_t or libc::pthread_attr_t.
        if IDENT.match(left) and left != right and not fn and right != "opaque":
            aliases.append((left, types[left].cxx))
    return LibcTypes(table.path, types, tuple(opaque), tuple(aliases))


def _check_value(row, t, what, name):
    if _value_kind(t) is None:
        raise row.error(f"{name}: {what} {t.table!r} is passed by value; only integers and pointers are")


def read_imports(root, path, os_name, types):
    """An imports table: `<symbol> <errors> <declaration> [| <attribute>]...`."""
    table = grammar.read_table(root, path)
    arches = LIBC_ARCHES[os_name]
    by_name, by_symbol = {}, {}
    for row in table.rows:
        declared, attributes = grammar.split_attributes(row, IMPORT_FLAGS, (*IMPORT_KEYS, *arches))
        symbol, errors, declaration = declared.columns(f"`{ROW_FORMAT}`", 3, 3, rest=True)
        if not SYMBOL.match(symbol):
            raise row.error(f"bad symbol {symbol!r}")
        if errors not in CONVENTIONS:
            raise row.error(f"unknown error convention {errors!r} (expected one of {', '.join(CONVENTIONS)})")
        name, returns, params = grammar.parse_declaration(
            row, declaration, types.types, ROW_FORMAT, NAME, "import name", libc_struct
        )
        for p in params:
            _check_value(row, p.type, f"parameter {p.name}", name)
        _check_value(row, returns, "return type", name)

        fixed = len(params)
        if "variadic" in attributes:
            value = attributes["variadic"]
            if not re.fullmatch(r"\d+", value):
                raise row.error(f"variadic: {value!r} is not a parameter count")
            fixed = int(value)
            if not 1 <= fixed < len(params):
                raise row.error(
                    f"variadic: {fixed} is out of range: {name} has {len(params)} parameters, "
                    "and C needs at least one before `...` and one after"
                )
        symbols = {}
        for arch in arches:
            value = attributes.get(arch, symbol)
            if not SYMBOL.match(value):
                raise row.error(f"bad symbol {value!r}")
            if value.partition("$")[0] != symbol.partition("$")[0]:
                raise row.error(f"{arch}: {value} is not a variant of {symbol} ({symbol}$VARIANT)")
            symbols[arch] = value
        noreturn = attributes.get("noreturn", False)

        if returns.cxx == "void" and errors != "never":
            raise row.error(f"{name}: a function returning void cannot report errors: use never")
        if errors == "errno" and returns.pointer:
            raise row.error(f"{name}: a function returning a pointer reports errors with null or map_failed")
        if errors == "errno" and _value_kind(returns) in ("u8", "u16", "u32"):
            # The trampoline zero-extends the return register (return_kind),
            # so an unsigned int's -1 arrives as 0xffffffff, not -1, and the
            # failure would pass for a value.
            raise row.error(
                f"{name}: errno needs a signed or 64-bit return type; {returns.table!r} is "
                f"{returns.cxx}, whose -1 the trampoline zero-extends and never sees as a failure"
            )
        if errors in ("null", "map_failed") and not returns.pointer:
            raise row.error(f"{name}: {errors} is for functions returning a pointer")
        if errors == "errnum" and returns.cxx != "int":
            raise row.error(f"{name}: errnum is for functions returning int")
        if noreturn and returns.cxx != "void":
            raise row.error(f"{name}: a noreturn function returns void")
        probe = grammar.read_probe(row, attributes, name, params, "import", ("buffer", "string"), noreturn)

        if name in by_name:
            raise row.error(f"{name} is listed twice (first at line {by_name[name].line})")
        for arch in arches:
            other = by_symbol.get((arch, symbols[arch]))
            if other is not None:
                raise row.error(
                    f"symbol {symbols[arch]} is imported twice (first by {other.name} at line {other.line})"
                )
        imported = Import(
            row.line,
            os_name,
            name,
            " ".join(declaration.split()),
            tuple((arch, symbols[arch]) for arch in arches),
            errors,
            returns,
            params,
            fixed,
            noreturn,
            probe,
        )
        by_name[name] = imported
        for arch in arches:
            by_symbol[(arch, symbols[arch])] = imported
    if not by_name:
        raise table.error("no imports")
    errno_row = by_name.get(ERRNO_IMPORT)
    if errno_row is None:
        raise table.error(f"no {ERRNO_IMPORT} row: every table names the function returning errno's address")
    if errno_row.returns.cxx != "int*" or errno_row.params or errno_row.errors != "never":
        raise TableError(
            table.path, errno_row.line, f"{ERRNO_IMPORT} must be `never int *{ERRNO_IMPORT}()`"
        )
    return tuple(by_name[n] for n in sorted(by_name))


def read_libc(root):
    """Every C library table, tables/OS/imports.tbl with tables/OS/types.tbl,
    sorted by OS. A row of another library that shares its name with a
    reference library row must take as many parameters: the tests call one
    with the other's probe arguments."""
    found = []
    for path in sorted((root / "tables").glob("*/imports.tbl")):
        os_name = path.parent.name
        if os_name not in LIBC_ARCHES:
            raise TableError(
                grammar.relative(root, path), 1, f"unknown C library {os_name!r} (known: {', '.join(LIBC_ARCHES)})"
            )
        types = read_types(root, path.parent / "types.tbl", os_name)
        rows = read_imports(root, path, os_name, types)
        found.append(LibcTable(os_name, grammar.relative(root, path), types, LIBC_ARCHES[os_name], rows))
    reference = {r.name: r for t in found if t.os == REFERENCE_LIBC for r in t.rows}
    reference_path = f"tables/{REFERENCE_LIBC}/imports.tbl"
    for table in found:
        for row in table.rows:
            twin = reference.get(row.name)
            if twin is None:
                continue
            if (len(twin.params), twin.fixed) != (len(row.params), row.fixed):
                raise TableError(
                    table.path,
                    row.line,
                    f"{row.name} takes {len(row.params)} parameters ({row.fixed} fixed); "
                    f"{reference_path}:{twin.line} takes {len(twin.params)} ({twin.fixed} fixed)",
                )
            if row.name != ERRNO_IMPORT and row.elf_symbol != twin.elf_symbol:
                raise TableError(
                    table.path,
                    row.line,
                    f"{row.name} imports {row.elf_symbol} but {reference_path}:{twin.line} "
                    f"imports {twin.elf_symbol}: name one of them differently",
                )
    return found


@dataclasses.dataclass(frozen=True)
class ImportProbe:
    """How the tests call one import: against the reference library's
    function of the same name when it has one (`twin`), else against a
    test double."""

    row: Import
    twin: Import  # None: a test double stands in for the function

    @property
    def kind(self):
        return self.twin.probe_kind if self.twin else "double"

    @property
    def reason(self):
        return self.twin.probe_reason if self.twin else ""

    @property
    def provider(self):
        """Who defines the symbol the trampoline calls when the tests run it
        on Linux: the reference library itself, the test's own errno
        accessor (Darwin's __error), or a test double."""
        if self.twin is None:
            return "DOUBLE"
        return "REFERENCE" if self.row.elf_symbol == self.twin.elf_symbol else "ERRNO"

    @property
    def args(self):
        if self.twin is None or self.twin.probe_kind == "unsafe":
            return ()
        return self.twin.probe.args or tuple(ProbeArg("word", -1) for _ in self.row.params)


def probes(table, libc_tables):
    reference = {r.name: r for t in libc_tables if t.os == REFERENCE_LIBC for r in t.rows}
    return [ImportProbe(row, reference.get(row.name)) for row in table.rows]
