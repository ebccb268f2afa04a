"""Reads and validates sysgate's tables.

Every rule about the tables lives here, once; the templates only render what
this module hands them. A broken table raises TableError naming the file and
line, which generate.py prints as `path:line: message`.
"""

import dataclasses
import re
from pathlib import Path

import abi as abi_module

MAX_ARGS = 6  # A system call takes at most six register arguments.
MAX_NUMBER = 999_999
# Which ABI column values a numbers table may hold is its architecture's
# (the `abis` of tables/OS/ARCH.abi): on Linux "common" rows are shared with
# another ABI of the same architecture, "64" rows are 64-bit only, i386's
# table says "i386" throughout, and the generic table marks a few rows with
# the option architectures choose them by. FreeBSD's type column
# (syscalls.master) holds STD (built in) or NOSTD (a module, compiled in or
# loaded); CAPENABLED marks a call allowed in capability mode.
FREEBSD_FLAGS = ("CAPENABLED",)
# The widths of the kernel's fixed-width integers, which types.tbl may name
# on its right side; each data model spells them with its own builtin type.
FIXED_WIDTH = {
    "int64": {"LP64": "long", "ILP32": "long long"},
    "uint64": {"LP64": "unsigned long", "ILP32": "unsigned long long"},
}
# The width of each builtin scalar a type may resolve to, per data model.
SCALAR_BITS = {
    "char": 8,
    "unsigned char": 8,
    "short": 16,
    "unsigned short": 16,
    "int": 32,
    "unsigned int": 32,
    "long long": 64,
    "unsigned long long": 64,
}
AUDIT_EVENT = re.compile(r"AUE_[A-Z0-9_]+\Z")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
C_TYPE_WORDS = frozenset(("char", "const", "int", "long", "short", "signed", "struct", "unsigned", "void"))
SYSCALL_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
# A row's name becomes a C++ function and constant (sysgate::sys::NAME); a
# keyword (i386's and FreeBSD's `break`) is spelled with a trailing
# underscore there (Syscall.cxx_name).
CXX_KEYWORDS = frozenset(
    """alignas alignof and asm auto bitand bitor bool break case catch char class compl
    concept const consteval constexpr constinit const_cast continue decltype default delete
    do double dynamic_cast else enum explicit export extern false float for friend goto if
    inline int long mutable namespace new noexcept not operator or private protected public
    register reinterpret_cast requires return short signed sizeof static static_assert
    static_cast struct switch template this thread_local throw true try typedef typeid
    typename union unsigned using virtual void volatile while xor""".split()
)


def kernel_struct_name(tag):
    """The name in sysgate::kernel of the opaque struct for kernel struct
    `tag`: leading underscores dropped (__kernel_timespec -> kernel_timespec),
    since C++ reserves names with a double underscore."""
    return tag.lstrip("_")


def kernel_struct(tag):
    return f"sysgate::kernel::{kernel_struct_name(tag)}"


class TableError(Exception):
    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclasses.dataclass(frozen=True)
class Type:
    """A type as a signature writes it, and as the raw layer spells it."""

    table: str  # e.g. "const char *const *"
    cxx: str  # e.g. "const char* const*"
    pointer: bool
    struct_tags: tuple  # kernel struct tags this type names (see kernel_struct)
    bits: int = 0  # a scalar's width; 0 for a pointer, void or a struct

    def width(self, word_bits):
        """How many bits the value takes as an argument: a word, or 64."""
        return word_bits if self.pointer else max(self.bits, word_bits)


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    type: Type


@dataclasses.dataclass(frozen=True)
class Word:
    """One argument register's worth of a call: a C++ expression of type long
    computed from the parameters, and what it holds."""

    cxx: str
    note: str


@dataclasses.dataclass(frozen=True)
class Signature:
    line: int
    name: str
    returns: Type
    params: tuple
    unsafe: str  # the reason, or "" when the probe may call it
    varies: str  # the reason, or ""
    newfd: bool
    shares_stack: bool  # the child runs on the caller's stack (vfork)
    result32: bool  # the result is an int in the low 32 bits of the register
    probe_args: tuple  # empty: probe with -1 for every argument
    arches: tuple  # the architectures this row is for; empty: every other one


