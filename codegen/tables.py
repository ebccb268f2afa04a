# SPDX-License-Identifier: Apache-2.0
"""Reads and validates the kernel tables: tables/OS/ARCH.tbl (numbers),
signatures.tbl, types.tbl and errno.tbl, for the OSes whose system calls
sysgate makes itself (Linux, FreeBSD).

Every rule about these tables lives here, once; the templates only render
what this module hands them. The grammar they share with the other tables
is grammar.py's, and so is the error a broken table raises (TableError, naming
the file and line).
"""

import dataclasses
import re

import abi as abi_module
import grammar
from grammar import MAX_ARGS, IDENT, TableError

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
# The kernel's long and unsigned long: a word (read_types).
WORD_TYPES = {"long": "sysgate::Word", "unsigned long": "sysgate::UnsignedWord"}
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
SYSCALL_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
# A row's name becomes a C++ function and constant (sysgate::sys::NAME); a
# keyword (i386's and FreeBSD's `break`) is spelled with a trailing
# underscore there (Syscall.cxx_name), and so is a name the raw layer gives
# a function of its own: `syscall`, the by-number call (sys::syscall), which
# is also mips o32's row 0, the kernel's indirect call (sys_syscall).
CXX_KEYWORDS = frozenset(
    """alignas alignof and asm auto bitand bitor bool break case catch char class compl
    concept const consteval constexpr constinit const_cast continue decltype default delete
    do double dynamic_cast else enum explicit export extern false float for friend goto if
    inline int long mutable namespace new noexcept not operator or private protected public
    register reinterpret_cast requires return short signed sizeof static static_assert
    static_cast struct switch template this thread_local throw true try typedef typeid
    typename union unsigned using virtual void volatile while xor""".split()
)
RAW_LAYER_NAMES = frozenset({"syscall"})
CXX_TAKEN = CXX_KEYWORDS | RAW_LAYER_NAMES


def kernel_struct_name(tag):
    """The name in sysgate::kernel of the opaque struct for kernel struct
    `tag`: leading underscores dropped (__kernel_timespec -> kernel_timespec),
    since C++ reserves names with a double underscore."""
    return tag.lstrip("_")


def kernel_struct(tag):
    return f"sysgate::kernel::{kernel_struct_name(tag)}"


@dataclasses.dataclass(frozen=True)
class Word:
    """One argument register's worth of a call: a C++ expression of type long
    computed from the parameters, and what it holds; and the argument word
    the C ABI passes it in to the call's stub (its own index but where the
    .abi's c_pair says C lays a pair out otherwise, -1 for padding there)."""

    cxx: str
    note: str
    source: int = -1


@dataclasses.dataclass(frozen=True)
class Signature:
    line: int
    name: str
    returns: grammar.Type
    params: tuple
    probe: grammar.Probe
    shares_stack: bool  # the child runs on the caller's stack (vfork)
    returns_twice: bool  # returns in a new child too (fork, vfork, clone)
    result32: bool  # the result is an int in the low 32 bits of the register
    arches: tuple  # the architectures this row is for; empty: every other one


