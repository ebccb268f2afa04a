# SPDX-License-Identifier: Apache-2.0
"""Reads an architecture's system call ABI: tables/OS/ARCH.abi.

The ABI is what differs between architectures in how a call is made (the
registers, the trap, the width of a word, how a 64-bit argument travels and
how an error comes back), said once as data so that the generator can lower
every call through it (tables.lower_params) and the templates need no
condition on the architecture. tables/linux/amd64.abi documents the keys.
"""

import dataclasses
import re

import grammar

REGISTER = re.compile(r"[a-z][a-z0-9.]*\Z")
DATA_MODELS = {"LP64": 64, "ILP32": 32}  # the width of long and of pointers
PAIR_ORDERS = ("none", "low-high", "high-low")
# Six parameters, and on ARM EABI a padding word before an aligned pair.
MAX_ARGUMENT_REGISTERS = 7
# Argument words in all, registers and stack: mips o32's kernel takes four in
# registers and four from the stack (arch/mips/kernel/scall32-o32.S).
MAX_ARGUMENT_WORDS = 8
KEYS = (
    "abis",
    "word_bits",
    "byte_order",
    "data_model",
    "trap",
    "number",
    "number_offset",
    "arguments",
    "result",
    "clobbers",
    "pair",
    "error",
    "frame_pointer",
)
# Keys an ABI gives only where they apply: elf_abi, the version of the
# 64-bit PowerPC ELF ABI (v1: function descriptors; v2: none),
# stack_arguments, where the words past the argument registers go on the
# caller's stack (mips o32: from sp+16, four of them), divide, where
# 64-bit integer division is no instruction but a call into the C library
# (alpha: glibc's __divq and __remq), which a program without libc lacks:
# `divide libc`; c_pair, where the C ABI passes a 64-bit parameter
# otherwise than the kernel takes it (hppa: the kernel's wrappers take
# high-low words wherever they fall, GCC passes low-high from an even
# argument word), so that a stub moves each word from where C put it; and
# child_flag, the register by which a call that returns twice (fork, vfork,
# clone) tells the child from the parent where the result register does not
# (sparc64's o1: the kernel returns a pid to both); and helpers, where the
# compiler's code calls routines of libgcc that need no libc, and a program
# without libc must still link (hppa: the __sync_* atomics over the kernel's
# light-weight CAS, and $$dyncall, through which a call by function pointer
# goes): `helpers libgcc`; and function_pointer, where a C function pointer
# may be a plabel (hppa: with bit 1 set it points at a descriptor, the
# code's address and then r19; without it, at code): `function_pointer
# plabel`. ppc64's descriptors, which every function pointer is, follow from
# elf_abi v1.
OPTIONAL_KEYS = ("elf_abi", "stack_arguments", "divide", "c_pair", "child_flag", "helpers", "function_pointer")
ELF_ABIS = ("v1", "v2")
# How the architecture is built and run on this project's machines (a Debian
# x86-64 host): optional as a block, for a target nothing here can build
# (FreeBSD's is assembled by clang from its own flags). The generator turns
# these into the Bazel toolchains, configs, test runner arguments and Debian
# packages (generated/targets.bzl, cross.bazelrc, cross_targets.txt), so
# that adding an architecture edits no list by hand.
BUILD_KEYS = (
    "bazel_cpu",
    "cpu_constraint",
    "gnu_triple",
    "elf_machine",
    "runs_on",
    "qemu",
    "packages",
    "suite",
)
# What CI runs for an architecture (the suite key): the whole suite, the
# cross suite (the tests tagged cross_suite), or none but the build (every
# target compiled and linked; the host's tests check its numbers and stubs),
# for an architecture neither this kernel nor qemu-user runs (docs/testing.md
# says which and why).
SUITES = ("full", "cross", "build")
# The qemu key of an architecture nothing here runs (suite build): none.
NO_QEMU = "-"
# What the core needs of a Linux architecture besides its calls, for
# generated/linux_ARCH/core_abi.h: optional as a block too (FreeBSD's core is
# not sysgate's).
CORE_KEYS = (
    "vdso",
    "sigaction",
    "sa_restorer",
    "nsig",
    "thread_pointer",
    "tcb",
    "stack_guard",
    "elf_hash_word",
    "stack_align",
    "stack_grows",
    "errno",
)
ALL_KEYS = KEYS + OPTIONAL_KEYS + BUILD_KEYS + CORE_KEYS
# Where the thread pointer points, which says the TLS variant (Drepper,
# "ELF Handling For Thread-Local Storage"): at the thread's control block
# with thread-local data below it (variant II: x86), at the two-word TCB
# with data above (variant I: arm, arm64), or just past that TCB (riscv64).
THREAD_POINTERS = ("at-block", "at-tcb", "after-tcb")
# Where no register holds the thread pointer, the word that follows: the
# kernel keeps it for each thread (set_thread_area and CLONE_SETTLS set it,
# get_thread_area reads it: m68k), and code the compiler emits for
# thread-local storage asks the C library's helper for it.
THREAD_POINTER_KEPT = "kernel"
# Or the word that says a register holds it for which the compiler has no
# __builtin_thread_pointer (hppa's cr27, read with mfctl): the
# architecture's tls header reads it with an asm of its own.
THREAD_POINTER_BY_ASM = "asm"
# The fields of the kernel's struct sigaction (include/linux/signal_types.h),
# in order: the handler, sa_flags as an unsigned long (flags) or, where
# __ARCH_HAS_IRIX_SIGACTION puts it first, an unsigned int (flags32), the
# restorer where __ARCH_HAS_SA_RESTORER gives one, and the mask, last.
SIGACTION_FIELDS = ("handler", "flags", "flags32", "restorer", "mask")
# Whether a handler returns through sysgate's restorer: yes (SA_RESTORER and
# sa_restorer), no (the kernel's or the vDSO's trampoline), or argument
# (rt_sigaction takes it after oact: sparc64).
SA_RESTORERS = ("yes", "no", "argument")
# The words of libc's thread control block that a raw thread's block lays
# out where libc keeps them (the tcb key): the dtv pointer (where the block
# keeps its tag), a word libc keeps to itself (private), and the canary
# -fstack-protector code reads through the thread pointer (stack_guard).
TCB_WORDS = ("dtv", "private", "stack_guard")
# The width of a DT_HASH table's words (nbucket, nchain, the buckets and
# chains): 32 bits in every ELF class, but 64 on s390x, whose psABI widens
# them (as alpha's does).
ELF_HASH_WORDS = ("32", "64")
# What the C ABI aligns the stack pointer to at a call, in bytes: 2 on m68k,
# whose GCC keeps no more (STACK_BOUNDARY, 16 bits), 4 on sh4 (its
# STACK_BOUNDARY without -mdalign), 64 on hppa (GCC's
# PREFERRED_STACK_BOUNDARY, 512 bits).
STACK_ALIGNS = ("2", "4", "8", "16", "64")
# Which way the stack grows: down (to lower addresses) on every architecture
# but hppa, where it grows up, a frame and its calls' argument words below
# the stack pointer, and clone's child starts at the low end of its stack.
STACK_DIRECTIONS = ("down", "up")
# An errno table: a file of tables/OS/ in errno.tbl's format, errno.tbl
# itself (asm-generic's numbers) or ARCHFAMILY.errno (mips.errno).
ERRNO_TABLE = re.compile(r"(errno\.tbl|[a-z0-9_]+\.errno)\Z")
# The ELF e_machine and class of the machine this project builds on: an
# architecture with both is the default build, not a cross one (x32 has the
# machine, EM_X86_64, but ELFCLASS32: its pointers are 32 bits).
HOST_ELF_MACHINE = 62  # EM_X86_64
HOST_ELF_CLASS = 64


