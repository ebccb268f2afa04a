#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Renders sysgate's tables into generated/.

    generate.py generate [--root DIR] [--out DIR]   write the generated files
    generate.py check [--root DIR]                  fail if generated/ is stale
    generate.py list OS/ARCH [--root DIR]           NAME NUMBER per row, sorted
                                                    (NAME SYMBOL for a C library)

--root is the folder holding tables/ (default: this checkout); --out is where
`generate` writes (default: ROOT/generated; Bazel points it at its output
tree). A malformed table stops every subcommand with `path:line: message` and
exit status 2, before anything is written.
"""

import argparse
import dataclasses
import functools
import gc
import hashlib
import operator
import os
import shutil
import sys
import tempfile
import typing
from pathlib import Path

import constants
import structs
import libc_tables
import tables

# Not resolve(): under Bazel this file is a symlink into the source tree, and
# the tables must be read from beside it, inside the sandbox.
CODEGEN = Path(os.path.abspath(__file__)).parent
COMMAND = "python3 codegen/generate.py generate"
EXIT_BAD_TABLE = 2
EXIT_STALE = 1

# The files rendered for every architecture of an OS whose system calls
# sysgate makes itself, into generated/OS_ARCH/: the stubs and their numbers.
# The stub template takes its macros from the architecture's own
# templates/OS/arch/ARCH.S.j2.
KERNEL_ARCH_FILES = {
    "syscalls.S": "kernel/syscalls.S.j2",
    "syscall_numbers.h": "kernel/syscall_numbers.h.j2",
}
# What is the same on every architecture but for its numbers, rendered once
# for all of them (see _render_shared): the typed declarations.
KERNEL_SHARED_FILES = {
    "syscalls.h": "kernel/syscalls.h.j2",
}
# Linux adds what its tests and libc-free programs use: _start, the inline
# form's per-arity traps and what the core knows of the ABI (core_abi.h) per
# architecture; the inline wrappers over those
# traps, the per-row probe and the check against the uapi header once; and
# the kernel's constants (tables/linux/constants.tbl) with their check.
LINUX_ARCH_FILES = {
    **KERNEL_ARCH_FILES,
    "process_entry.S": "linux/process_entry.S.j2",
    "syscall_arity.h": "linux/syscall_arity.h.j2",
    "core_abi.h": "linux/core_abi.h.j2",
}
LINUX_SHARED_FILES = {
    **KERNEL_SHARED_FILES,
    "syscalls_inline.h": "linux/syscalls_inline.h.j2",
    "syscall_probes.inc": "linux/syscall_probes.inc.j2",
    "header_numbers_check.inc": "linux/header_numbers_check.inc.j2",
    "constants.h": "linux/constants.h.j2",
    "constants_check.inc": "linux/constants_check.inc.j2",
    "kernel_types.h": "linux/kernel_types.h.j2",
    "kernel_types_check.inc": "linux/kernel_types_check.inc.j2",
}


@dataclasses.dataclass(frozen=True)
class KernelOs:
    title: str  # as prose names it
    define: str  # the macro the compiler defines when targeting it
    libc: str  # its C library, whose structs may differ from the kernel's
    arch_files: dict  # generated/OS_ARCH/NAME: template
    # generated/OS/NAME: template, rendered once for every architecture
    # (_render_shared); beside them arch.h (a macro per architecture) and,
    # for each header of arch_files, one that includes the compiled
    # architecture's.
    shared_files: dict
    # The shared file of typed inline traps (sysgate::sys_inline), which the
    # default API (sysgate::sys) takes each inlinable row from; "": none, and
    # sysgate::sys is the stubs.
    inline_header: str = ""


# tables/OS/ for each (tables.NUMBER_READERS reads its numbers tables).
KERNEL_OSES = {
    "freebsd": KernelOs("FreeBSD", "__FreeBSD__", "FreeBSD libc", KERNEL_ARCH_FILES, KERNEL_SHARED_FILES),
    "linux": KernelOs("Linux", "__linux__", "glibc", LINUX_ARCH_FILES, LINUX_SHARED_FILES, "syscalls_inline.h"),
}

# The files rendered for every C library table (tables/OS/imports.tbl): one
# trampoline file per architecture, the rest shared by its architectures.
LIBC_ARCH_FILES = {
    "trampolines.S": "libc/trampolines.S.j2",
}
LIBC_FILES = {
    "imports.h": "libc/imports.h.j2",
    "import_probes.inc": "libc/import_probes.inc.j2",
    "import_symbols.inc": "libc/import_symbols.inc.j2",
}
LIBC_NAMES = {"darwin": "Darwin's libSystem", "glibc": "glibc"}

# What tells Bazel, ./bazelw and .ci/run about the targets: the lists the
# BUILD files load, generated/'s own BUILD, the --config of each Linux
# architecture built across, and a line per Linux architecture naming its
# config and its Debian packages (cross_targets.txt, read by shell scripts).
BAZEL_FILES = {
    "targets.bzl": "bazel/targets.bzl.j2",
    "BUILD.bazel": "bazel/BUILD.bazel.j2",
    "cross.bazelrc": "bazel/cross.bazelrc.j2",
    "cross_targets.txt": "bazel/cross_targets.txt.j2",
}

# The OSes with an errno table, tables/OS/errno.tbl, rendered into
# generated/OS/errno_names.inc.
ERRNO_OSES = {"darwin": "Darwin", "freebsd": "FreeBSD", "linux": "Linux"}


def _long_literal(value):
    """A C++ expression of type long for a 64-bit value given signed or not."""
    if value >= 2**63:
        return f"static_cast<long>({value:#x}UL)"
    return f"{value}L"


# How the templates are compiled; the compiled code depends on these, so the
# folder of compiled templates is named for them too (_template_cache).
TEMPLATE_SYNTAX = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True, "autoescape": False}


@functools.lru_cache(maxsize=None)
def _environment():
    """One environment per process, so each template is compiled once.
    Jinja2 is imported here, not above: `list`, and a run that stops at a
    malformed table, never render, and the import takes some 25 ms of their
    start-up (python3 -X importtime on an idle machine)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(CODEGEN / "templates"),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_template_cache(jinja2),
        **TEMPLATE_SYNTAX,
    )
    env.filters["long_literal"] = _long_literal
    env.filters["word_names"] = lambda count: [f"w{i}" for i in range(1, count + 1)]
    return env


