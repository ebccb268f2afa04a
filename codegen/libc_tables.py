"""Reads and validates the C library import tables: tables/OS/imports.tbl and
tables/OS/types.tbl, for the OSes whose system calls go through libc
(Darwin) or may (Linux with glibc, the libc backend).

Every rule about these tables lives here, once; the templates only render
what this module hands them. A broken table raises tables.TableError naming
the file and line, which generate.py prints as `path:line: message`.
"""

import dataclasses
import re

import tables
from tables import TableError

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
# An import, like a system call, takes at most tables.MAX_ARGS arguments: its
# trampoline loads them into x86-64's six integer argument registers.
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
_ROW = re.compile(r"(?P<symbol>\S+)\s+(?P<errors>\S+)\s+(?P<decl>.*)\Z")


def libc_struct(tag):
    """The C++ spelling of the C library's own `struct tag`: the global one,
    forward-declared by the generated header, so that a program passes
    `struct stat *` from the system headers with no cast."""
    return f"struct ::{tag}"


@dataclasses.dataclass(frozen=True)
class LibcTypes:
    path: str
    types: dict  # name -> tables.Type
    opaque: tuple  # names of typedefs declared as opaque structs
    aliases: tuple  # (name, C++ type): each typedef, as sysgate::NAMESPACE::name


@dataclasses.dataclass(frozen=True)
class ProbeArg:
    kind: str  # "word", "buffer" (a fresh zeroed buffer) or "string"
    value: object  # the integer, or the string's text


@dataclasses.dataclass(frozen=True)
class Import:
    """One row of an imports table."""

    line: int
    os: str
    name: str
    declaration: str  # the C declaration as the table writes it
    symbols: tuple  # (arch, symbol) for every architecture of the table
    errors: str
    returns: tables.Type
    params: tuple
    fixed: int  # how many parameters precede C's `...`; all when not variadic
    noreturn: bool
    probe: tuple  # ProbeArgs; empty: the row has no probe
    unsafe: str
    varies: str
    newfd: bool

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
        if self.noreturn or self.unsafe:
            return "unsafe"
        if self.varies:
            return "varies"
        return "newfd" if self.newfd else "same"

    @property
    def probe_reason(self):
        if self.noreturn and not self.unsafe:
            return "never returns"
        return self.unsafe or self.varies


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


def _builtin(text, rel, line):
    """`unsigned int *` and the like: a builtin type and pointers."""
    words = text.replace("*", " * ").split()
    const = words[:1] == ["const"]
    words = words[1:] if const else words
    base = []
    while words and words[0] != "*":
        base.append(words.pop(0))
    if " ".join(base) not in BUILTINS or any(w != "*" for w in words):
        raise TableError(rel, line, f"bad C++ type {text.strip()!r}")
    return ("const " if const else "") + " ".join(base) + "*" * len(words), bool(words)


def read_types(root, path, namespace):
    """types.tbl of a C library: `<type as written in imports.tbl> = <C++>`,
    where <C++> is a builtin type, `struct TAG` (the library's own struct),
    `opaque` (an opaque sysgate::NAMESPACE::NAME, for typedefs of anonymous
    structs) or a function pointer `RET (*)(PARAMS)`."""
    rel = tables._rel(root, path)
    types, opaque, aliases = {}, [], []
    for line, text in tables._lines(root, path):
        left, eq, right = text.partition("=")
        left, right = " ".join(left.split()), " ".join(right.split())
        if not eq or not left or not right:
            raise TableError(rel, line, "expected `<type> = <C++ type>`")
        if not all(tables.IDENT.match(w) for w in left.split()):
            raise TableError(rel, line, f"bad type name {left!r}")
        if left in types:
            raise TableError(rel, line, f"type {left!r} defined twice")
        own = f"sysgate::{namespace}::{left}"
        fn = _FUNCTION_POINTER.match(right)
        words = right.replace("*", " * ").split()
        if right == "opaque" or fn:
            if not tables.IDENT.match(left):
                raise TableError(rel, line, f"{right.split()[0]} type {left!r} must be one word")
        if right == "opaque":
            types[left] = tables.Type(left, own, False, ())
            opaque.append(left)
        elif fn:
            ret, _ = _builtin(fn.group("ret"), rel, line)
            params = [_builtin(p, rel, line)[0] for p in fn.group("params").split(",")]
            types[left] = tables.Type(left, own, True, ())
            aliases.append((left, f"{ret} (*)({', '.join(params)})"))
        elif words[0] == "struct":
            if len(words) < 2 or not tables.IDENT.match(words[1]) or any(w != "*" for w in words[2:]):
                raise TableError(rel, line, f"bad struct in {right!r}")
            stars = len(words) - 2
            types[left] = tables.Type(left, libc_struct(words[1]) + "*" * stars, stars > 0, (words[1],))
        else:
            cxx, pointer = _builtin(right, rel, line)
            types[left] = tables.Type(left, cxx, pointer, ())
        # A typedef keeps its name in sysgate::NAMESPACE, so that code written
        # for any C library can say libc::sigset_t or libc::pthread_attr_t.
        if tables.IDENT.match(left) and left != right and not fn and right != "opaque":
            aliases.append((left, types[left].cxx))
    if not types:
        raise TableError(rel, 1, "no types")
    return LibcTypes(rel, types, tuple(opaque), tuple(aliases))