@dataclasses.dataclass(frozen=True)
class Abi:
    path: str
    abis: tuple  # the numbers table's ABI column values that are this ABI's
    word_bits: int
    byte_order: str  # "little" or "big"
    data_model: str  # "LP64" or "ILP32"
    trap: str
    number: str
    number_offset: int
    arguments: tuple
    result: str
    clobbers: tuple
    pair: str  # "none", "low-high" or "high-low"
    pair_even: bool  # a pair starts at an even argument register
    error: str  # "negative", "carry" or "flag"
    # The flag register (or REGISTER.BIT) of error "flag"; the condition code
    # register whose carry is meant, where error "carry" names one (sparc64's
    # xcc); else "".
    error_flag: str
    frame_pointer: str  # the register the C ABI's frame pointer lives in
    # The 64-bit PowerPC ELF ABI's version, 1 or 2 (the elf_abi key); 0 where
    # the psABI has no versions. Version 1 names each function by a
    # descriptor in .opd, its code at .L.NAME.
    elf_abi: int = 0
    # The register the kernel sets nonzero in the child of a call that
    # returns twice, whose result there is the parent's pid (the child_flag
    # key); "" where the child's result is 0.
    child_flag: str = ""
    # The words past the argument registers, which the kernel reads from the
    # caller's stack at the trap (the stack_arguments key): how many, and
    # from how many bytes above the stack pointer. 0 and 0 where every word
    # is in a register.
    stack_words: int = 0
    stack_offset: int = 0
    # 64-bit division is a call into the C library (the divide key: alpha).
    divide_in_libc: bool = False
    # The compiler's code calls libgcc's helpers, which a program without
    # libc links (the helpers key: hppa).
    helpers_in_libgcc: bool = False
    # A function pointer may be a plabel (the function_pointer key: hppa).
    plabels: bool = False
    # How C passes a 64-bit parameter (the c_pair key), where it differs
    # from pair: its order, and whether it starts at an even argument word.
    # "" where C passes it as the kernel takes it (pair, pair_even).
    c_pair: str = ""
    c_pair_even: bool = False
    build: "Build | None" = None  # None: not built here
    core: "Core | None" = None  # None: sysgate has no core for it

    @property
    def max_words(self):
        return len(self.arguments) + self.stack_words

    def loads_frame_pointer(self, words):
        """Whether a trap of `words` argument words loads the register that
        compiled code keeps its frame pointer in (arm's Thumb r7 carries the
        number; i386's ebp the sixth word). The inline trap swaps it out
        around the instruction, and a signal taken there finds the number or
        an argument where an unwinder that follows the frame pointer looks
        for the frame; the stub has a frame of its own."""
        return self.frame_pointer == self.number or self.frame_pointer in self.arguments[:words]

    @property
    def inline_words(self):
        """The most argument words whose inline trap leaves the frame
        pointer alone: -1 where the number register is the frame pointer."""
        return next((n - 1 for n in range(self.max_words + 1) if self.loads_frame_pointer(n)), self.max_words)

    @property
    def word_bytes(self):
        return self.word_bits // 8

    @property
    def function_descriptors(self):
        """A function's symbol and a function pointer name a descriptor
        (its code's address, its TOC, an environment word), not code."""
        return self.elf_abi == 1

    @property
    def min_frame(self):
        """The 64-bit PowerPC ELF ABI's minimum stack frame, in bytes: ELFv1's
        48-byte header and 64-byte parameter save area, ELFv2's 32-byte
        header; 0 where elf_abi is not given."""
        return {1: 112, 2: 32}.get(self.elf_abi, 0)