def _template_cache(jinja2):
    """The compiled templates, kept as Python keeps compiled modules: in
    __pycache__ beside this file (its real folder, where the .pyc files of
    the modules it imports go), in a folder named for the Jinja2 and
    Python versions and the template syntax; each entry is used only for
    the template text it was compiled from (Jinja2 compares a checksum).
    Where that folder cannot be written (a read-only checkout, a Bazel
    action's sandbox, which reads it) nothing is written and a template not
    found there is compiled each run, as Python does with .pyc files."""
    syntax = hashlib.sha256(repr(sorted(TEMPLATE_SYNTAX.items())).encode()).hexdigest()[:12]
    folder = (
        Path(os.path.realpath(__file__)).parent
        / "__pycache__"
        / f"templates.jinja2-{jinja2.__version__}.{sys.implementation.cache_tag}.{syntax}"
    )

    class TemplateCache(jinja2.BytecodeCache):
        def load_bytecode(self, bucket):
            try:
                with open(folder / bucket.key, "rb") as f:
                    bucket.load_bytecode(f)
            except FileNotFoundError:
                pass
            except Exception:  # a damaged entry: compile the template again
                bucket.reset()

        def dump_bytecode(self, bucket):
            tmp = None
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{bucket.key}.")
                with os.fdopen(fd, "wb") as f:
                    bucket.write_bytecode(f)
                os.replace(tmp, folder / bucket.key)
            except OSError:
                if tmp is not None and os.path.exists(tmp):
                    os.unlink(tmp)

    return TemplateCache()


def render_all(root):
    """Maps each path under generated/ to its content. Raises TableError."""
    env = _environment()
    files = {}
    # Each table is read once; the renderers share what they read.
    kernel_targets = {os_name: tables.read_kernel(root, os_name) for os_name in KERNEL_OSES}
    libcs = libc_tables.read_libc(root)
    _check_linux_abis(kernel_targets["linux"])
    extra = {
        "linux": {
            **_constants_context(root, kernel_targets["linux"]),
            **_structs_context(root, kernel_targets["linux"]),
        }
    }
    for os_name, kernel_os in KERNEL_OSES.items():
        files.update(_render_kernel(env, os_name, kernel_os, kernel_targets[os_name], extra.get(os_name, {})))
    linux = kernel_targets["linux"]
    files["linux/table_rows.inc"] = env.get_template("linux/table_rows.inc.j2").render(
        command=COMMAND, source=", ".join(t.path for t in linux), targets=linux
    )
    files.update(_render_libc(env, libcs))
    files.update(_render_bazel(env, kernel_targets, libcs))
    for os_name, title in ERRNO_OSES.items():
        files[f"{os_name}/errno_names.inc"] = _render_errno_names(env, root, os_name, title, kernel_targets.get(os_name))
    return files