# A row without a signature has no probe attributes: it is probed with -1
# for each of its six arguments, unless it never returns.
NO_PROBE_ATTRIBUTES = grammar.Probe((), "", "", False)


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
    loads_frame_pointer: bool = False  # its trap loads the frame pointer's register (Abi)
    # It returns twice on an ABI whose child tells itself from the parent by
    # a flag register (the .abi's child_flag), which only its stub reads.
    reads_child_flag: bool = False

    @property
    def symbol(self):
        return f"sysgate_{self.os}_{self.name}"

    @property
    def cxx_name(self):
        """The name of the row's C++ function and number constant: a C++
        keyword (i386's `break`) or a raw layer function's name (mips o32's
        `syscall`) gets a trailing underscore."""
        return self.name + "_" if self.name in CXX_TAKEN else self.name

    @property
    def shares_stack(self):
        return self.signature is not None and self.signature.shares_stack

    @property
    def returns_twice(self):
        return self.signature is not None and self.signature.returns_twice

    @property
    def result32(self):
        return self.signature is not None and self.signature.result32

    @property
    def inlinable(self):
        """Whether the row has an inline trap (sysgate::sys_inline): not
        where the child returns through the caller's frame and reuses its
        stack (shares_stack), which only a stub can keep apart, nor where
        the child's result is 0 only once the stub has read the child flag
        (reads_child_flag)."""
        return not self.shares_stack and not self.reads_child_flag

    @property
    def inline_by_default(self):
        """Whether the inline trap stands in for the stub in the default API
        (sysgate::sys): where it has one, unless its trap loads the frame
        pointer's register, which would send a profiler's unwinder, walking
        from a signal taken at the trap, to the call's number or argument."""
        return self.inlinable and not self.loads_frame_pointer

    @property
    def arg_count(self):
        return MAX_ARGS if self.signature is None else len(self.signature.params)

    @property
    def probe_kind(self):
        """How the per-row probe treats this row: unsafe, varies, newfd or
        same. A number the kernel keeps reserved is probed whatever its
        signature says (ppc64's sigreturn, which other architectures have):
        it can only answer ENOSYS."""
        return "same" if self.reserved else self._probe.kind(self.noreturn)

    @property
    def probe_reason(self):
        return "" if self.reserved else self._probe.reason(self.noreturn)

    @property
    def reserved(self):
        """A Linux number with no entry point (sys_ni_syscall)."""
        return self.os == "linux" and not self.entry

    @property
    def _probe(self):
        return self.signature.probe if self.signature else NO_PROBE_ATTRIBUTES

    @property
    def pointer_params(self):
        """A bit per parameter that is a pointer (bit 0 for the first)."""
        if self.signature is None:
            return 0
        return sum(1 << i for i, p in enumerate(self.signature.params) if p.type.pointer)

    @property
    def probe_args(self):
        given = self._probe.args
        return tuple(a.value for a in given) if given else (-1,) * self.arg_count


@dataclasses.dataclass(frozen=True)
class KernelTarget:
    """One numbers table, tables/OS/ARCH.tbl, with its ABI, tables/OS/ARCH.abi."""

    os: str
    arch: str
    path: str
    rows: tuple  # sorted by number
    abi: "abi_module.Abi"


def read_types(root, path, data_model="LP64", word_bits=None):
    """types.tbl: `<type as written in signatures> = <C++ type>` per row.
    The C++ side may be int64 or uint64 (FIXED_WIDTH), spelled as the data
    model's builtin of that width. A long is the kernel's, a word wide
    (word_bits, by default the data model's long), spelled sysgate::Word
    (sysgate/word.h): a long, but a long long where the data model's long is
    narrower (x32, whose __kernel_long_t is long long); one spelling on every
    architecture, so that the files shared by all of them differ in no
    row for it."""
    word_bits = word_bits or abi_module.DATA_MODELS[data_model]
    types = {}
    for row, left, right in grammar.type_definitions(grammar.read_table(root, path)):
        words = right.replace("*", " * ").split()
        if words[0] == "struct":
            if len(words) < 2 or not IDENT.match(words[1]):
                raise row.error(f"bad struct in {right!r}")
            tags = (words[1],)
            base = kernel_struct(words[1])
            rest = words[2:]
        else:
            tags, rest = (), []
            while words and words[0] != "*":
                rest.append(words.pop(0))
            base, rest = " ".join(rest), words
        if any(w != "*" for w in rest) or not base:
            raise row.error(f"bad C++ type {right!r}")
        if base in FIXED_WIDTH:
            base, bits = FIXED_WIDTH[base][data_model], 64
        elif base in WORD_TYPES:
            base, bits = WORD_TYPES[base], word_bits
        else:
            bits = SCALAR_BITS.get(base, 0)
        types[left] = grammar.Type(left, base + "*" * len(rest), bool(rest), tags, bits if not rest else 0)
    return types


SIGNATURE_FORMAT = "<return type> <name>(<parameters>)"
SIGNATURE_FLAGS = (*grammar.PROBE_FLAGS, "shares_stack", "returns_twice", "result32")
SIGNATURE_KEYS = (*grammar.PROBE_KEYS, "only")