@dataclasses.dataclass(frozen=True)
class Core:
    vdso_prefix: str  # the vDSO's function names: PREFIX + clock_gettime; "" without a vDSO
    vdso_version: str  # the version those names carry; "" without a vDSO
    sigaction: tuple  # the kernel's struct sigaction's fields (SIGACTION_FIELDS)
    sa_restorer: bool  # a handler returns through sysgate's restorer
    # rt_sigaction takes that restorer as an argument (sparc64), not in
    # struct sigaction with SA_RESTORER
    restorer_argument: bool
    nsig: int  # the kernel's _NSIG: signals 1 to nsig, the bits of sigset_t
    thread_pointer: str  # one of THREAD_POINTERS
    thread_pointer_bias: int  # what the thread pointer adds to that place (0x7000 on ppc64, mips)
    thread_pointer_in_kernel: bool  # no register holds it: the kernel keeps it (m68k)
    thread_pointer_by_asm: bool  # the compiler has no builtin for its register (hppa)
    tcb: tuple  # variant I: the TCB's words (TCB_WORDS), low to high; variant II: ()
    stack_guard: int  # variant II: the canary's offset from the thread pointer, in bytes; variant I: 0
    elf_hash_word: int  # bits in a DT_HASH word: 32, or 64 (s390x)
    stack_align: int  # the C ABI's stack alignment at a call, in bytes
    stack_grows_up: bool  # the stack grows to higher addresses (hppa)
    errno_table: str  # the file of tables/OS/ that numbers its errors: errno.tbl, mips.errno

    @property
    def has_vdso(self):
        """The kernel maps a vDSO (the vdso key is not -)."""
        return bool(self.vdso_prefix)


