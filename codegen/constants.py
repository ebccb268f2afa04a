# SPDX-License-Identifier: Apache-2.0
"""Reads the kernel constants sysgate exports: tables/linux/constants.tbl
(which names, from which uapi header) and tables/linux/ARCH.constants (each
architecture's values, written by refresh_constants.py).

The values live in tables/ because `generate` renders from tables/ alone: the
cross compilers that know them are the maintainer's, needed only to refresh.
"""

import dataclasses
import re

import grammar
from grammar import TableError

SELECTION = "tables/linux/constants.tbl"
SELECTION_FORMAT = "<uapi header> <selector>..."
HEADER = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)*\.h\Z")
NAME = re.compile(r"[A-Z][A-Z0-9_]*\Z")
PREFIX = re.compile(r"[A-Z][A-Z0-9_]*\*\Z")
# The selector that stands for every name of tables/linux/errno.tbl, whose
# numbers are the values: errno numbers are written down once.
ERRNO_SELECTOR = "errno.tbl"

# A value's C integer suffix, as ARCH.constants writes it, and its type.
SUFFIX_TYPES = {
    "": "int",
    "U": "unsigned int",
    "L": "long",
    "UL": "unsigned long",
    "LL": "long long",
    "ULL": "unsigned long long",
}
LITERAL = re.compile(r"(?P<minus>-?)(?P<digits>0x[0-9a-f]+|0|[1-9][0-9]*)(?P<suffix>U|L|UL|LL|ULL)?\Z")


def type_bits(cxx_type, word_bits):
    if cxx_type.endswith("long long"):
        return 64
    return word_bits if cxx_type.endswith("long") else 32


def type_range(cxx_type, word_bits):
    bits = type_bits(cxx_type, word_bits)
    if cxx_type.startswith("unsigned"):
        return 0, 2**bits - 1
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def literal(value, suffix=""):
    """How the table and the header spell `value`: hex from 256 up, as flags
    read best."""
    text = f"{value:#x}" if value >= 256 else str(value)
    return text + suffix


@dataclasses.dataclass(frozen=True)
class SelectionRow:
    line: int
    header: str
    names: frozenset  # NAME selectors
    prefixes: tuple  # PREFIX* selectors, without the star
    excluded: frozenset  # !NAME selectors
    errno: bool  # the row selects errno.tbl's names
    text: str  # the selectors as the row writes them

    def selects(self, name):
        if name in self.excluded:
            return False
        return name in self.names or any(name.startswith(p) for p in self.prefixes)


@dataclasses.dataclass(frozen=True)
class Selection:
    path: str
    rows: tuple
    # name -> row_of(name): every architecture's constants ask of the same names.
    _row_of: dict = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)

    def row_of(self, name):
        """The row that selects `name`, or None; at most one does (read_selection)."""
        if name not in self._row_of:
            self._row_of[name] = next((row for row in self.rows if row.selects(name)), None)
        return self._row_of[name]


def _overlap(a, b):
    """Whether two selectors (a prefix ends in `*`) can select one name."""
    if a.endswith("*") and b.endswith("*"):
        return a[:-1].startswith(b[:-1]) or b[:-1].startswith(a[:-1])
    if a.endswith("*"):
        return b.startswith(a[:-1])
    if b.endswith("*"):
        return a.startswith(b[:-1])
    return a == b


def _add_selector(row, selectors, selector, label):
    for other, other_label, line in selectors:
        if _overlap(selector, other):
            where = "this row" if line == row.line else f"line {line}"
            raise row.error(f"{label} selects a name that {other_label} ({where}) selects too")
    selectors.append((selector, label, row.line))


