# SPDX-License-Identifier: Apache-2.0
"""The grammar every sysgate table shares, read once for all of them.

A table is ASCII text, one row per line; a blank line or one whose first
non-blank character is `#` is not a row. What a row's columns mean is each
table's own (tables.py for the kernels, libc_tables.py for the C libraries,
abi.py for the ABIs); the sub-grammars that several tables use are here:
`<type> = <C++ type>` definitions (types.tbl), C declarations, `| key: value`
attributes, and the probe attributes that tell the tests how to call a row.

Every error is a TableError naming the file and line, which generate.py
prints as `path:line: message`.
"""

import dataclasses
import re

# A system call takes at most six arguments, each in a register; so does an
# import (libc_tables.py says why).
MAX_ARGS = 6
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
C_TYPE_WORDS = frozenset(("char", "const", "int", "long", "short", "signed", "struct", "unsigned", "void"))
_DECLARATION = re.compile(r"(?P<ret>[^()]*?)\s*\b(?P<name>\w+)\s*\((?P<params>[^()]*)\)\s*\Z")


class TableError(Exception):
    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclasses.dataclass(frozen=True)
class Row:
    path: str  # relative to the root, as errors name it
    line: int
    text: str  # without leading and trailing blanks

    def error(self, message):
        return TableError(self.path, self.line, message)

    def columns(self, usage, least, most, rest=False):
        """The row's blank-separated columns, `least` to `most` of them, else
        an error that the row should read `usage`. With `rest`, the last
        column is the rest of the line, blanks and all."""
        cols = self.text.split(None, most - 1) if rest else self.text.split()
        if not least <= len(cols) <= most:
            raise self.error(f"expected {usage}")
        return cols


@dataclasses.dataclass(frozen=True)
class Table:
    path: str
    rows: tuple

    def error(self, message):
        """An error about the table as a whole, reported at its first line."""
        return TableError(self.path, 1, message)


def relative(root, path):
    return path.relative_to(root).as_posix()


