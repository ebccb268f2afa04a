# SPDX-License-Identifier: Apache-2.0
"""Reads the kernel structs sysgate defines: tables/linux/structs.tbl (which
structs, from which uapi header) and tables/linux/ARCH.structs (each
architecture's layouts, written by refresh_structs.py), and lays each one
out as C++ that has that layout.

ARCH.structs holds facts, as the compiler's debug information gave them:
every member's offset, every record's size, the alignments the headers
asked for, and how the architecture aligns each scalar in a struct. What to
write in C++ is worked out here: the members in order, and the attributes
only where the natural layout of those members is not the kernel's (x86-64's
packed epoll_event, a member aligned by `__aligned_u64`, a gap the headers
fill with unnamed bit-fields). The generated header asserts each struct's
size and alignment; a test compares every member with the uapi's.
"""

import dataclasses
import re

import grammar
import tables
from grammar import TableError

SELECTION = "tables/linux/structs.tbl"
SELECTION_FORMAT = "<uapi header> <struct tag>..."
HEADER = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)*\.h\Z")
TAG = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# The scalar types a layout may use, as C spells them. gcc's debug
# information spells some differently (refresh_structs.py maps them).
SCALARS = (
    "char",
    "signed char",
    "unsigned char",
    "short",
    "unsigned short",
    "int",
    "unsigned int",
    "long",
    "unsigned long",
    "long long",
    "unsigned long long",
    "void *",
)
# Member names C++ would not take as they are; they get a trailing
# underscore, as the system calls' names do (386's break_).
CXX_KEYWORDS = frozenset(
    "alignas alignof and asm auto bool break case catch char class const constexpr continue default delete do "
    "double else enum explicit export extern false float for friend goto if inline int long mutable namespace new "
    "noexcept not nullptr operator or private protected public register return short signed sizeof static struct "
    "switch template this throw true try typedef typeid typename union unsigned using virtual void volatile while "
    "xor".split()
)

FACTS_FORMATS = {
    "scalar": "scalar <size> <alignment in a struct> <C type>",
    "record": "struct|union <tag> <size> <alignment or ->",
    "nested": "struct|union <member name or -> <offset> <size> <alignment or ->",
    "field": "field <name> <offset> <alignment or -> <type>",
    "bits": "bits <name> <bit offset> <width> <type>",
    "end": "end",
}


@dataclasses.dataclass(frozen=True)
class SelectionRow:
    line: int
    header: str
    tags: tuple


@dataclasses.dataclass(frozen=True)
class Selection:
    path: str
    rows: tuple
    # tag -> row_of(tag): every architecture's structs ask of the same tags.
    _row_of: dict = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)

    def row_of(self, tag):
        if tag not in self._row_of:
            self._row_of[tag] = next((row for row in self.rows if tag in row.tags), None)
        return self._row_of[tag]


def read_selection(root):
    """structs.tbl: each header once, each tag once."""
    table = grammar.read_table(root, root / SELECTION)
    rows, headers, tags = [], {}, {}
    for row in table.rows:
        header, *items = row.columns(SELECTION_FORMAT, 2, 10_000)
        if not HEADER.match(header):
            raise row.error(f"bad uapi header {header!r} (expected a path such as linux/stat.h)")
        if header in headers:
            raise row.error(f"{header} has a row already (line {headers[header]})")
        headers[header] = row.line
        for tag in items:
            if not TAG.match(tag):
                raise row.error(f"bad struct tag {tag!r}")
            if tag in tags:
                raise row.error(f"struct {tag} is listed twice (first at line {tags[tag]})")
            tags[tag] = row.line
        rows.append(SelectionRow(row.line, header, tuple(items)))
    if not rows:
        raise table.error("no structs")
    return Selection(table.path, tuple(rows))


def facts_path(root, arch):
    return root / "tables" / "linux" / f"{arch}.structs"


# A member's type, as ARCH.structs writes it: a scalar (`unsigned long`), a
# record (`struct statx_timestamp`), a pointer (`struct robust_list *`,
# `void *`), each maybe an array (`char[65]`, `int[2][3]`, `char[]` for a
# flexible array member).
_TYPE = re.compile(r"(?P<base>[a-z _]*?[a-z_0-9]+)(?P<pointer> \*)?(?P<dims>(\[[0-9]*\])*)\Z")