def _render_errno_names(env, root, os_name, title, targets):
    """generated/OS/errno_names.inc: the OS's errno table or, where its
    architectures' .abi name one each (Linux's errno key), each table under
    #if of the architectures that use it."""
    if not targets or any(t.abi.core is None for t in targets):
        table = tables.read_errno(root, os_name)
        variants = [{"condition": "", "table": table}]
    else:
        by_path = {}
        for arch, table in tables.read_linux_errno(root, targets).items():
            by_path.setdefault(table.path, (table, []))[1].append(_arch_macro(os_name, arch))
        variants = [
            {"condition": " || ".join(guards) if len(by_path) > 1 else "", "table": table}
            for table, guards in by_path.values()
        ]
    return env.get_template("errno/errno_names.inc.j2").render(
        command=COMMAND,
        source=", ".join(v["table"].path for v in variants),
        os_title=title,
        variants=variants,
    )


def _check_linux_abis(linux_targets):
    """Every Linux architecture is built, tested and has the core here, so
    its ABI has the optional blocks that say how."""
    for target in linux_targets:
        for block in ("build", "core"):
            if getattr(target.abi, block) is None:
                raise tables.TableError(
                    target.abi.path,
                    1,
                    f"a Linux architecture is built and tested here: it needs the {block} keys (see amd64.abi)",
                )


class _Constant(typing.NamedTuple):
    """A constant as constants.h renders it: the index of its constants.tbl
    row (its group), its name, type and value; not its line in
    ARCH.constants."""

    group: int
    name: str
    cxx_type: str
    cxx_value: str


def _constants_context(root, linux_targets):
    """What the constants templates take: constants.tbl's rows, each
    architecture's constants (_variants of _Constant, and of their names),
    every architecture's names and the sources."""
    # Each architecture's errno table (its .abi's errno key: errno.tbl, or
    # mips.errno) gives its errno constants; the errno.tbl selector stands
    # for the names of every one of them.
    errno = tables.read_linux_errno(root, linux_targets)
    errno_names = {row.name for table in errno.values() for row in table.rows}
    selection = constants.read_selection(root, errno_names)
    values = {t.arch: constants.read_values(root, t, selection, errno_names) for t in linux_targets}
    constants.check_selectors(selection, values)
    group_of = {id(row): index for index, row in enumerate(selection.rows)}  # row_of gives these rows
    errno_group = next((index for index, row in enumerate(selection.rows) if row.errno), None)
    by_arch = {}
    for arch, found in values.items():
        members = [_Constant(group_of[id(selection.row_of(c.name))], c.name, c.cxx_type, c.cxx_value) for c in found]
        if errno_group is not None:
            members += [_Constant(errno_group, e.name, "int", constants.literal(e.number)) for e in errno[arch].rows]
        by_arch[arch] = members
    names = {c.name for found in values.values() for c in found} | errno_names
    sources = [
        selection.path,
        *sorted({table.path for table in errno.values()}),
        *(constants.values_path(root, t.arch).relative_to(root).as_posix() for t in linux_targets),
    ]
    return {
        "constant_rows": selection.rows,
        "constant_variants": _variants(by_arch),
        "constant_name_variants": _variants({arch: [c.name for c in found] for arch, found in by_arch.items()}),
        "constant_names": sorted(names),
        "constant_sources": ", ".join(sources),
    }


class _Struct(typing.NamedTuple):
    """A struct as kernel_types.h and its check render it: its index in an
    order every architecture shares, its names, definition and checks."""

    index: int
    tag: str
    name: str
    kind: str
    header: str
    text: str
    asserts: tuple
    fields: tuple  # (sysgate member path, uapi member path) of each member with an offset
    bits: tuple  # the same of each bit-field


class _StructHeader(typing.NamedTuple):
    index: int  # the row's in structs.tbl
    header: str


def _structs_context(root, linux_targets):
    """What the kernel types templates take: each architecture's structs and
    the headers that define them (_variants of _Struct and _StructHeader),
    every member's and struct's name, the sources."""
    selection = structs.read_selection(root)
    facts = {t.arch: structs.read_facts(root, t, selection) for t in linux_targets}
    structs.check_selection(selection, facts)
    order = {tag: i for i, tag in enumerate(structs.global_order(selection, facts))}
    header_index = {row.header: i for i, row in enumerate(selection.rows)}
    by_arch, headers_by_arch, names = {}, {}, set()
    for arch, found in facts.items():
        rendered = structs.render(found, selection)
        by_arch[arch] = [
            _Struct(
                order[r.tag], r.tag, r.name, r.kind, r.header, r.text, r.asserts,
                tuple((a, b) for a, b, kind in r.checks if kind == "field"),
                tuple((a, b) for a, b, kind in r.checks if kind == "bits"),
            )
            for r in rendered
        ]
        for r in rendered:
            names.add(r.name)
            names |= {part for path, _, _ in r.checks for part in path.split(".")}
        headers_by_arch[arch] = [_StructHeader(header_index[h], h) for h in {r.header for r in rendered}]
    sources = [selection.path, *(structs.facts_path(root, t.arch).relative_to(root).as_posix() for t in linux_targets)]
    return {
        "struct_variants": _variants(by_arch),
        "struct_header_variants": _variants(headers_by_arch),
        "struct_member_names": sorted(names),
        "struct_sources": ", ".join(sources),
        "kernel_types_header": "sysgate/generated/linux/kernel_types.h",
    }