def read_signatures(root, path, types, arches):
    """Maps (name, arch) to a Signature, for every arch in `arches`.

    A row marked `only: ARCH, ...` serves those architectures; the row of the
    same name without one serves the others."""
    table = grammar.read_table(root, path)
    given = {}  # (name, arch or None) -> Signature
    for row in table.rows:
        declaration, attributes = grammar.split_attributes(row, SIGNATURE_FLAGS, SIGNATURE_KEYS)
        name, returns, params = grammar.parse_declaration(
            declaration, declaration.text, types, SIGNATURE_FORMAT, SYSCALL_NAME, "system call name",
            kernel_struct,
        )
        shares_stack = attributes.get("shares_stack", False)
        if shares_stack and params:
            raise row.error("shares_stack is for calls without parameters")
        result32 = attributes.get("result32", False)
        if result32 and returns.cxx != "int":
            raise row.error("result32 is for calls that return int")
        only = ()
        if "only" in attributes:
            only = tuple(a.strip() for a in attributes["only"].split(","))
            for arch in only:
                if arch not in arches:
                    raise row.error(f"unknown architecture {arch!r} (known: {', '.join(arches)})")
        probe = grammar.read_probe(row, attributes, name, params, "call")
        returns_twice = attributes.get("returns_twice", False)
        if shares_stack and not returns_twice:
            raise row.error("shares_stack is for calls that return twice (returns_twice)")
        signature = Signature(row.line, name, returns, params, probe, shares_stack, returns_twice, result32, only)
        for arch in only or (None,):
            if (name, arch) in given:
                first = given[(name, arch)].line
                where = f" for {arch}" if arch else ""
                raise row.error(f"signature of {name}{where} given twice (first at line {first})")
            given[(name, arch)] = signature
    if not given:
        raise table.error("no signatures")
    signatures = {}
    for (name, arch), signature in given.items():
        for target in (arch,) if arch else arches:
            if arch or (name, target) not in given:
                signatures[(name, target)] = signature
    return signatures


def lower_params(signature, abi, row):
    """The argument words of a call with `signature` on `abi`: one per
    parameter, or, for a 64-bit integer on a 32-bit ABI, two in the ABI's
    order (its `pair`), preceded by a padding word where the pair must start
    at an even register. A row without a signature takes six plain words.
    Each word's source is the C argument word it arrives in at the stub: the
    same index, unless the ABI's c_pair lays a pair out otherwise."""
    if signature is None:
        return tuple(Word(f"a{i}", f"a{i}", i - 1) for i in range(1, MAX_ARGS + 1))
    c_pair, c_pair_even = (abi.c_pair, abi.c_pair_even) if abi.c_pair else (abi.pair, abi.pair_even)
    words = []
    c_words = 0  # the C argument words before the next parameter
    for p in signature.params:
        if p.type.pointer:
            # Through unsigned long, a pointer's width on every Linux data
            # model: a pointer cast straight to a wider word (x32's) would be
            # sign-extended, and the kernel reads a 64-bit address.
            words.append(Word(f"static_cast<sysgate::Word>(reinterpret_cast<unsigned long>({p.name}))", p.name, c_words))
            c_words += 1
            continue
        if p.type.width(abi.word_bits) <= abi.word_bits:
            words.append(Word(f"static_cast<sysgate::Word>({p.name})", p.name, c_words))
            c_words += 1
            continue
        if abi.pair_even and len(words) % 2:
            words.append(Word("0L", "padding: a pair starts at an even register", -1 if abi.c_pair else len(words)))
        c_words += c_pair_even and c_words % 2
        low_source, high_source = (c_words, c_words + 1) if c_pair == "low-high" else (c_words + 1, c_words)
        c_words += 2
        whole = f"static_cast<unsigned long long>({p.name})"
        low = Word(f"static_cast<sysgate::Word>({whole})", f"{p.name}, low word", low_source)
        high = Word(f"static_cast<sysgate::Word>({whole} >> 32)", f"{p.name}, high word", high_source)
        words += [low, high] if abi.pair == "low-high" else [high, low]
    if len(words) > abi.max_words:
        raise row.error(
            f"{signature.name} takes {len(words)} argument words on this ABI, which has "
            f"{abi.max_words} argument registers ({abi.path})"
        )
    return tuple(words)


def _lowering(abi):
    """What lower_params reads of an ABI: two alike in it lower every
    signature alike."""
    return (abi.word_bits, abi.pair, abi.pair_even, abi.c_pair, abi.c_pair_even, abi.max_words)


def _lowered_words(lowered, lowering, signature, abi, row):
    """lower_params, once per signature and `lowering` (_lowering of
    `abi`); equal words are one tuple. `lowered` holds the signatures it
    keys by identity, so none is freed while it is in use."""
    key = (id(signature), lowering)
    found = lowered.get(key)
    if found is None:
        words = lower_params(signature, abi, row)
        found = lowered[key] = (signature, lowered.setdefault(words, words))
    return found[1]


LINUX_ROW_FORMAT = "<number> <abi> <name> [<entry point> [<compat entry> [noreturn]]]"