@dataclasses.dataclass(frozen=True)
class Type:
    base: str  # a scalar's C spelling, or `struct TAG` / `union TAG`
    pointer: bool
    dims: tuple  # array extents, outermost first; None for a flexible one

    @property
    def record(self):
        """The tag of the record this type holds by value, or None."""
        if self.pointer or not self.base.startswith(("struct ", "union ")):
            return None
        return self.base.split()[1]


def parse_type(row, text):
    m = _TYPE.match(" ".join(text.split()))
    if not m:
        raise row.error(f"bad type {text!r}")
    base, pointer = m.group("base"), bool(m.group("pointer"))
    dims = tuple(int(d) if d else None for d in re.findall(r"\[([0-9]*)\]", m.group("dims")))
    if any(d is not None and d > MAX_BYTES for d in dims):
        raise row.error(f"bad type {text!r}: an extent more than {MAX_BYTES}")
    if None in dims[1:]:
        raise row.error(f"bad type {text!r}: only the outermost extent may be empty")
    words = base.split()
    if words[0] in ("struct", "union"):
        if len(words) != 2 or not TAG.match(words[1]):
            raise row.error(f"bad type {text!r}")
    elif base == "void":
        if not pointer:
            raise row.error("a member cannot be void")
    elif base not in SCALARS:
        raise row.error(f"unknown scalar type {base!r} (known: {', '.join(SCALARS)})")
    return Type(base, pointer, dims)


@dataclasses.dataclass
class Member:
    line: int
    name: str  # "" for an anonymous struct or union
    offset: int  # bytes from the start of the record that holds it; bits for a bit-field
    align: int  # what the header asked for, 0 for nothing
    type: Type = None
    width: int = 0  # a bit-field's width, 0 for a plain member
    nested: "Record" = None  # a struct or union without a tag: its type


@dataclasses.dataclass
class Record:
    line: int
    kind: str  # struct or union
    tag: str  # "" when anonymous
    size: int
    align: int  # what the header asked for, 0 for nothing
    members: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class Facts:
    path: str
    scalars: dict  # C type -> (size, alignment in a struct)
    records: dict  # tag -> Record, in the table's order (contained ones first)


# No kernel struct comes near this (the largest uapi struct a system call
# takes is a few hundred bytes); a bound keeps a mistyped number from
# becoming millions of lines of padding.
MAX_BYTES = 1 << 16


def _number(row, text, what, most=MAX_BYTES):
    if not text.isdigit() or not text.isascii():
        raise row.error(f"bad {what} {text!r}")
    value = int(text)
    if value > most:
        raise row.error(f"{what} {value} is more than {most}")
    return value


def _alignment(row, text):
    if text == "-":
        return 0
    value = _number(row, text, "alignment")
    if value == 0 or value & (value - 1):
        raise row.error(f"alignment {value} is not a power of two")
    return value