def _os_files(kernel_os):
    """What an OS of system calls writes into generated/OS/ (_render_kernel)."""
    headers = [name for name in kernel_os.arch_files if not name.endswith(".S")]
    return [*kernel_os.shared_files, "arch.h", *headers]


def _render_bazel(env, kernel_targets, libcs):
    """generated/targets.bzl, the lists BUILD.bazel loads, and the BUILD file
    that makes generated/ a package."""
    context = {
        "command": COMMAND,
        "source": "tables/",
        "linux_arches": [t.arch for t in kernel_targets["linux"]],
        "linux_arch_files": list(LINUX_ARCH_FILES),
        "linux_files": _os_files(KERNEL_OSES["linux"]),
        "freebsd_arches": [t.arch for t in kernel_targets["freebsd"]],
        "freebsd_arch_files": list(KERNEL_ARCH_FILES),
        "freebsd_files": _os_files(KERNEL_OSES["freebsd"]),
        "libc_arches": {t.os: list(t.arches) for t in libcs},
        "libc_files": list(LIBC_FILES),
        "errno_oses": list(ERRNO_OSES),
        "linux_builds": [
            {"arch": t.arch, "abi": t.abi.path, "build": t.abi.build, "core": t.abi.core,
             "inline_words": t.abi.inline_words, "libgcc": t.abi.helpers_in_libgcc}
            for t in kernel_targets["linux"]
        ],
    }
    return {
        name: env.get_template(template).render(context)
        for name, template in BAZEL_FILES.items()
    }


def _arch_macro(os_name, arch):
    """The macro generated/OS/arch.h defines to 1 on `arch`, to 0 elsewhere."""
    return f"SYSGATE_{os_name.upper()}_ARCH_{arch.upper()}"


# What a row says of its place in its architecture's table (its number,
# line, ABI column): the architectures that share a row's text in a shared
# file do not share these, so a shared file names a number as sys::nr::NAME
# and reads none of them.
PLACE_FIELDS = ("line", "number", "abi", "quoted", "trap_number")
# What else tells two architectures' rows of one name apart, in the order
# of _row_views' key; the signature and the words by identity (the tables
# give equal ones one object).
CALL_FIELDS = ("entry", "noreturn", "signature", "words", "loads_frame_pointer", "reads_child_flag")
# The loops over rows of the shared templates, each by what its blocks read
# of a row (besides its OS and name): a row of each distinct value of those
# once, with the architectures that have it, the other fields undefined.
ROW_VIEWS = {
    "row_variants": CALL_FIELDS,  # the probe rows, the default API's form
    "signature_variants": ("noreturn", "signature"),  # the declarations, the stubs' wrappers
    "trap_variants": ("noreturn", "signature", "words", "reads_child_flag"),  # the inline traps
    "name_variants": (),  # the uapi header's check
}


def _row_views(env, targets):
    """ROW_VIEWS' name -> [(row, the architectures that have it)], for the
    context of the shared templates. A field a view leaves out is undefined
    in its rows, and reading it stops the render."""
    full = {}  # (name, each call field) -> (a row, [arch])
    for target in targets:
        for row in target.rows:
            key = (row.name, row.entry, row.noreturn, id(row.signature), id(row.words),
                   row.loads_frame_pointer, row.reads_child_flag)
            found = full.get(key)
            if found is None:
                full[key] = (row, [target.arch])
            else:
                found[1].append(target.arch)
    undefined = {field: env.undefined(hint=f"{field}: a row's place in one architecture's table is not shared")
                 for field in PLACE_FIELDS}
    views = {}
    for view, shown in ROW_VIEWS.items():
        hidden = {**undefined, **{
            field: env.undefined(hint=f"{field}: the rows of {view} are told apart without it (ROW_VIEWS)")
            for field in CALL_FIELDS if field not in shown
        }}
        # The view's key: the name and its fields, taken from the full key.
        view_key = operator.itemgetter(0, *(1 + CALL_FIELDS.index(field) for field in shown))
        grouped = {}
        for key, (row, arches) in full.items():
            key = view_key(key)
            found = grouped.get(key)
            if found is None:
                grouped[key] = (_hiding(row, hidden), list(arches))
            else:
                found[1].extend(arches)
        views[view] = [(row, tuple(arches)) for row, arches in grouped.values()]
    return views