@dataclasses.dataclass(frozen=True)
class Build:
    bazel_cpu: str  # Bazel's --cpu, and the name of the --config
    cpu_constraint: str  # the platform's CPU constraint_value label
    gnu_triple: str  # Debian's compiler prefix, e.g. arm-linux-gnueabihf
    elf_machine: int  # e_machine of its programs
    runs_on: tuple  # `uname -m` values whose kernel runs its programs
    qemu: str  # the qemu-user binary that runs them elsewhere
    packages: tuple  # Debian packages: compiler, uapi headers, loader
    suite: str  # what CI runs for it: one of SUITES
    audit_arch: int  # the seccomp AUDIT_ARCH_ value of its system calls
    elf_class: int  # ELFCLASS32 or ELFCLASS64 of its programs, as 32 or 64: its pointers' width
    elf_data: int  # EI_DATA of its programs: 1 little-endian, 2 big-endian

    @property
    def cross(self):
        return (self.elf_machine, self.elf_class) != (HOST_ELF_MACHINE, HOST_ELF_CLASS)

    @property
    def runs(self):
        """Whether its tests run here, natively or under qemu-user."""
        return self.suite != "build"


def _registers(row, key, words):
    for word in words:
        if not REGISTER.match(word):
            raise row.error(f"{key}: bad register {word!r}")
    return tuple(words)