@dataclasses.dataclass(frozen=True)
class Syscall:
    """One row of a numbers table, joined with its signature if it has one."""

    os: str
    line: int
    number: int
    abi: str  # Linux's ABI column; FreeBSD's type column (STD, NOSTD|CAPENABLED, ...)
    name: str
    entry: str  # Linux's entry point, "" for a reserved number; FreeBSD's audit event
    noreturn: bool
    signature: Signature  # None: the row gets a generic six-argument stub
    quoted: str  # the row as the generated files quote it in comments
    words: tuple = ()  # the signature lowered to argument words (lower_params)
    trap_number: int = 0  # the number the kernel is given: number + the ABI's offset

    @property
    def symbol(self):
        return f"sysgate_{self.os}_{self.name}"

    @property
    def cxx_name(self):
        """The name of the row's C++ function and number constant: a C++
        keyword (i386's `break`) gets a trailing underscore."""
        return self.name + "_" if self.name in CXX_KEYWORDS else self.name

    @property
    def shares_stack(self):
        return self.signature is not None and self.signature.shares_stack

    @property
    def result32(self):
        return self.signature is not None and self.signature.result32

    @property
    def arg_count(self):
        return MAX_ARGS if self.signature is None else len(self.signature.params)

    @property
    def probe_kind(self):
        """How the per-row probe treats this row: unsafe, varies, newfd or same."""
        sig = self.signature
        if self.noreturn or (sig and sig.unsafe):
            return "unsafe"
        if sig and sig.varies:
            return "varies"
        return "newfd" if sig and sig.newfd else "same"

    @property
    def probe_reason(self):
        sig = self.signature
        if sig and (sig.unsafe or sig.varies):
            return sig.unsafe or sig.varies
        return "never returns" if self.noreturn else ""

    @property
    def pointer_params(self):
        """A bit per parameter that is a pointer (bit 0 for the first)."""
        if self.signature is None:
            return 0
        return sum(1 << i for i, p in enumerate(self.signature.params) if p.type.pointer)

    @property
    def probe_args(self):
        sig = self.signature
        return sig.probe_args if sig and sig.probe_args else (-1,) * self.arg_count


@dataclasses.dataclass(frozen=True)
class KernelTarget:
    """One numbers table, tables/OS/ARCH.tbl, with its ABI, tables/OS/ARCH.abi."""

    os: str
    arch: str
    path: str
    rows: tuple  # sorted by number
    abi: "abi_module.Abi"


def _rel(root, path):
    return path.relative_to(root).as_posix()