def _hiding(row, hidden):
    """`row` with the fields of `hidden` replaced: a copy of its attributes,
    since dataclasses.replace runs the frozen __init__ (some 10 us a row)."""
    copy = object.__new__(type(row))
    copy.__dict__.update(row.__dict__)
    copy.__dict__.update(hidden)
    return copy


def _variants(items_by_arch):
    """[(item, the architectures that have it)] for each distinct item of any
    architecture (arch -> its items), in the order first met: what a shared
    template renders once, whatever number of architectures share it."""
    found = {}
    for arch, items in items_by_arch.items():
        for item in items:
            found.setdefault(item, []).append(arch)
    return [(item, tuple(arches)) for item, arches in found.items()]


class _Blocks:
    """What the one rendering of a shared template puts in each
    `{% call block(section, key, arches) %}`: each text of the block, with
    the architectures it is for (all of them if `arches` is not given). The
    first block of a section leaves a marker where the section's blocks will
    go. A block's leading blank lines separate it from what comes before,
    guard or not."""

    def __init__(self, arches):
        self.arches = tuple(arches)
        self.sections = {}  # section -> key -> text -> [arch]

    def __call__(self, section, key, arches=None, *, caller):
        blocks = self.sections.get(section)
        marker = ""
        if blocks is None:
            blocks = self.sections[section] = {}
            marker = _marker(section)
        texts = blocks.get(key)
        if texts is None:
            texts = blocks[key] = {}
        text = caller().rstrip("\n")
        arches = self.arches if arches is None else arches
        if text in texts:
            texts[text].extend(arches)
        else:
            texts[text] = list(arches)
        return marker


def _marker(section):
    return f"\0{section}\0"


def _grouped_section(section, blocks, guards):
    """A section's blocks (key -> text -> architectures), by key: a block
    whose text is the same on every architecture plain, else each text under
    the guard of the architectures that have it, the text of the first
    architecture (in guards' order) first. Neighbours under the same guards
    share one #if."""
    order = {arch: i for i, arch in enumerate(guards)}
    guard_list = list(guards.values())
    everywhere = len(order)
    items = []  # (conditions, one list of texts per condition)
    for key in sorted(blocks):
        texts = blocks[key]
        given = list(texts.values())
        if sum(map(len, given)) != len(set().union(*given)):
            raise ValueError(f"block {section!r} {key!r} rendered twice for one architecture")
        if len(given) == 1 and len(given[0]) == everywhere:
            conditions = ("",)
        else:
            by_first = sorted((sorted(map(order.__getitem__, arches)), text) for text, arches in texts.items())
            texts = [text for _, text in by_first]
            conditions = tuple(
                "" if len(indices) == everywhere else " || ".join(guard_list[i] for i in indices)
                for indices, _ in by_first
            )
        if items and items[-1][0] == conditions:
            for so_far, text in zip(items[-1][1], texts):
                so_far.append(text)
        else:
            items.append((conditions, [[text] for text in texts]))
    out = []
    for conditions, texts in items:
        if conditions == ("",):
            out += texts[0]
            continue
        for i, (condition, variant) in enumerate(zip(conditions, texts)):
            body = "\n".join(variant)
            stripped = body.lstrip("\n")
            lead = body[: len(body) - len(stripped)] if i == 0 else ""
            out.append(f"{lead}#{'if' if i == 0 else 'elif'} {condition}\n{stripped}")
        out.append("#endif")
    return "\n".join(out) + "\n"


def _render_shared(env, template, context, guards):
    """One file from `template` for every architecture (guards: arch -> its
    macro), rendered once: its context holds what the architectures share
    and, for what differs, each distinct item once with the architectures
    that have it (_variants), which the template hands to its blocks."""
    blocks = _Blocks(guards)
    text = env.get_template(template).render(context, block=blocks)
    for section, keys in blocks.sections.items():
        text = text.replace(_marker(section), _grouped_section(section, keys, guards))
    return text


def _takes_restorer(rows):
    """Whether the rt_sigaction row among `rows` has a parameter named
    restorer (core_abi.h then says which)."""
    return any(
        row.name == "rt_sigaction" and row.signature and any(p.name == "restorer" for p in row.signature.params)
        for row in rows
    )