def read_abi(root, path):
    """Parses and checks ARCH.abi; a malformed one raises grammar.TableError."""
    table = grammar.read_table(root, path)
    values = {}
    row_of = {}  # key -> the row that gives it
    for row in table.rows:
        key, *words = row.text.split()
        if key not in ALL_KEYS:
            raise row.error(f"unknown key {key!r} (known: {', '.join(ALL_KEYS)})")
        if key in values:
            raise row.error(f"{key} given twice (first at line {row_of[key].line})")
        if not words:
            raise row.error(f"{key} needs a value")
        values[key], row_of[key] = words, row
    missing = [k for k in KEYS if k not in values]
    if missing:
        raise table.error(f"missing {', '.join(missing)}")

    def single(key, choices=None):
        words = values[key]
        if len(words) != 1 or (choices and words[0] not in choices):
            expected = f"one of {', '.join(choices)}" if choices else "one word"
            raise row_of[key].error(f"{key}: expected {expected}")
        return words[0]

    def integer(key):
        text = single(key)
        if not text.isdigit():
            raise row_of[key].error(f"{key}: {text!r} is not a number")
        return int(text)

    word_bits = integer("word_bits")
    data_model = single("data_model", tuple(DATA_MODELS))
    # A long as wide as a word, or narrower on an ILP32 ABI of 64-bit
    # registers (x32); never wider.
    if DATA_MODELS[data_model] != word_bits and (data_model, word_bits) != ("ILP32", 64):
        raise row_of["data_model"].error(
            f"{data_model}'s long is {DATA_MODELS[data_model]} bits, not word_bits {word_bits}"
            " (only ILP32 may have 64-bit words)"
        )
    pair, *pair_rest = values["pair"]
    if pair not in PAIR_ORDERS or pair_rest not in ([], ["even"]):
        raise row_of["pair"].error(f"pair: expected {', '.join(PAIR_ORDERS)}, optionally followed by `even`")
    if (pair == "none") != (word_bits == 64):
        raise row_of["pair"].error("pair: none exactly when a word holds 64 bits")
    c_pair, c_pair_even = "", False
    if "c_pair" in values:
        c_pair, *c_pair_rest = values["c_pair"]
        if c_pair not in PAIR_ORDERS[1:] or c_pair_rest not in ([], ["even"]):
            raise row_of["c_pair"].error(
                f"c_pair: expected {', '.join(PAIR_ORDERS[1:])}, optionally followed by `even`"
            )
        c_pair_even = c_pair_rest == ["even"]
        if pair == "none" or (c_pair, c_pair_even) == (pair, pair_rest == ["even"]):
            raise row_of["c_pair"].error("c_pair: only on a 32-bit ABI whose C passes a pair otherwise than pair says")
    error, *error_rest = values["error"]
    if error in ("negative", "carry") and not error_rest:
        error_flag = ""
    elif error in ("carry", "flag") and len(error_rest) == 1 and REGISTER.match(error_rest[0]):
        error_flag = error_rest[0]
    else:
        raise row_of["error"].error("error: expected negative, carry, carry REGISTER, or flag REGISTER")
    if error == "carry" and "." in error_flag:
        raise row_of["error"].error("error: carry names a condition code register, not a bit (flag REGISTER.BIT does)")
    arguments = _registers(row_of["arguments"], "arguments", values["arguments"])
    if not 1 <= len(arguments) <= MAX_ARGUMENT_REGISTERS:
        raise row_of["arguments"].error(
            f"arguments: 1 to {MAX_ARGUMENT_REGISTERS} registers, not {len(arguments)}"
        )
    clobbers = () if values["clobbers"] == ["-"] else _registers(row_of["clobbers"], "clobbers", values["clobbers"])
    byte_order = single("byte_order", ("little", "big"))
    elf_abi = int(single("elf_abi", ELF_ABIS)[1:]) if "elf_abi" in values else 0
    child_flag = ""
    if "child_flag" in values:
        child_flag = _registers(row_of["child_flag"], "child_flag", [single("child_flag")])[0]
    stack_words, stack_offset = _stack_arguments(values, row_of, word_bits, len(arguments))
    return Abi(
        path=table.path,
        abis=tuple(values["abis"]),
        word_bits=word_bits,
        byte_order=byte_order,
        data_model=data_model,
        trap=" ".join(values["trap"]),
        number=_registers(row_of["number"], "number", [single("number")])[0],
        number_offset=integer("number_offset"),
        arguments=arguments,
        result=_registers(row_of["result"], "result", [single("result")])[0],
        clobbers=clobbers,
        pair=pair,
        pair_even=pair_rest == ["even"],
        error=error,
        error_flag=error_flag,
        frame_pointer=_registers(row_of["frame_pointer"], "frame_pointer", [single("frame_pointer")])[0],
        elf_abi=elf_abi,
        child_flag=child_flag,
        stack_words=stack_words,
        stack_offset=stack_offset,
        divide_in_libc="divide" in values and single("divide", ("libc",)) == "libc",
        helpers_in_libgcc="helpers" in values and single("helpers", ("libgcc",)) == "libgcc",
        plabels="function_pointer" in values and single("function_pointer", ("plabel",)) == "plabel",
        c_pair=c_pair,
        c_pair_even=c_pair_even,
        build=_read_build(values, row_of, integer, single, word_bits, byte_order, DATA_MODELS[data_model]),
        core=_read_core(values, row_of, single),
    )