def read_table(root, path):
    """The rows of the table at `path`."""
    rel = relative(root, path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TableError(rel, 0, f"cannot read: {e.strerror}") from None
    # The first line that is not ASCII or holds a carriage return is the
    # error, whichever it is (a line with both is not ASCII).
    try:
        text = data.decode("ascii")
        bad = None
    except UnicodeDecodeError as e:
        bad = data.count(b"\n", 0, e.start) + 1
    cr = data.find(b"\r")
    cr = None if cr < 0 else data.count(b"\n", 0, cr) + 1
    if cr is not None and (bad is None or cr < bad):
        raise TableError(rel, cr, "carriage return in line")
    if bad is not None:
        raise TableError(rel, bad, "not ASCII text")
    lines = text.split("\n")
    rows = []
    for number, text in enumerate(lines, start=1):
        text = text.strip()
        if text and text[0] != "#":
            rows.append(Row(rel, number, text))
    return Table(rel, tuple(rows))


def type_definitions(table):
    """types.tbl: `<type as written in declarations> = <C++ type>` per row.
    Yields (row, name, C++ side), each blank run made one space; what the
    C++ side may be is the table's reader's to say."""
    seen = set()
    for row in table.rows:
        left, eq, right = row.text.partition("=")
        left, right = " ".join(left.split()), " ".join(right.split())
        if not eq or not left or not right:
            raise row.error("expected `<type> = <C++ type>`")
        if not all(IDENT.match(w) for w in left.split()):
            raise row.error(f"bad type name {left!r}")
        if left in seen:
            raise row.error(f"type {left!r} defined twice")
        seen.add(left)
        yield row, left, right
    if not seen:
        raise table.error("no types")


@dataclasses.dataclass(frozen=True)
class Type:
    """A type as a declaration writes it, and as the generated code spells it."""

    table: str  # e.g. "const char *const *"
    cxx: str  # e.g. "const char* const*"
    pointer: bool
    struct_tags: tuple  # the struct tags this type names
    bits: int = 0  # a kernel scalar's width; 0 for a pointer, void or a struct

    def width(self, word_bits):
        """How many bits the value takes as an argument: a word, or 64."""
        return word_bits if self.pointer else max(self.bits, word_bits)


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    type: Type


def _parse_type(row, words, types, struct_cxx):
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
        raise row.error("missing type")
    name = " ".join(base)
    if base[0] == "struct":
        if len(base) != 2 or not IDENT.match(base[1]):
            raise row.error(f"bad struct type {name!r}")
        known = Type(name, struct_cxx(base[1]), False, (base[1],))
    elif name in types:
        known = types[name]
    else:
        raise row.error(f"unknown type {name!r}")
    cxx = ("const " if const_base else "") + known.cxx
    pointer = known.pointer
    if words and words[0] == "const" and not const_base:
        words.pop(0)  # `char const *` spelled east-const
        cxx = "const " + cxx
    while words:
        if words.pop(0) != "*":
            raise row.error(f"bad type {' '.join(base + words)!r}")
        cxx += "*"
        pointer = True
        if words and words[0] == "const":
            words.pop(0)
            cxx += " const"
    if known.cxx == "void" and not pointer:
        raise row.error("a parameter cannot be void")
    return Type(name, cxx, pointer, known.struct_tags, 0 if pointer else known.bits)


def _parse_param(row, text, types, struct_cxx):
    words = text.replace("*", " * ").split()
    if len(words) < 2 or not IDENT.match(words[-1]) or words[-1] in C_TYPE_WORDS:
        raise row.error(f"parameter {text.strip()!r} needs a type and a name")
    return Param(words[-1], _parse_type(row, words[:-1], types, struct_cxx))


def parse_declaration(row, text, types, row_format, name_pattern, what, struct_cxx):
    """`<return type> <name>(<type> <parameter>, ...)`, as a signature or an
    import row writes it: (name, returns, params), checked (the name matches
    `name_pattern`, every type is known, at most MAX_ARGS parameters, none
    named twice). `row_format` and `what` word the errors; an inline
    `struct NAME` is spelled struct_cxx(NAME)."""
    m = _DECLARATION.match(text.strip())
    if not m or not m.group("ret"):
        raise row.error(f"expected `{row_format}`")
    name = m.group("name")
    if not name_pattern.match(name):
        raise row.error(f"bad {what} {name!r}")
    ret_words = m.group("ret").replace("*", " * ").split()
    if ret_words == ["void"]:
        returns = Type("void", "void", False, ())
    else:
        returns = _parse_type(row, ret_words, types, struct_cxx)
    params = []
    if m.group("params").strip():
        params = [_parse_param(row, p, types, struct_cxx) for p in m.group("params").split(",")]
    if len(params) > MAX_ARGS:
        raise row.error(f"{name} has {len(params)} parameters; at most {MAX_ARGS}")
    seen = set()
    for p in params:
        if p.name in seen:
            raise row.error(f"parameter {p.name!r} appears twice")
        seen.add(p.name)
    return name, returns, tuple(params)


def split_attributes(row, flags, keys):
    """`<declaration> [| <attribute>]...`: the declaration, as a row of its
    own, and a dict from each attribute's key to its value: True for a flag
    (`newfd`), the text after the colon for a key (`probe: 0, 1`). `flags`
    and `keys` are the attributes the table knows."""
    declaration, *items = row.text.split("|")
    found = {}
    for item in items:
        key, colon, value = item.partition(":")
        key, value = key.strip(), value.strip()
        if key not in (keys if colon else flags):
            raise row.error(f"unknown attribute {item.strip()!r}")
        if key in found:
            raise row.error(f"attribute {key} given twice")
        found[key] = value if colon else True
    return dataclasses.replace(row, text=declaration.strip()), found


# The attributes that tell the per-row tests how to call a row, the same in
# the kernel and the C library tables:
#   probe: A, B...    the arguments (without it, -1 for each)
#   varies: <reason>  two identical calls may give different values
#   newfd             a success is a new descriptor, to be closed
#   unsafe: <reason>  never called by the probe
PROBE_FLAGS = ("newfd",)
PROBE_KEYS = ("probe", "varies", "unsafe")
# What a probe argument may be besides an integer, and how a table writes it.
PROBE_EXTRAS = {"buffer": "buf", "string": 'a "string"'}


@dataclasses.dataclass(frozen=True)
class ProbeArg:
    kind: str  # "word", "buffer" (a fresh zeroed buffer) or "string"
    value: object  # the integer, or the string's text


@dataclasses.dataclass(frozen=True)
class Probe:
    """How the tests call a row, from its probe attributes."""

    args: tuple  # ProbeArgs; empty: -1 for every argument
    unsafe: str  # the reason, or "" when the probe may call it
    varies: str  # the reason, or ""
    newfd: bool

    def kind(self, noreturn):
        """unsafe, varies, newfd or same; a row that never returns
        (`noreturn`) is unsafe whatever its attributes say."""
        if noreturn or self.unsafe:
            return "unsafe"
        if self.varies:
            return "varies"
        return "newfd" if self.newfd else "same"

    def reason(self, noreturn):
        if self.unsafe or self.varies:
            return self.unsafe or self.varies
        return "never returns" if noreturn else ""


def _probe_arg(row, text, extras):
    if text == "buf" and "buffer" in extras:
        return ProbeArg("buffer", 0)
    if "string" in extras and len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        return ProbeArg("string", text[1:-1])
    try:
        value = int(text, 0)
    except ValueError:
        accepted = ["an integer", *(PROBE_EXTRAS[e] for e in extras)]
        listed = accepted[0] if len(accepted) == 1 else ", ".join(accepted[:-1]) + " or " + accepted[-1]
        raise row.error(f"probe argument {text!r} is not {listed}") from None
    if not -(2**63) <= value < 2**64:
        raise row.error(f"probe argument {value} does not fit in 64 bits")
    return ProbeArg("word", value)


def read_probe(row, attributes, name, params, what, extras=(), noreturn=False):
    """The probe attributes of row `name`, which takes `params`. `extras`
    are the kinds of probe argument the table allows besides integers
    (PROBE_EXTRAS); `what` names a row in the errors ("call", "import")."""
    unsafe, varies = (attributes.get(key, "") for key in ("unsafe", "varies"))
    for key in ("unsafe", "varies"):
        if key in attributes and not attributes[key]:
            raise row.error(f"`{key}:` needs a reason")
    args = ()
    if "probe" in attributes:
        args = tuple(_probe_arg(row, item.strip(), extras) for item in attributes["probe"].split(","))
        if len(args) != len(params):
            raise row.error(f"probe gives {len(args)} arguments; {name} takes {len(params)}")
    newfd = attributes.get("newfd", False)
    if (unsafe or noreturn) and (varies or args or newfd):
        raise row.error(f"an unsafe {what} is never probed: drop its probe attributes")
    return Probe(args, unsafe, varies, newfd)