def read_selection(root, errno_names):
    """constants.tbl; `errno_names` are errno.tbl's, which the errno.tbl
    selector stands for. No two selectors may reach one name, so each
    constant has one row, and with it one header."""
    table = grammar.read_table(root, root / SELECTION)
    rows, headers = [], {}
    selectors = []  # (selector, as an error names it, its row's line)
    for row in table.rows:
        header, *items = row.columns(SELECTION_FORMAT, 2, 10_000)
        if not HEADER.match(header):
            raise row.error(f"bad uapi header {header!r} (expected a path such as linux/fcntl.h)")
        if header in headers:
            raise row.error(f"{header} has a row already (line {headers[header]})")
        headers[header] = row.line
        names, prefixes, excluded, errno = set(), [], set(), False
        for item in items:
            if item == ERRNO_SELECTOR:
                if any(label.startswith(ERRNO_SELECTOR) for _, label, _ in selectors):
                    raise row.error(f"{item} is selected twice")
                errno = True
                for name in sorted(errno_names):
                    _add_selector(row, selectors, name, f"{ERRNO_SELECTOR}'s {name}")
                continue
            if item.startswith("!"):
                if not NAME.match(item[1:]):
                    raise row.error(f"bad selector {item!r}: ! takes a macro name")
                excluded.add(item[1:])
                continue
            if not (NAME.match(item) or PREFIX.match(item)):
                raise row.error(f"bad selector {item!r} (expected NAME, PREFIX*, !NAME or {ERRNO_SELECTOR})")
            _add_selector(row, selectors, item, item)
            if item.endswith("*"):
                prefixes.append(item[:-1])
            else:
                names.add(item)
        for name in sorted(excluded):
            if name in names or not any(name.startswith(p) for p in prefixes):
                raise row.error(f"!{name} leaves out nothing: no prefix of this row selects {name}")
        rows.append(
            SelectionRow(row.line, header, frozenset(names), tuple(prefixes), frozenset(excluded), errno, " ".join(items))
        )
    if not rows:
        raise table.error("no constants selected")
    return Selection(table.path, tuple(rows))


@dataclasses.dataclass(frozen=True)
class Constant:
    line: int  # in ARCH.constants; 0 for one of errno.tbl's
    name: str
    value: int
    cxx_type: str

    @property
    def cxx_value(self):
        return literal(self.value)


VALUES_FORMAT = "<name> <value>"


def values_path(root, arch):
    return root / "tables" / "linux" / f"{arch}.constants"


def read_values(root, target, selection, errno_names):
    """tables/linux/ARCH.constants of `target` (a tables.KernelTarget):
    `<name> <value>` per row, the value a C integer literal whose suffix
    says its type. Every name is one constants.tbl selects, other than
    errno.tbl's (whose values are there)."""
    path = values_path(root, target.arch)
    if not path.is_file():
        raise TableError(
            target.path,
            1,
            f"no constants {grammar.relative(root, path)} (run python3 codegen/refresh_constants.py {target.arch})",
        )
    word_bits = target.abi.word_bits
    table = grammar.read_table(root, path)
    found = {}
    for row in table.rows:
        name, text = row.columns(VALUES_FORMAT, 2, 2)
        if not NAME.match(name):
            raise row.error(f"bad constant name {name!r}")
        if name in found:
            raise row.error(f"{name} is listed twice (first at line {found[name].line})")
        if name in errno_names:
            raise row.error(f"{name} is errno.tbl's: its number comes from there")
        if selection.row_of(name) is None:
            raise row.error(
                f"{name} is not selected by {selection.path} (run python3 codegen/refresh_constants.py)"
            )
        m = LITERAL.match(text)
        if not m:
            raise row.error(f"bad value {text!r} (expected a C integer literal, decimal or 0x, suffix U, L, UL, LL or ULL)")
        value = int(m.group("digits"), 0) * (-1 if m.group("minus") else 1)
        cxx_type = SUFFIX_TYPES[m.group("suffix") or ""]
        low, high = type_range(cxx_type, word_bits)
        if not low <= value <= high:
            raise row.error(f"{text} does not fit in {cxx_type} on a {word_bits}-bit architecture")
        found[name] = Constant(row.line, name, value, cxx_type)
    if not found:
        raise table.error("no constants")
    return tuple(found.values())


def check_selectors(selection, values_by_arch):
    """Each NAME and PREFIX* selector reaches a constant of some architecture:
    one that reaches none is a typo or a stale refresh."""
    names = {c.name for values in values_by_arch.values() for c in values}
    for row in selection.rows:
        for name in sorted(row.names):
            if name not in names:
                raise TableError(selection.path, row.line, f"{name} is in no architecture's ARCH.constants (run python3 codegen/refresh_constants.py)")
        for prefix in row.prefixes:
            if not any(n.startswith(prefix) and row.selects(n) for n in names):
                raise TableError(selection.path, row.line, f"{prefix}* selects nothing in any ARCH.constants (run python3 codegen/refresh_constants.py)")