def _stack_arguments(values, row_of, word_bits, registers):
    """stack_arguments COUNT at sp+OFFSET: the count of words the kernel reads
    from the caller's stack after the argument registers', and where the
    first is, a whole number of words above the stack pointer."""
    if "stack_arguments" not in values:
        return 0, 0
    row = row_of["stack_arguments"]
    match = re.fullmatch(r"(\d+) at sp\+(\d+)", " ".join(values["stack_arguments"]))
    if not match:
        raise row.error("stack_arguments: expected COUNT at sp+OFFSET, e.g. 4 at sp+16")
    count, offset = int(match[1]), int(match[2])
    if not 1 <= count <= MAX_ARGUMENT_WORDS - registers:
        raise row.error(
            f"stack_arguments: 1 to {MAX_ARGUMENT_WORDS - registers} words, so that the "
            f"{registers} argument registers and the stack hold at most {MAX_ARGUMENT_WORDS}, not {count}"
        )
    if offset % (word_bits // 8):
        raise row.error(f"stack_arguments: sp+{offset} is not a whole number of {word_bits}-bit words")
    return count, offset


# linux/audit.h: AUDIT_ARCH_X = EM_X | __AUDIT_ARCH_64BIT (64-bit words) |
# __AUDIT_ARCH_LE (little-endian).
AUDIT_ARCH_64BIT = 0x80000000
AUDIT_ARCH_LE = 0x40000000


def _block_given(values, row_of, keys, block):
    """Whether the optional block of `keys` is given; part of it is an error."""
    given = [k for k in keys if k in values]
    missing = [k for k in keys if k not in values]
    if given and missing:
        raise row_of[given[0]].error(f"{given[0]} needs the other {block} keys too; missing {', '.join(missing)}")
    return bool(given)


def _read_core(values, row_of, single):
    if not _block_given(values, row_of, CORE_KEYS, "core"):
        return None
    vdso = ["", ""] if values["vdso"] == ["-"] else values["vdso"]
    if len(vdso) != 2:
        raise row_of["vdso"].error("vdso: expected PREFIX VERSION, e.g. __vdso_ LINUX_2.6, or - for none")
    sigaction = tuple(values["sigaction"])
    if (
        any(f not in SIGACTION_FIELDS for f in sigaction)
        or len(set(sigaction)) != len(sigaction)
        or sigaction[-1] != "mask"
        or "handler" not in sigaction
        or sum(f in ("flags", "flags32") for f in sigaction) != 1
    ):
        raise row_of["sigaction"].error(
            f"sigaction: the fields in order, each once, mask last: handler, flags or flags32, "
            f"optionally restorer (known: {', '.join(SIGACTION_FIELDS)})"
        )
    sa_restorer_value = single("sa_restorer", SA_RESTORERS)
    sa_restorer = sa_restorer_value != "no"
    if sa_restorer_value == "yes" and "restorer" not in sigaction:
        raise row_of["sa_restorer"].error("sa_restorer: yes needs a restorer field in sigaction")
    nsig = single("nsig", ("64", "128"))
    pointer, *rest = values["thread_pointer"]
    in_kernel = rest[-1:] == [THREAD_POINTER_KEPT]
    by_asm = rest[-1:] == [THREAD_POINTER_BY_ASM]
    bias = rest[:-1] if in_kernel or by_asm else rest
    if pointer not in THREAD_POINTERS or len(bias) > 1 or (bias and not re.match(r"\+0x[0-9a-f]+\Z", bias[0])):
        raise row_of["thread_pointer"].error(
            f"thread_pointer: expected {', '.join(THREAD_POINTERS)}, optionally followed by +0xBIAS, "
            f"then {THREAD_POINTER_KEPT} where no register holds it or {THREAD_POINTER_BY_ASM} where "
            f"the compiler has no builtin for the register that does"
        )
    thread_pointer_bias = int(bias[0][1:], 16) if bias else 0
    tcb = () if values["tcb"] == ["-"] else tuple(values["tcb"])
    if (pointer == "at-block") != (tcb == ()):
        raise row_of["tcb"].error("tcb: - exactly when thread_pointer is at-block (variant II)")
    if tcb and (any(w not in TCB_WORDS for w in tcb) or len(set(tcb)) != len(tcb) or "dtv" not in tcb):
        raise row_of["tcb"].error(f"tcb: the TCB's words low to high, each once, dtv among them ({', '.join(TCB_WORDS)})")
    guard = single("stack_guard")
    if pointer == "at-block" and not re.match(r"\+0x[0-9a-f]+\Z", guard):
        raise row_of["stack_guard"].error(
            "stack_guard: +0xOFFSET, where the canary is above the thread pointer (variant II's tcbhead_t)"
        )
    if pointer != "at-block" and guard != "-":
        raise row_of["stack_guard"].error("stack_guard: - for variant I (the tcb key places a canary the TCB holds)")
    if thread_pointer_bias and pointer == "at-block":
        raise row_of["thread_pointer"].error("thread_pointer: a bias is for variant I (at-tcb, after-tcb)")
    errno_table = single("errno")
    if not ERRNO_TABLE.match(errno_table):
        raise row_of["errno"].error(
            f"errno: expected errno.tbl or NAME.errno, the file of tables/linux/ that numbers its errors"
        )
    return Core(
        vdso_prefix=vdso[0],
        vdso_version=vdso[1],
        sigaction=sigaction,
        sa_restorer=sa_restorer,
        restorer_argument=sa_restorer_value == "argument",
        nsig=int(nsig),
        thread_pointer=pointer,
        thread_pointer_bias=thread_pointer_bias,
        thread_pointer_in_kernel=in_kernel,
        thread_pointer_by_asm=by_asm,
        tcb=tcb,
        stack_guard=int(guard[1:], 16) if guard != "-" else 0,
        elf_hash_word=int(single("elf_hash_word", ELF_HASH_WORDS)),
        stack_align=int(single("stack_align", STACK_ALIGNS)),
        stack_grows_up=single("stack_grows", STACK_DIRECTIONS) == "up",
        errno_table=errno_table,
    )


def _read_build(values, row_of, integer, single, word_bits, byte_order, pointer_bits):
    if not _block_given(values, row_of, BUILD_KEYS, "build"):
        return None
    machine = integer("elf_machine")
    suite = single("suite", SUITES)
    qemu = single("qemu")
    if qemu == NO_QEMU and suite != "build":
        raise row_of["qemu"].error(f"qemu: {NO_QEMU} (no qemu-user runs its programs) needs suite build")
    audit_arch = machine | (AUDIT_ARCH_64BIT if word_bits == 64 else 0) | (AUDIT_ARCH_LE if byte_order == "little" else 0)
    return Build(
        bazel_cpu=single("bazel_cpu"),
        cpu_constraint=single("cpu_constraint"),
        gnu_triple=single("gnu_triple"),
        elf_machine=machine,
        runs_on=tuple(values["runs_on"]),
        qemu=qemu,
        packages=tuple(values["packages"]),
        suite=suite,
        audit_arch=audit_arch,
        elf_class=pointer_bits,
        elf_data=1 if byte_order == "little" else 2,
    )