def _word_sources(row):
    """Where a stub finds each of the row's words among the C argument words,
    where that is not simply in order (the .abi's c_pair: hppa); else None."""
    sources = tuple(word.source for word in row.words)
    return None if sources == tuple(range(len(sources))) else sources


class _StubWord(typing.NamedTuple):
    source: int  # Word.source: the C argument word it arrives in


class _StubRow(typing.NamedTuple):
    """What a stub template may read of a row: its kind, no more."""

    noreturn: bool
    shares_stack: bool
    returns_twice: bool
    words: tuple  # of _StubWord


def _stub_kind(row):
    return (row.noreturn, row.shares_stack, row.returns_twice, len(row.words), _word_sources(row))


def _stub_shapes(cpu, rows):
    """The stubs of `rows` by shape, each shape's instructions once as an
    assembler macro of the number (syscalls.S): name -> instructions, and
    row name -> its shape's name. A stub template sees of a row only its
    kind (_StubRow): the count of words, whether the call returns, returns
    twice or shares the caller's stack, and where C passes each word
    (Word.source); so each kind is rendered once, and two rows of one kind
    cannot differ. A shape is named for the word counts it serves
    (stub_w0_1_2_3 where those four are the same instructions), for what
    all its rows share of the rest, and for the C words its words come from
    where they are not in order (stub_w5_from_0_1_2_5_4)."""
    kind_of = {row.name: _stub_kind(row) for row in rows}
    by_kind = {}
    for kind in sorted(set(kind_of.values()), key=lambda k: (k[:4], k[4] or ())):
        noreturn, shares_stack, returns_twice, count, sources = kind
        words = tuple(_StubWord(source) for source in (sources or range(count)))
        by_kind[kind] = str(cpu.stub(_StubRow(noreturn, shares_stack, returns_twice, words), "\\number"))
    kinds_of = {}
    for kind, body in by_kind.items():
        kinds_of.setdefault(body, []).append(kind)
    shapes, name_of = {}, {}
    for body, kinds in kinds_of.items():
        name = "stub_w" + "_".join(str(words) for words in sorted({words for _, _, _, words, _ in kinds}))
        name += "_noreturn" if all(noreturn for noreturn, *_ in kinds) else ""
        if all(shares for _, shares, *_ in kinds):
            name += "_shares_stack"  # which returns twice too
        elif all(twice for _, _, twice, *_ in kinds):
            name += "_returns_twice"
        sources = {sources for *_, sources in kinds}
        if len(sources) == 1 and None not in sources:
            name += "_from_" + "_".join(str(source) for source in next(iter(sources)))
        if name in shapes:
            raise ValueError(f"two stub shapes would be named {name}")
        shapes[name] = body
        for kind in kinds:
            name_of[kind] = name
    return shapes, {name: name_of[kind] for name, kind in kind_of.items()}