def read_facts(root, target, selection):
    """tables/linux/ARCH.structs of `target` (a tables.KernelTarget), checked: records nest and end,
    every record type a member names is defined above it, every scalar it
    uses has a row, every top-level record is one structs.tbl lists or one
    that such a record contains."""
    path = facts_path(root, target.arch)
    if not path.is_file():
        raise TableError(
            target.path,
            1,
            f"no layouts {grammar.relative(root, path)} (run python3 codegen/refresh_structs.py {target.arch})",
        )
    table = grammar.read_table(root, path)
    scalars, records, types = {}, {}, {}
    stack = []  # the records being read, outermost first
    for row in table.rows:
        kind, *rest = row.text.split(None, 1)
        if kind == "scalar":
            _, size, align, ctype = row.columns(FACTS_FORMATS["scalar"], 4, 4, rest=True)
            ctype = " ".join(ctype.split())
            if ctype not in SCALARS:
                raise row.error(f"unknown scalar type {ctype!r}")
            if ctype in scalars:
                raise row.error(f"scalar {ctype} is listed twice")
            scalars[ctype] = (_number(row, size, "size"), _alignment(row, align))
        elif kind in ("struct", "union"):
            if stack:
                # A record without a tag, inside the one being read: the
                # type of a member named NAME, or (-) an anonymous member.
                _, name, offset, size, align = row.columns(FACTS_FORMATS["nested"], 5, 5)
                if name != "-" and not grammar.IDENT.match(name):
                    raise row.error(f"bad member name {name!r}")
                nested = Record(row.line, kind, "", _number(row, size, "size"), _alignment(row, align))
                member = Member(row.line, "" if name == "-" else name, _number(row, offset, "offset"), 0, nested=nested)
                stack[-1].members.append(member)
                stack.append(nested)
                continue
            _, tag, size, align = row.columns(FACTS_FORMATS["record"], 4, 4)
            if not TAG.match(tag):
                raise row.error(f"bad tag {tag!r}")
            if tag in records:
                raise row.error(f"{kind} {tag} is listed twice")
            record = Record(row.line, kind, tag, _number(row, size, "size"), _alignment(row, align))
            records[tag] = record
            stack.append(record)
        elif kind in ("field", "bits"):
            if not stack:
                raise row.error(f"{kind} outside a record")
            if kind == "field":
                _, name, offset, align, text = row.columns(FACTS_FORMATS["field"], 5, 5, rest=True)
                member = Member(row.line, name, _number(row, offset, "offset"), _alignment(row, align))
            else:
                _, name, offset, width, text = row.columns(FACTS_FORMATS["bits"], 5, 5, rest=True)
                member = Member(
                    row.line, name, _number(row, offset, "bit offset", 8 * MAX_BYTES), 0, width=_number(row, width, "width", 64)
                )
                if member.width == 0:
                    raise row.error("a bit-field of width 0")
            if not grammar.IDENT.match(name):
                raise row.error(f"bad member name {name!r}")
            # Most members are of a few types: each spelling is parsed once.
            member.type = types.get(text) or types.setdefault(text, parse_type(row, text))
            if member.width and (member.type.pointer or member.type.dims or member.type.record):
                raise row.error("a bit-field must be a scalar")
            for ctype in _scalars_of(member.type):
                if ctype not in scalars:
                    raise row.error(f"scalar {ctype} has no row above")
            tag = member.type.record
            if tag is not None and tag not in records:
                raise row.error(f"{member.type.base} is not defined above")
            if tag is not None and records[tag] in stack:
                raise row.error(f"{member.type.base} contains itself")
            stack[-1].members.append(member)
        elif kind == "end":
            row.columns(FACTS_FORMATS["end"], 1, 1)
            if not stack:
                raise row.error("end outside a record")
            if not stack[-1].members:
                raise row.error("a record without members")
            stack.pop()
        else:
            raise row.error(f"unknown row {kind!r} (expected scalar, struct, union, field, bits or end)")
    if stack:
        raise TableError(table.path, stack[-1].line, "record without an end")
    if "void *" not in scalars:
        raise table.error("no scalar row for void *")
    contained = {m.type.record for r in records.values() for m in _all_members(r) if m.type and m.type.record}
    for tag, record in records.items():
        if selection.row_of(tag) is None and tag not in contained:
            raise TableError(table.path, record.line, f"{tag} is neither in {selection.path} nor contained in a struct it lists")
    return Facts(table.path, scalars, records)


def _scalars_of(t):
    if t.pointer:
        return ["void *"]
    return [] if t.record else [t.base]


def _all_members(record):
    for m in record.members:
        yield m
        if m.nested:
            yield from _all_members(m.nested)


def check_selection(selection, facts_by_arch):
    """Every tag of structs.tbl is defined on some architecture: a tag none
    defines is a misspelling."""
    for row in selection.rows:
        for tag in row.tags:
            if not any(tag in facts.records for facts in facts_by_arch.values()):
                raise TableError(selection.path, row.line, f"no architecture's <{row.header}> defines struct {tag}")


def member_name(name):
    return name + "_" if name in CXX_KEYWORDS else name


# What laying out a record in C++ decides.
@dataclasses.dataclass
class Line:
    text: str  # one declaration, without indentation
    depth: int  # nesting inside the record