def _lines(root, path):
    """Yields (line number, text) for each non-blank, non-comment line."""
    rel = _rel(root, path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TableError(rel, 0, f"cannot read: {e.strerror}") from None
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError:
            raise TableError(rel, number, "not ASCII text") from None
        if "\r" in text:
            raise TableError(rel, number, "carriage return in line")
        text = text.strip()
        if text and not text.startswith("#"):
            yield number, text


def read_types(root, path, data_model="LP64"):
    """types.tbl: `<type as written in signatures> = <C++ type>` per line.
    The C++ side may be int64 or uint64 (FIXED_WIDTH), spelled as the data
    model's builtin of that width."""
    rel = _rel(root, path)
    types = {}
    for line, text in _lines(root, path):
        left, eq, right = text.partition("=")
        left, right = " ".join(left.split()), " ".join(right.split())
        if not eq or not left or not right:
            raise TableError(rel, line, "expected `<type> = <C++ type>`")
        if not all(IDENT.match(w) for w in left.split()):
            raise TableError(rel, line, f"bad type name {left!r}")
        if left in types:
            raise TableError(rel, line, f"type {left!r} defined twice")
        words = right.replace("*", " * ").split()
        if words[0] == "struct":
            if len(words) < 2 or not IDENT.match(words[1]):
                raise TableError(rel, line, f"bad struct in {right!r}")
            tags = (words[1],)
            base = kernel_struct(words[1])
            rest = words[2:]
        else:
            tags, rest = (), []
            while words and words[0] != "*":
                rest.append(words.pop(0))
            base, rest = " ".join(rest), words
        if any(w != "*" for w in rest) or not base:
            raise TableError(rel, line, f"bad C++ type {right!r}")
        if base in FIXED_WIDTH:
            base, bits = FIXED_WIDTH[base][data_model], 64
        elif base in ("long", "unsigned long"):
            bits = abi_module.DATA_MODELS[data_model]
        else:
            bits = SCALAR_BITS.get(base, 0)
        types[left] = Type(left, base + "*" * len(rest), bool(rest), tags, bits if not rest else 0)
    if not types:
        raise TableError(rel, 1, "no types")
    return types


_SIGNATURE = re.compile(r"(?P<ret>[^()]*?)\s*\b(?P<name>\w+)\s*\((?P<params>[^()]*)\)\s*\Z")


def _parse_type(words, types, rel, line, struct_cxx=kernel_struct):
    """Parses `const char *const *` (as a word list) into a Type; an inline
    `struct NAME` is spelled struct_cxx(NAME) in C++."""
    const_base = False
    words = list(words)
    if words and words[0] == "const":
        const_base = True
        words.pop(0)
    base = []
    while words and words[0] not in ("*", "const"):
        base.append(words.pop(0))
    if not base:
        raise TableError(rel, line, "missing type")
    name = " ".join(base)
    if base[0] == "struct":
        if len(base) != 2 or not IDENT.match(base[1]):
            raise TableError(rel, line, f"bad struct type {name!r}")
        known = Type(name, struct_cxx(base[1]), False, (base[1],))
    elif name in types:
        known = types[name]
    else:
        raise TableError(rel, line, f"unknown type {name!r}")
    cxx = ("const " if const_base else "") + known.cxx
    pointer = known.pointer
    if words and words[0] == "const" and not const_base:
        words.pop(0)  # `char const *` spelled east-const
        cxx = "const " + cxx
    while words:
        if words.pop(0) != "*":
            raise TableError(rel, line, f"bad type {' '.join(base + words)!r}")
        cxx += "*"
        pointer = True
        if words and words[0] == "const":
            words.pop(0)
            cxx += " const"
    if known.cxx == "void" and not pointer:
        raise TableError(rel, line, "a parameter cannot be void")
    return Type(name, cxx, pointer, known.struct_tags, 0 if pointer else known.bits)


def _parse_param(text, types, rel, line, struct_cxx=kernel_struct):
    words = text.replace("*", " * ").split()
    if len(words) < 2 or not IDENT.match(words[-1]) or words[-1] in C_TYPE_WORDS:
        raise TableError(rel, line, f"parameter {text.strip()!r} needs a type and a name")
    return Param(words[-1], _parse_type(words[:-1], types, rel, line, struct_cxx))


def reason(key, value, rel, line):
    """The reason an `unsafe:` or `varies:` attribute gives; it must give one."""
    if not value:
        raise TableError(rel, line, f"`{key}:` needs a reason")
    return value


def _parse_int(text, rel, line):
    try:
        value = int(text, 0)
    except ValueError:
        raise TableError(rel, line, f"probe argument {text.strip()!r} is not an integer") from None
    if not -(2**63) <= value < 2**64:
        raise TableError(rel, line, f"probe argument {value} does not fit in 64 bits")
    return value


def parse_declaration(text, types, rel, line, row_format, name_pattern, what, struct_cxx=kernel_struct):
    """`<return type> <name>(<type> <parameter>, ...)`, as a signature or an
    import row writes it: (name, returns, params), checked (the name matches
    `name_pattern`, every type is known, at most MAX_ARGS parameters, none
    named twice). `row_format` and `what` word the errors."""
    m = _SIGNATURE.match(text.strip())
    if not m or not m.group("ret"):
        raise TableError(rel, line, f"expected `{row_format}`")
    name = m.group("name")
    if not name_pattern.match(name):
        raise TableError(rel, line, f"bad {what} {name!r}")
    ret_words = m.group("ret").replace("*", " * ").split()
    if ret_words == ["void"]:
        returns = Type("void", "void", False, ())
    else:
        returns = _parse_type(ret_words, types, rel, line, struct_cxx)
    params = []
    if m.group("params").strip():
        params = [_parse_param(p, types, rel, line, struct_cxx) for p in m.group("params").split(",")]
    if len(params) > MAX_ARGS:
        raise TableError(rel, line, f"{name} has {len(params)} parameters; at most {MAX_ARGS}")
    seen = set()
    for p in params:
        if p.name in seen:
            raise TableError(rel, line, f"parameter {p.name!r} appears twice")
        seen.add(p.name)
    return name, returns, params


def read_signatures(root, path, types, arches):
    """Maps (name, arch) to a Signature, for every arch in `arches`.

    A row marked `only: ARCH, ...` serves those architectures; the row of the
    same name without one serves the others."""
    rel = _rel(root, path)
    rows = {}  # (name, arch or None) -> Signature
    for line, text in _lines(root, path):
        decl, *attributes = text.split("|")
        name, returns, params = parse_declaration(
            decl, types, rel, line, "<return type> <name>(<parameters>)", SYSCALL_NAME, "system call name"
        )
        unsafe = varies = ""
        newfd = shares_stack = result32 = False
        probe = ()
        only = ()
        for attribute in attributes:
            key, colon, value = attribute.partition(":")
            key, value = key.strip(), value.strip()
            if key == "newfd" and not colon:
                newfd = True
            elif key == "shares_stack" and not colon:
                if params:
                    raise TableError(rel, line, "shares_stack is for calls without parameters")
                shares_stack = True
            elif key == "result32" and not colon:
                if returns.cxx != "int":
                    raise TableError(rel, line, "result32 is for calls that return int")
                result32 = True
            elif key in ("unsafe", "varies") and colon:
                if key == "unsafe":
                    unsafe = reason(key, value, rel, line)
                else:
                    varies = reason(key, value, rel, line)
            elif key == "only" and colon:
                only = tuple(a.strip() for a in value.split(","))
                for arch in only:
                    if arch not in arches:
                        known = ", ".join(arches)
                        raise TableError(rel, line, f"unknown architecture {arch!r} (known: {known})")
            elif key == "probe" and colon:
                probe = tuple(_parse_int(v, rel, line) for v in value.split(","))
                if len(probe) != len(params):
                    raise TableError(
                        rel, line, f"probe gives {len(probe)} arguments; {name} takes {len(params)}"
                    )
            else:
                raise TableError(rel, line, f"unknown attribute {attribute.strip()!r}")
        if unsafe and (varies or probe or newfd):
            raise TableError(rel, line, "an unsafe call is never probed: drop its probe attributes")
        signature = Signature(
            line, name, returns, tuple(params), unsafe, varies, newfd, shares_stack, result32, probe,
            only,
        )
        for arch in only or (None,):
            if (name, arch) in rows:
                first = rows[(name, arch)].line
                where = f" for {arch}" if arch else ""
                raise TableError(
                    rel, line, f"signature of {name}{where} given twice (first at line {first})"
                )
            rows[(name, arch)] = signature
    if not rows:
        raise TableError(rel, 1, "no signatures")
    signatures = {}
    for (name, arch), signature in rows.items():
        for target in (arch,) if arch else arches:
            if arch or (name, target) not in rows:
                signatures[(name, target)] = signature
    return signatures


def lower_params(signature, abi, rel, line):
    """The argument words of a call with `signature` on `abi`: one per
    parameter, or, for a 64-bit integer on a 32-bit ABI, two in the ABI's
    order (its `pair`), preceded by a padding word where the pair must start
    at an even register. A row without a signature takes six plain words."""
    if signature is None:
        return tuple(Word(f"a{i}", f"a{i}") for i in range(1, MAX_ARGS + 1))
    words = []
    for p in signature.params:
        cast = "reinterpret_cast" if p.type.pointer else "static_cast"
        if p.type.width(abi.word_bits) <= abi.word_bits:
            words.append(Word(f"{cast}<long>({p.name})", p.name))
            continue
        if abi.pair_even and len(words) % 2:
            words.append(Word("0L", "padding: a pair starts at an even register"))
        whole = f"static_cast<unsigned long long>({p.name})"
        low = Word(f"static_cast<long>({whole})", f"{p.name}, low word")
        high = Word(f"static_cast<long>({whole} >> 32)", f"{p.name}, high word")
        words += [low, high] if abi.pair == "low-high" else [high, low]
    if len(words) > abi.max_words:
        raise TableError(
            rel,
            line,
            f"{signature.name} takes {len(words)} argument words on this ABI, which has "
            f"{abi.max_words} argument registers ({abi.path})",
        )
    return tuple(words)


def read_linux_numbers(root, path, signatures, abi):
    """A numbers table in the kernel's syscall_64.tbl format; `signatures`
    maps (name, arch) to a Signature, and `abi` is the architecture's."""
    rel = _rel(root, path)
    arch = path.stem
    by_number, by_name = {}, {}
    rows = []
    for line, text in _lines(root, path):
        cols = text.split()
        if not 3 <= len(cols) <= 6:
            raise TableError(
                rel, line, "expected <number> <abi> <name> [<entry point> [<compat entry> [noreturn]]]"
            )
        number_text, abi_column, name = cols[:3]
        number = _number(rel, line, number_text)
        if abi_column not in abi.abis:
            raise TableError(
                rel, line, f"unknown ABI {abi_column!r} (expected one of {', '.join(abi.abis)}, as {abi.path} says)"
            )
        _check_name(rel, line, name)
        entry = cols[3] if len(cols) > 3 else ""
        if entry and not IDENT.match(entry):
            raise TableError(rel, line, f"bad entry point {entry!r}")
        if len(cols) > 4 and cols[4] != "-" and not IDENT.match(cols[4]):
            raise TableError(rel, line, f"bad compat entry point {cols[4]!r}")
        if len(cols) > 5 and cols[5] != "noreturn":
            raise TableError(rel, line, f"unknown flag {cols[5]!r} (only noreturn)")
        noreturn = len(cols) > 5
        _check_unique(rel, line, number, name, by_number, by_name)
        signature = signatures.get((name, arch))
        if signature is not None and (signature.returns.cxx == "void") != noreturn:
            raise TableError(
                rel,
                line,
                f"{name}: a call returns void exactly when its row is marked noreturn "
                f"(signature at line {signature.line})",
            )
        quoted = f"{number} {abi_column} {name} {entry or '(reserved)'}"
        row = Syscall(
            "linux", line, number, abi_column, name, entry, noreturn, signature, quoted,
            lower_params(signature, abi, rel, line), number + abi.number_offset,
        )
        by_number[number] = by_name[name] = row
        rows.append(row)
    return _in_number_order(rel, rows)


def read_freebsd_numbers(root, path, signatures, abi):
    """A numbers table with the leading columns of FreeBSD's
    sys/kern/syscalls.master (the prototype is in signatures.tbl);
    `signatures` maps (name, arch) to a Signature. A call never returns when
    its signature returns void, as syscalls.master declares exit."""
    rel = _rel(root, path)
    arch = path.stem
    by_number, by_name = {}, {}
    rows = []
    for line, text in _lines(root, path):
        cols = text.split()
        if len(cols) != 4:
            raise TableError(rel, line, "expected <number> <audit event> <type> <name>")
        number_text, audit, kind, name = cols
        number = _number(rel, line, number_text)
        if not AUDIT_EVENT.match(audit):
            raise TableError(rel, line, f"bad audit event {audit!r} (expected AUE_NAME)")
        base, *flags = kind.split("|")
        if base not in abi.abis or any(f not in FREEBSD_FLAGS for f in flags) or len(set(flags)) != len(flags):
            raise TableError(
                rel,
                line,
                f"type {kind!r} is not a live call's (expected {' or '.join(abi.abis)}, "
                f"optionally |{'|'.join(FREEBSD_FLAGS)})",
            )
        _check_name(rel, line, name)
        _check_unique(rel, line, number, name, by_number, by_name)
        signature = signatures.get((name, arch))
        noreturn = signature is not None and signature.returns.cxx == "void"
        quoted = f"{number} {audit} {kind} {name}"
        row = Syscall(
            "freebsd", line, number, kind, name, audit, noreturn, signature, quoted,
            lower_params(signature, abi, rel, line), number + abi.number_offset,
        )
        by_number[number] = by_name[name] = row
        rows.append(row)
    return _in_number_order(rel, rows)


def _number(rel, line, text):
    if not text.isdigit():
        raise TableError(rel, line, f"bad number {text!r}")
    number = int(text)
    if number > MAX_NUMBER:
        raise TableError(rel, line, f"number {number} is out of range (0-{MAX_NUMBER})")
    return number


def _in_number_order(rel, rows):
    if not rows:
        raise TableError(rel, 1, "no system calls")
    return tuple(sorted(rows, key=lambda r: r.number))


def _check_name(rel, line, name):
    if not SYSCALL_NAME.match(name):
        raise TableError(rel, line, f"bad system call name {name!r}")


def _check_unique(rel, line, number, name, by_number, by_name):
    if number in by_number:
        other = by_number[number]
        raise TableError(rel, line, f"number {number} is taken by {other.name} (line {other.line})")
    if name in by_name:
        raise TableError(rel, line, f"{name} is listed twice (first at line {by_name[name].line})")


# The OSes whose system calls sysgate makes itself, and how each one's
# numbers tables are read. Each has tables/OS/ARCH.tbl per architecture,
# and signatures.tbl and types.tbl for all of them.
NUMBER_READERS = {"freebsd": read_freebsd_numbers, "linux": read_linux_numbers}
NOT_NUMBERS_TABLES = ("errno", "signatures", "types")


def numbers_tables(root, os_name):
    """tables/OS/ARCH.tbl: every table in the OS's folder but the shared ones."""
    folder = root / "tables" / os_name
    return [p for p in sorted(folder.glob("*.tbl")) if p.stem not in NOT_NUMBERS_TABLES]


def read_kernel(root, os_name):
    """Every target of one OS: a numbers table and an ABI per architecture.
    The types and signatures are read once per data model, since a type's
    C++ spelling depends on it (u64 is unsigned long on LP64)."""
    folder = root / "tables" / os_name
    paths = numbers_tables(root, os_name)
    abis = {}
    for path in paths:
        abi_path = path.with_suffix(".abi")
        if not abi_path.is_file():
            raise TableError(_rel(root, path), 1, f"no ABI description {_rel(root, abi_path)}")
        abis[path.stem] = abi_module.read_abi(root, abi_path)
    arches = tuple(p.stem for p in paths)
    signatures = {}
    for model in sorted({a.data_model for a in abis.values()}):
        types = read_types(root, folder / "types.tbl", model)
        by_model = read_signatures(root, folder / "signatures.tbl", types, arches)
        signatures.update(
            {key: sig for key, sig in by_model.items() if abis[key[1]].data_model == model}
        )
    targets = []
    for path in paths:
        abi = abis[path.stem]
        rows = NUMBER_READERS[os_name](root, path, signatures, abi)
        targets.append(KernelTarget(os_name, path.stem, _rel(root, path), rows, abi))
    return targets


def read_linux(root):
    """All Linux targets."""
    return read_kernel(root, "linux")


ERRNO_NAME = re.compile(r"E[A-Z0-9]+\Z")
MAX_ERRNO = 4095  # The kernel returns -1..-4095 as errors (include/linux/err.h).


@dataclasses.dataclass(frozen=True)
class Errno:
    line: int
    number: int
    name: str
    description: str


@dataclasses.dataclass(frozen=True)
class ErrnoTable:
    os: str
    path: str
    rows: tuple  # sorted by number

    @property
    def by_number(self):
        """A list indexed by number, None where no row has it."""
        slots = [None] * (self.rows[-1].number + 1)
        for row in self.rows:
            slots[row.number] = row
        return slots


def read_errno(root, os_name):
    """tables/OS/errno.tbl: `<number> <name> <description>` per row, one row
    per number (aliases such as EWOULDBLOCK are not rows)."""
    path = root / "tables" / os_name / "errno.tbl"
    rel = _rel(root, path)
    by_number, by_name = {}, {}
    for line, text in _lines(root, path):
        cols = text.split(None, 2)
        if len(cols) < 3:
            raise TableError(rel, line, "expected <number> <name> <description>")
        number_text, name, description = cols
        if not number_text.isdigit():
            raise TableError(rel, line, f"bad number {number_text!r}")
        number = int(number_text)
        if not 1 <= number <= MAX_ERRNO:
            raise TableError(rel, line, f"errno {number} is out of range (1-{MAX_ERRNO})")
        if not ERRNO_NAME.match(name):
            raise TableError(rel, line, f"bad errno name {name!r}")
        if '"' in description or "\\" in description:
            raise TableError(rel, line, "a description may not hold a quote or a backslash")
        if number in by_number:
            other = by_number[number]
            raise TableError(rel, line, f"errno {number} is taken by {other.name} (line {other.line})")
        if name in by_name:
            raise TableError(rel, line, f"{name} is listed twice (first at line {by_name[name].line})")
        by_number[number] = by_name[name] = Errno(line, number, name, description)
    if not by_number:
        raise TableError(rel, 1, "no errno rows")
    return ErrnoTable(os_name, rel, tuple(sorted(by_number.values(), key=lambda r: r.number)))