def _render_kernel(env, os_name, kernel_os, targets, shared_extra):
    """`shared_extra` adds to the context of the shared files (the Linux
    constants and structs)."""
    files = {}
    dispatch = []
    os_context = {
        "command": COMMAND,
        "signatures": f"tables/{os_name}/signatures.tbl",
        "os": os_name,
        "os_title": kernel_os.title,
        "os_define": kernel_os.define,
        "libc": kernel_os.libc,
        "prefix": f"sysgate_{os_name}",
        "shared_guard": f"SYSGATE_GENERATED_{os_name.upper()}",
    }
    # Declaring a struct that an architecture's signatures never name costs
    # nothing, and keeps the declarations out of the per-architecture blocks.
    struct_names = set()
    for target in targets:
        folder = f"{os_name}_{target.arch}"
        arch_template = f"{os_name}/arch/{target.arch}.S.j2"
        if not (CODEGEN / "templates" / arch_template).is_file():
            raise tables.TableError(
                target.path, 1, f"no stub template codegen/templates/{arch_template} for {target.arch}"
            )
        context = {
            **os_context,
            "source": target.path,
            "arch": target.arch,
            "guard": f"SYSGATE_GENERATED_{os_name.upper()}_{target.arch.upper()}",
            "rows": target.rows,
            "abi": target.abi,
        }
        cpu = env.get_template(arch_template).make_module(context)
        if target.abi.error != "negative" and not hasattr(cpu, "errno_return"):
            # Every caller reads -errno (sysgate::Result): an ABI that says a
            # failure another way has its stubs and traps turn it into that.
            raise tables.TableError(
                target.abi.path,
                1,
                f"error {target.abi.error}: codegen/templates/{arch_template} must define errno_return(), "
                "which turns the kernel's failure into -errno",
            )
        core = target.abi.core
        if core is not None and core.thread_pointer_in_kernel and not hasattr(cpu, "read_thread_pointer"):
            # Thread-local storage compiles to a call of the C library's
            # helper for the thread pointer, which a libc-free program
            # gets from sysgate's process entry.
            raise tables.TableError(
                target.abi.path,
                1,
                f"thread_pointer kernel: codegen/templates/{arch_template} must define read_thread_pointer(), "
                "the compiler's helper that asks the kernel for the thread pointer",
            )
        if core is not None and core.thread_pointer_in_kernel and not any(r.name == "get_thread_area" for r in target.rows):
            # The helper and the tls header read the thread pointer through it.
            raise tables.TableError(
                target.path, 1, "thread_pointer kernel: this table has no get_thread_area row, which reads it"
            )
        if core is not None and core.restorer_argument and not _takes_restorer(target.rows):
            raise tables.TableError(
                target.abi.path,
                1,
                "sa_restorer argument: this architecture's rt_sigaction row (tables/linux/signatures.tbl) "
                "takes no restorer",
            )
        context["stub_shapes"], context["stub_shape"] = _stub_shapes(cpu, target.rows)
        for name, template in kernel_os.arch_files.items():
            files[f"{folder}/{name}"] = env.get_template(template).render(context)
        struct_names |= {
            tables.kernel_struct_name(tag)
            for row in target.rows
            if row.signature
            for t in (row.signature.returns, *(p.type for p in row.signature.params))
            for tag in t.struct_tags
        }
        dispatch.append(
            {
                "arch": target.arch,
                "macro": _arch_macro(os_name, target.arch),
                "compiler_defines": str(cpu.compiler_defines()),
            }
        )
    guards = {t.arch: _arch_macro(os_name, t.arch) for t in targets}
    shared = {
        **os_context,
        "sources": ", ".join(t.path for t in targets),
        "struct_names": sorted(struct_names),
        "inline_header": f"sysgate/generated/{os_name}/{kernel_os.inline_header}" if kernel_os.inline_header else "",
        **_row_views(env, targets),
        "word_count_variants": _variants({t.arch: range(t.abi.max_words + 1) for t in targets}),
        **shared_extra,
    }
    for name, template in kernel_os.shared_files.items():
        files[f"{os_name}/{name}"] = _render_shared(env, template, shared, guards)
    # generated/OS/arch.h says which architecture is compiled for;
    # generated/OS/NAME includes that architecture's NAME.
    files[f"{os_name}/arch.h"] = env.get_template("kernel/arch.h.j2").render(
        command=COMMAND, os=os_name, os_title=kernel_os.title, os_define=kernel_os.define, targets=dispatch
    )
    for name in kernel_os.arch_files:
        if not name.endswith(".S"):
            files[f"{os_name}/{name}"] = env.get_template("kernel/dispatch.j2").render(
                command=COMMAND, os=os_name, file=name, targets=dispatch
            )
    return files


def _symbols_note(row):
    """The symbol, or `amd64: stat$INODE64, arm64: stat` when they differ."""
    if len({symbol for _, symbol in row.symbols}) == 1:
        return row.symbols[0][1]
    return ", ".join(f"{arch}: {symbol}" for arch, symbol in row.symbols)


def _render_libc(env, libcs):
    files = {}
    for table in libcs:
        for arch in table.arches:
            arch_template = f"libc/arch/{arch}.S.j2"
            if not (CODEGEN / "templates" / arch_template).is_file():
                raise tables.TableError(
                    table.path, 1, f"no trampoline template codegen/templates/{arch_template} for {arch}"
                )
        errno_row = table.errno_import
        context = {
            "command": COMMAND,
            "sources": [table.path, table.types.path],
            "source": table.path,
            "types_source": table.types.path,
            "os": table.os,
            "library": LIBC_NAMES[table.os],
            "reference": libc_tables.REFERENCE_LIBC,
            "guard": f"SYSGATE_GENERATED_{table.os.upper()}",
            "rows": table.rows,
            "probes": libc_tables.probes(table, libcs),
            "struct_tags": table.struct_tags,
            "opaque": table.types.opaque,
            "aliases": table.types.aliases,
            "symbols": {row.name: _symbols_note(row) for row in table.rows},
        }
        for arch in table.arches:
            files[f"{table.os}_{arch}/trampolines.S"] = env.get_template(
                LIBC_ARCH_FILES["trampolines.S"]
            ).render(
                context,
                arch=arch,
                variadic_on_stack=(table.os, arch) in libc_tables.VARIADIC_ON_STACK,
                errno_target=f"SYSGATE_IMPORT({errno_row.macho_symbol(arch)}, {errno_row.elf_symbol})",
            )
        for name, template in LIBC_FILES.items():
            files[f"{table.os}/{name}"] = env.get_template(template).render(context)
    return files