def read_linux_numbers(root, path, signatures, abi, lowered):
    """A numbers table in the kernel's syscall_64.tbl format; `signatures`
    maps (name, arch) to a Signature, and `abi` is the architecture's;
    `lowered` remembers each signature's words (_lowered_words) across the
    tables of one read."""
    table = grammar.read_table(root, path)
    arch = path.stem
    by_number, by_name = {}, {}
    lowering = _lowering(abi)
    for row in table.rows:
        cols = row.columns(LINUX_ROW_FORMAT, 3, 6)
        number_text, abi_column, name = cols[:3]
        number = _number(row, number_text)
        if abi_column not in abi.abis:
            raise row.error(
                f"unknown ABI {abi_column!r} (expected one of {', '.join(abi.abis)}, as {abi.path} says)"
            )
        _check_name(row, name)
        # "-": no entry point, as s390's table says of a number its 64-bit
        # ABI keeps reserved (its fifth column is the 31-bit compat one's).
        entry = cols[3] if len(cols) > 3 and cols[3] != "-" else ""
        if entry and not IDENT.match(entry):
            raise row.error(f"bad entry point {entry!r}")
        if len(cols) > 4 and cols[4] != "-" and not IDENT.match(cols[4]):
            raise row.error(f"bad compat entry point {cols[4]!r}")
        if len(cols) > 5 and cols[5] != "noreturn":
            raise row.error(f"unknown flag {cols[5]!r} (only noreturn)")
        noreturn = len(cols) > 5
        _check_unique(row, number, name, by_number, by_name)
        signature = signatures.get((name, arch))
        if signature is not None and (signature.returns.cxx == "void") != noreturn:
            raise row.error(
                f"{name}: a call returns void exactly when its row is marked noreturn "
                f"(signature at line {signature.line})"
            )
        quoted = f"{number} {abi_column} {name} {entry or '(reserved)'}"
        words = _lowered_words(lowered, lowering, signature, abi, row)
        by_number[number] = by_name[name] = Syscall(
            "linux", row.line, number, abi_column, name, entry, noreturn, signature, quoted,
            words, number + abi.number_offset, abi.loads_frame_pointer(len(words)),
            bool(abi.child_flag) and signature is not None and signature.returns_twice,
        )
    return _in_number_order(table, by_number)


def read_freebsd_numbers(root, path, signatures, abi, lowered):
    """A numbers table with the leading columns of FreeBSD's
    sys/kern/syscalls.master (the prototype is in signatures.tbl);
    `signatures` maps (name, arch) to a Signature. A call never returns when
    its signature returns void, as syscalls.master declares exit."""
    table = grammar.read_table(root, path)
    arch = path.stem
    by_number, by_name = {}, {}
    lowering = _lowering(abi)
    for row in table.rows:
        number_text, audit, kind, name = row.columns("<number> <audit event> <type> <name>", 4, 4)
        number = _number(row, number_text)
        if not AUDIT_EVENT.match(audit):
            raise row.error(f"bad audit event {audit!r} (expected AUE_NAME)")
        base, *flags = kind.split("|")
        if base not in abi.abis or any(f not in FREEBSD_FLAGS for f in flags) or len(set(flags)) != len(flags):
            raise row.error(
                f"type {kind!r} is not a live call's (expected {' or '.join(abi.abis)}, "
                f"optionally |{'|'.join(FREEBSD_FLAGS)})"
            )
        _check_name(row, name)
        _check_unique(row, number, name, by_number, by_name)
        signature = signatures.get((name, arch))
        noreturn = signature is not None and signature.returns.cxx == "void"
        quoted = f"{number} {audit} {kind} {name}"
        by_number[number] = by_name[name] = Syscall(
            "freebsd", row.line, number, kind, name, audit, noreturn, signature, quoted,
            _lowered_words(lowered, lowering, signature, abi, row), number + abi.number_offset,
        )
    return _in_number_order(table, by_number)


def _number(row, text):
    if not text.isdigit():
        raise row.error(f"bad number {text!r}")
    number = int(text)
    if number > MAX_NUMBER:
        raise row.error(f"number {number} is out of range (0-{MAX_NUMBER})")
    return number


def _in_number_order(table, by_number):
    if not by_number:
        raise table.error("no system calls")
    return tuple(by_number[n] for n in sorted(by_number))


def _check_name(row, name):
    if not SYSCALL_NAME.match(name):
        raise row.error(f"bad system call name {name!r}")