def _parse_probe(text, rel, line):
    args = []
    for item in text.split(","):
        item = item.strip()
        if item == "buf":
            args.append(ProbeArg("buffer", 0))
        elif len(item) >= 2 and item[0] == item[-1] == '"' and '"' not in item[1:-1]:
            args.append(ProbeArg("string", item[1:-1]))
        else:
            try:
                value = int(item, 0)
            except ValueError:
                raise TableError(
                    rel, line, f'probe argument {item!r} is not an integer, buf or a "string"'
                ) from None
            if not -(2**63) <= value < 2**64:
                raise TableError(rel, line, f"probe argument {value} does not fit in 64 bits")
            args.append(ProbeArg("word", value))
    return tuple(args)


def _check_value(t, what, name, rel, line):
    if _value_kind(t) is None:
        raise TableError(
            rel, line, f"{name}: {what} {t.table!r} is passed by value; only integers and pointers are"
        )


def read_imports(root, path, os_name, types):
    """An imports table: `<symbol> <errors> <declaration> [| <attribute>]...`."""
    rel = tables._rel(root, path)
    arches = LIBC_ARCHES[os_name]
    rows, by_name, by_symbol = [], {}, {}
    for line, text in tables._lines(root, path):
        decl, *attributes = text.split("|")
        m = _ROW.match(decl.strip())
        if not m:
            raise TableError(rel, line, f"expected `{ROW_FORMAT}`")
        symbol, errors = m.group("symbol"), m.group("errors")
        if not SYMBOL.match(symbol):
            raise TableError(rel, line, f"bad symbol {symbol!r}")
        if errors not in CONVENTIONS:
            raise TableError(
                rel, line, f"unknown error convention {errors!r} (expected one of {', '.join(CONVENTIONS)})"
            )
        name, returns, params = tables.parse_declaration(
            m.group("decl"),
            types.types,
            rel,
            line,
            ROW_FORMAT,
            NAME,
            "import name",
            libc_struct,
        )
        for p in params:
            _check_value(p.type, f"parameter {p.name}", name, rel, line)
        _check_value(returns, "return type", name, rel, line)

        fixed, noreturn, newfd = len(params), False, False
        unsafe = varies = ""
        probe = ()
        symbols = {arch: symbol for arch in arches}
        for attribute in attributes:
            key, colon, value = attribute.partition(":")
            key, value = key.strip(), value.strip()
            if key == "noreturn" and not colon:
                noreturn = True
            elif key == "newfd" and not colon:
                newfd = True
            elif key == "variadic" and colon:
                if not re.fullmatch(r"\d+", value):
                    raise TableError(rel, line, f"variadic: {value!r} is not a parameter count")
                fixed = int(value)
                if not 1 <= fixed < len(params):
                    raise TableError(
                        rel,
                        line,
                        f"variadic: {fixed} is out of range: {name} has {len(params)} parameters, "
                        "and C needs at least one before `...` and one after",
                    )
            elif key in arches and colon:
                if not SYMBOL.match(value):
                    raise TableError(rel, line, f"bad symbol {value!r}")
                if value.partition("$")[0] != symbol.partition("$")[0]:
                    raise TableError(
                        rel, line, f"{key}: {value} is not a variant of {symbol} ({symbol}$VARIANT)"
                    )
                symbols[key] = value
            elif key in ("unsafe", "varies") and colon:
                if key == "unsafe":
                    unsafe = tables.reason(key, value, rel, line)
                else:
                    varies = tables.reason(key, value, rel, line)
            elif key == "probe" and colon:
                probe = _parse_probe(value, rel, line)
                if len(probe) != len(params):
                    raise TableError(
                        rel, line, f"probe gives {len(probe)} arguments; {name} takes {len(params)}"
                    )
            else:
                raise TableError(rel, line, f"unknown attribute {attribute.strip()!r}")

        if returns.cxx == "void" and errors != "never":
            raise TableError(rel, line, f"{name}: a function returning void cannot report errors: use never")
        if errors == "errno" and returns.pointer:
            raise TableError(rel, line, f"{name}: a function returning a pointer reports errors with null or map_failed")
        if errors == "errno" and _value_kind(returns) in ("u8", "u16", "u32"):
            # The trampoline zero-extends the return register (return_kind),
            # so an unsigned int's -1 arrives as 0xffffffff, not -1, and the
            # failure would pass for a value.
            raise TableError(
                rel,
                line,
                f"{name}: errno needs a signed or 64-bit return type; {returns.table!r} is "
                f"{returns.cxx}, whose -1 the trampoline zero-extends and never sees as a failure",
            )
        if errors in ("null", "map_failed") and not returns.pointer:
            raise TableError(rel, line, f"{name}: {errors} is for functions returning a pointer")
        if errors == "errnum" and returns.cxx != "int":
            raise TableError(rel, line, f"{name}: errnum is for functions returning int")
        if noreturn and returns.cxx != "void":
            raise TableError(rel, line, f"{name}: a noreturn function returns void")
        if (unsafe or noreturn) and (varies or probe or newfd):
            raise TableError(rel, line, "an unsafe import is never probed: drop its probe attributes")

        if name in by_name:
            raise TableError(rel, line, f"{name} is listed twice (first at line {by_name[name].line})")
        for arch in arches:
            other = by_symbol.get((arch, symbols[arch]))
            if other is not None:
                raise TableError(
                    rel, line, f"symbol {symbols[arch]} is imported twice (first by {other.name} at line {other.line})"
                )
        row = Import(
            line,
            os_name,
            name,
            " ".join(m.group("decl").split()),
            tuple((arch, symbols[arch]) for arch in arches),
            errors,
            returns,
            tuple(params),
            fixed,
            noreturn,
            probe,
            unsafe,
            varies,
            newfd,
        )
        by_name[name] = row
        for arch in arches:
            by_symbol[(arch, symbols[arch])] = row
        rows.append(row)
    if not rows:
        raise TableError(rel, 1, "no imports")
    errno_row = by_name.get(ERRNO_IMPORT)
    if errno_row is None:
        raise TableError(
            rel, 1, f"no {ERRNO_IMPORT} row: every table names the function returning errno's address"
        )
    if errno_row.returns.cxx != "int*" or errno_row.params or errno_row.errors != "never":
        raise TableError(rel, errno_row.line, f"{ERRNO_IMPORT} must be `never int *{ERRNO_IMPORT}()`")
    return tuple(sorted(rows, key=lambda r: r.name))


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
                tables._rel(root, path), 1, f"unknown C library {os_name!r} (known: {', '.join(LIBC_ARCHES)})"
            )
        types = read_types(root, path.parent / "types.tbl", os_name)
        rows = read_imports(root, path, os_name, types)
        found.append(LibcTable(os_name, tables._rel(root, path), types, LIBC_ARCHES[os_name], rows))
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
        return self.twin.probe or tuple(ProbeArg("word", -1) for _ in self.row.params)


def probes(table, libc_tables):
    reference = {r.name: r for t in libc_tables if t.os == REFERENCE_LIBC for r in t.rows}
    return [ImportProbe(row, reference.get(row.name)) for row in table.rows]