def _existing(out):
    if not out.is_dir():
        return {}
    return {
        p.relative_to(out).as_posix(): p.read_text()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    os.chmod(path, 0o644)


def generate(root, out, whole_folder):
    """Writes the rendered files under `out`.

    With `whole_folder` (the checked-in generated/, which holds nothing
    else) the new tree is written beside it and swapped in with two renames,
    so an interrupted run leaves either the old tree or the new one, never a
    mix; a tree that is already what the tables make is left as it is
    (reading it back costs a tenth of writing and swapping it). Otherwise
    (Bazel's output folder, shared with other rules) each file is written
    beside itself and renamed over the old one.
    """
    files = render_all(root)
    if whole_folder:
        if _existing(out) == files:
            return 0
        out.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new."))
        os.chmod(new, 0o755)
        for rel, content in files.items():
            _write(new / rel, content)
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old."))
        if out.exists():
            os.replace(out, old / out.name)
        os.replace(new, out)
        shutil.rmtree(old)
        return 0
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    return 0


def check(root):
    files = render_all(root)
    out = root / "generated"
    existing = _existing(out)
    stale = sorted(
        rel for rel in files.keys() | existing.keys() if files.get(rel) != existing.get(rel)
    )
    for rel in stale:
        why = "missing" if rel not in existing else "not made by the tables" if rel not in files else "stale"
        print(f"generated/{rel}: {why}", file=sys.stderr)
    if stale:
        print(f"run `{COMMAND}` to refresh generated/", file=sys.stderr)
        return EXIT_STALE
    return 0


def list_rows(root, target_name):
    os_name, _, arch = target_name.partition("/")
    if os_name in libc_tables.LIBC_ARCHES:
        return _list_imports(root, os_name, arch, target_name)
    if os_name not in KERNEL_OSES:
        known = ", ".join([*KERNEL_OSES, *libc_tables.LIBC_ARCHES])
        print(f"generate.py: unknown OS {os_name!r} (known: {known})", file=sys.stderr)
        return EXIT_BAD_TABLE
    targets = {t.arch: t for t in tables.read_kernel(root, os_name)}
    if arch not in targets:
        known = ", ".join(f"{os_name}/{a}" for a in sorted(targets))
        print(f"generate.py: unknown target {target_name!r} (known: {known})", file=sys.stderr)
        return EXIT_BAD_TABLE
    for row in sorted(targets[arch].rows, key=lambda r: r.name):
        print(f"{row.name} {row.number}")
    return 0


def _list_imports(root, os_name, arch, target_name):
    table = next((t for t in libc_tables.read_libc(root) if t.os == os_name), None)
    if table is None or arch not in table.arches:
        known = ", ".join(f"{os_name}/{a}" for a in libc_tables.LIBC_ARCHES[os_name])
        print(f"generate.py: unknown target {target_name!r} (known: {known})", file=sys.stderr)
        return EXIT_BAD_TABLE
    for row in table.rows:  # sorted by name
        print(f"{row.name} {row.symbol(arch)}")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(prog="generate.py", description=__doc__.splitlines()[0])
    root_help = "the checkout whose tables/ to read (default: this script's)"
    parser.add_argument("--root", type=Path, default=CODEGEN.parent, help=root_help)
    # --root is accepted after the subcommand too; given there it wins.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the generated files", parents=[after])
    gen.add_argument("--out", type=Path)
    sub.add_parser("check", help="fail if generated/ differs from what the tables make", parents=[after])
    lister = sub.add_parser("list", help="print NAME NUMBER for each row of OS/ARCH", parents=[after])
    lister.add_argument("target", metavar="OS/ARCH")
    args = parser.parse_args(argv)
    root = Path(os.path.abspath(args.root))
    try:
        if args.command == "generate":
            if args.out is None:
                return generate(root, root / "generated", whole_folder=True)
            return generate(root, args.out, whole_folder=False)
        if args.command == "check":
            return check(root)
        return list_rows(root, args.target)
    except tables.TableError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_TABLE


if __name__ == "__main__":
    # A run is short and keeps what it reads until it writes: the cyclic
    # collector's passes over the growing heap cost some 7% of its CPU and
    # free a few MB. (generator_fuzz_test calls main() a thousand times in
    # one process, which keeps it.)
    gc.disable()
    sys.exit(main(sys.argv[1:]))