class _Layout:
    """Lays out the records of one architecture."""

    def __init__(self, facts):
        self.facts = facts
        self.aligns = {}  # id(Record) -> its alignment as the C++ has it
        self.natural = {}  # id(Record) -> what its members alone align it to

    def scalar(self, t):
        return self.facts.scalars["void *" if t.pointer else t.base]

    def natural_align(self, t, align=0):
        if align:
            return align
        if t.record:
            return self.aligns[id(self.facts.records[t.record])]
        return self.scalar(t)[1]

    def size_of(self, t):
        count = 1
        for d in t.dims:
            count *= d or 0
        if t.record:
            return self.facts.records[t.record].size * count
        return self.scalar(t)[0] * count

    def cxx_type(self, t):
        if t.pointer:
            base = "void" if t.base == "void" else self.cxx_base(t.base)
            return base + "*"
        return self.cxx_base(t.base)

    def cxx_base(self, base):
        if base.startswith(("struct ", "union ")):
            return tables.kernel_struct_name(base.split()[1])
        return base

    def declare(self, member):
        dims = "".join(f"[{d}]" for d in member.type.dims)
        text = f"{self.cxx_type(member.type)} {member_name(member.name)}{dims}"
        if member.width:
            text += f" : {member.width}"
        if member.align > self.natural_align(member.type):
            text = f"alignas({member.align}) {text}"
        return text + ";"

    def lay_out(self, record, path):
        """The C++ lines of `record`'s body and whether it is packed; raises
        TableError when no C++ of these members has the recorded layout.
        `path` names the record in errors."""
        for packed in (False, True):
            lines, problem = self._try(record, packed, path)
            if problem is None:
                return lines, packed
        raise TableError(self.facts.path, record.line, f"{path}: {problem}")

    def _try(self, record, packed, path):
        lines, cur, bits_at, natural = [], 0, None, 1

        def pad(start, gap):
            # Unnamed bit-fields fill a gap, as the uapi headers do
            # (__kernel_timex's `int :32;`): no name, no initializer.
            unit = next(u for u in (4, 2, 1) if gap % u == 0 and start % u == 0)
            ctype = {4: "int", 2: "short", 1: "char"}[unit]
            return [Line(f"{ctype} : {8 * unit};", 0) for _ in range(gap // unit)]

        for member in record.members:
            if member.width:
                size, member_align = self.scalar(member.type)
                unit = 8 * size
                pos = 0 if record.kind == "union" else bits_at if bits_at is not None else 8 * cur
                if pos // unit != (pos + member.width - 1) // unit:
                    pos = -(-pos // unit) * unit
                if member.offset < pos:
                    return None, f"bit-field {member.name} at bit {member.offset}, before bit {pos} where C would put it"
                if member.offset > pos:
                    if pos // unit != (member.offset + member.width - 1) // unit:
                        return None, f"bit-field {member.name}: the gap before it crosses a {unit}-bit unit"
                    lines.append(Line(f"{member.type.base} : {member.offset - pos};", 0))
                lines.append(Line(self.declare(member), 0))
                bits_at = member.offset + member.width
                natural = max(natural, 1 if packed else member_align)
                continue
            if bits_at is not None:
                cur, bits_at = max(cur, -(-bits_at // 8)), None
            if member.nested:
                body, nested_packed = self.lay_out(member.nested, f"{path}.{member.name or '<anonymous ' + member.nested.kind + '>'}")
                if nested_packed:
                    return None, "an anonymous record would have to be packed"
                member_align = 1 if packed else self.aligns[id(member.nested)]
                size = member.nested.size
            else:
                member_align = 1 if packed and not member.align else self.natural_align(member.type, member.align)
                size = self.size_of(member.type)
            at = 0 if record.kind == "union" else -(-cur // member_align) * member_align
            if member.offset < at:
                return None, f"{member.name or 'an anonymous record'} at offset {member.offset}, before {at} where C would put it"
            if member.offset > at:
                if record.kind == "union":
                    return None, f"{member.name} at offset {member.offset} of a union"
                lines += pad(at, member.offset - at)
            if member.nested:
                lines.append(Line(f"{member.nested.kind} {{", 0))
                lines += [Line(line.text, line.depth + 1) for line in body]
                lines.append(Line(f"}} {member_name(member.name)};" if member.name else "};", 0))
            elif None in member.type.dims[:1] or 0 in member.type.dims:
                lines.append(Line(f"// {self.declare(member)[:-1]}: takes no room, and C++ has no such arrays", 0))
            else:
                lines.append(Line(self.declare(member), 0))
            cur = member.offset + size if record.kind == "struct" else max(cur, size)
            natural = max(natural, member_align)
        if bits_at is not None:
            cur = max(cur, -(-bits_at // 8))
        align = max(natural, record.align)
        size = -(-cur // align) * align
        if record.size < size:
            return None, f"size {record.size}, less than the {size} bytes its members take"
        if record.size > size:
            if record.kind == "union" or record.size % align:
                return None, f"size {record.size}, more than the {size} bytes its members take"
            lines += pad(cur, record.size - cur)
        self.aligns[id(record)] = align
        self.natural[id(record)] = natural
        return lines, None


@dataclasses.dataclass(frozen=True)
class Rendered:
    tag: str
    name: str  # in sysgate::kernel
    kind: str
    header: str  # the uapi header it comes from
    text: str  # the C++ definition
    asserts: tuple  # static_assert lines: its size and alignment
    checks: tuple  # (sysgate member path, uapi member path, "field" or "bits")


def render(facts, selection):
    """Each record of `facts`, in its order, as C++ (Rendered)."""
    layout = _Layout(facts)
    out = []
    for tag, record in facts.records.items():
        lines, packed = layout.lay_out(record, f"{record.kind} {tag}")
        name = tables.kernel_struct_name(tag)
        align = layout.aligns[id(record)]
        head = f"{record.kind} "
        if packed:
            aligned = f", aligned({record.align})" if record.align > 1 else ""
            head += f"__attribute__((packed{aligned})) "
        elif record.align > layout.natural[id(record)]:
            head += f"alignas({record.align}) "
        body = "\n".join("  " * (line.depth + 1) + line.text for line in lines)
        text = f"{head}{name} {{\n{body}\n}};"
        asserts = (f"static_assert(sizeof({name}) == {record.size} && alignof({name}) == {align});",)
        checks = []
        for path, uapi_path, member in _members(record):
            if member.width:
                checks.append((path, uapi_path, "bits"))
            elif not (member.type and (None in member.type.dims[:1] or 0 in member.type.dims)):
                checks.append((path, uapi_path, "field"))
        out.append(Rendered(tag, name, record.kind, _header(facts, selection, tag), text, asserts, tuple(checks)))
    return out


def _header(facts, selection, tag):
    """The uapi header of `tag`: its row's, or that of the first record
    that holds it."""
    row = selection.row_of(tag)
    if row is not None:
        return row.header
    holder = next(t for t, r in facts.records.items() if any(m.type and m.type.record == tag for m in _all_members(r)))
    return _header(facts, selection, holder)


def _members(record, prefix="", uapi_prefix=""):
    """(C++ member path, uapi member path, Member) for every named member,
    an anonymous record's members as the outer record's."""
    for m in record.members:
        if m.nested and not m.name:
            yield from _members(m.nested, prefix, uapi_prefix)
            continue
        yield prefix + member_name(m.name), uapi_prefix + m.name, m
        if m.nested:
            yield from _members(m.nested, f"{prefix}{member_name(m.name)}.", f"{uapi_prefix}{m.name}.")


def global_order(selection, facts_by_arch):
    """Every tag any architecture defines, each after the records it
    contains, else in structs.tbl's order: the order of the blocks of the
    shared header, the same for every architecture."""
    contains = {}
    for facts in facts_by_arch.values():
        for tag, record in facts.records.items():
            contains.setdefault(tag, [])
            for m in _all_members(record):
                if m.type and m.type.record and m.type.record not in contains[tag]:
                    contains[tag].append(m.type.record)
    order = []

    def visit(tag):
        if tag in order or tag not in contains:
            return
        for inner in contains[tag]:
            visit(inner)
        order.append(tag)

    for row in selection.rows:
        for tag in row.tags:
            visit(tag)
    return order