def _check_unique(row, number, name, by_number, by_name, what="number"):
    if number in by_number:
        other = by_number[number]
        raise row.error(f"{what} {number} is taken by {other.name} (line {other.line})")
    if name in by_name:
        raise row.error(f"{name} is listed twice (first at line {by_name[name].line})")


# The OSes whose system calls sysgate makes itself, and how each one's
# numbers tables are read. Each has tables/OS/ARCH.tbl per architecture,
# and signatures.tbl and types.tbl for all of them.
NUMBER_READERS = {"freebsd": read_freebsd_numbers, "linux": read_linux_numbers}
NOT_NUMBERS_TABLES = ("constants", "errno", "signatures", "structs", "types")


def numbers_tables(root, os_name):
    """tables/OS/ARCH.tbl: every table in the OS's folder but the shared ones."""
    folder = root / "tables" / os_name
    return [p for p in sorted(folder.glob("*.tbl")) if p.stem not in NOT_NUMBERS_TABLES]


def read_kernel(root, os_name):
    """Every target of one OS: a numbers table and an ABI per architecture.
    The types and signatures are read once per data model and word width,
    since a type's C++ spelling depends on them (u64 is unsigned long on
    LP64; the kernel's long is a long long on x32)."""
    folder = root / "tables" / os_name
    paths = numbers_tables(root, os_name)
    abis = {}
    for path in paths:
        abi_path = path.with_suffix(".abi")
        if not abi_path.is_file():
            rel = grammar.relative(root, path)
            raise TableError(rel, 1, f"no ABI description {grammar.relative(root, abi_path)}")
        abis[path.stem] = abi_module.read_abi(root, abi_path)
    arches = tuple(p.stem for p in paths)
    signatures = {}
    # A signature that reads the same in every data model is one object, and
    # so is a signature's lowering on every ABI that lowers it alike: the
    # files shared by every architecture tell rows apart by identity. Two
    # signatures of one row differ only in how their types resolve.
    one_of = {}
    for model in sorted({(a.data_model, a.word_bits) for a in abis.values()}):
        types = read_types(root, folder / "types.tbl", *model)
        by_model = read_signatures(root, folder / "signatures.tbl", types, arches)
        for key, sig in by_model.items():
            if (abis[key[1]].data_model, abis[key[1]].word_bits) == model:
                resolved = (sig.line, sig.returns.cxx, sig.returns.bits, *((p.type.cxx, p.type.bits) for p in sig.params))
                signatures[key] = one_of.setdefault(resolved, sig)
    lowered = {}
    targets = []
    for path in paths:
        abi = abis[path.stem]
        syscalls = NUMBER_READERS[os_name](root, path, signatures, abi, lowered)
        targets.append(KernelTarget(os_name, path.stem, grammar.relative(root, path), syscalls, abi))
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


def read_errno(root, os_name, file_name="errno.tbl"):
    """tables/OS/errno.tbl, or another errno table of the OS's (an
    architecture's .abi names it: mips.errno): `<number> <name>
    <description>` per row, one row per number (aliases such as EWOULDBLOCK
    are not rows)."""
    table = grammar.read_table(root, root / "tables" / os_name / file_name)
    by_number, by_name = {}, {}
    for row in table.rows:
        number_text, name, description = row.columns("<number> <name> <description>", 3, 3, rest=True)
        if not number_text.isdigit():
            raise row.error(f"bad number {number_text!r}")
        number = int(number_text)
        if not 1 <= number <= MAX_ERRNO:
            raise row.error(f"errno {number} is out of range (1-{MAX_ERRNO})")
        if not ERRNO_NAME.match(name):
            raise row.error(f"bad errno name {name!r}")
        if '"' in description or "\\" in description:
            raise row.error("a description may not hold a quote or a backslash")
        _check_unique(row, number, name, by_number, by_name, "errno")
        by_number[number] = by_name[name] = Errno(row.line, number, name, description)
    if not by_number:
        raise table.error("no errno rows")
    return ErrnoTable(os_name, table.path, tuple(by_number[n] for n in sorted(by_number)))


def read_linux_errno(root, targets):
    """arch -> the ErrnoTable its .abi names (the `errno` key), each file read
    once."""
    by_file = {}
    for target in targets:
        name = target.abi.core.errno_table
        if name not in by_file:
            path = root / "tables" / "linux" / name
            if not path.is_file():
                raise TableError(target.abi.path, 1, f"errno: no errno table {grammar.relative(root, path)}")
            by_file[name] = read_errno(root, "linux", name)
    return {target.arch: by_file[target.abi.core.errno_table] for target in targets}
