# SPDX-License-Identifier: Apache-2.0
"""Tests of codegen/generate.py: its outputs, its subcommands, and its error
messages for malformed tables (each must be `path:line: message`, exit 2)."""

import functools
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

GENERATE = Path("codegen/generate.py").absolute()
sys.path.insert(0, str(GENERATE.parent))
import abi as abi_module  # noqa: E402
import grammar  # noqa: E402
import structs as structs_module  # noqa: E402
import tables  # noqa: E402
from abi import BUILD_KEYS, CORE_KEYS, KEYS, OPTIONAL_KEYS  # noqa: E402

TABLES = Path("tables").absolute()
AMD64 = "tables/linux/amd64.tbl"
AMD64_ABI = "tables/linux/amd64.abi"
SIGNATURES = "tables/linux/signatures.tbl"
TYPES = "tables/linux/types.tbl"
DARWIN = "tables/darwin/imports.tbl"
DARWIN_TYPES = "tables/darwin/types.tbl"
GLIBC = "tables/glibc/imports.tbl"
ERRNO = "tables/linux/errno.tbl"
CONSTANTS = "tables/linux/constants.tbl"
ARM_CONSTANTS = "tables/linux/arm.constants"
REFRESH = GENERATE.parent / "refresh_constants.py"
STRUCTS = "tables/linux/structs.tbl"
ARM_STRUCTS = "tables/linux/arm.structs"
REFRESH_STRUCTS = GENERATE.parent / "refresh_structs.py"


def run(*args, root=None):
    command = [sys.executable, str(GENERATE)]
    if root is not None:
        command += ["--root", str(root)]
    return subprocess.run(command + list(args), capture_output=True, text=True)


@functools.lru_cache(maxsize=None)
def list_output(target):
    """`generate.py list TARGET` of the repository's own tables, run once a
    run whichever test asks first."""
    return run("list", target)


_unchanged = []


def unchanged_output():
    """The tree the repository's own tables make, generated once a run for
    the tests that only read it (the checked-in generated/ is not among the
    test's runfiles)."""
    if not _unchanged:
        out = tempfile.TemporaryDirectory()
        result = run("generate", "--out", out.name)
        assert result.returncode == 0, result.stderr
        _unchanged.append(out)
    return Path(_unchanged[0].name)


class TableCopy:
    """A scratch root holding a copy of the real tables, to break on purpose."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp())
        shutil.copytree(TABLES, self.root / "tables")

    def path(self, rel):
        return self.root / rel

    def lines(self, rel):
        return self.path(rel).read_text().split("\n")

    def write_lines(self, rel, lines):
        self.path(rel).write_text("\n".join(lines))

    def line_of(self, rel, pattern):
        """The 1-based number of the first line matching `pattern`."""
        for number, text in enumerate(self.lines(rel), start=1):
            if re.match(pattern, text):
                return number
        raise AssertionError(f"no line matches {pattern!r} in {rel}")

    def replace_line(self, rel, pattern, new):
        number = self.line_of(rel, pattern)
        lines = self.lines(rel)
        lines[number - 1] = new
        self.write_lines(rel, lines)
        return number

    def append(self, rel, text):
        lines = self.lines(rel)
        while lines and lines[-1] == "":
            lines.pop()
        lines.append(text)
        self.write_lines(rel, lines + [""])
        return len(lines)

    def cleanup(self):
        shutil.rmtree(self.root)


class TableCopyTestCase(unittest.TestCase):
    """Breaks a copy of the tables and expects every command to name the row."""

    def setUp(self):
        self.copy = TableCopy()
        self.addCleanup(self.copy.cleanup)

    list_target = "linux/amd64"

    def assertRejected(self, rel, line, message, commands=("generate", "check", "list")):
        """Each command stops with exactly `rel:line: message`."""
        for command in commands:
            args = [command, self.list_target] if command == "list" else [command]
            result = run(*args, root=self.copy.root)
            self.assertEqual(result.returncode, 2, (args, result.stderr))
            self.assertEqual(result.stderr, f"{rel}:{line}: {message}\n", args)
            self.assertEqual(result.stdout, "", args)
            self.assertNotIn("Traceback", result.stderr)
        self.assertFalse((self.copy.root / "generated").exists(), "nothing is written")


class MalformedTableTest(TableCopyTestCase):

    def test_duplicate_number(self):
        line = self.copy.replace_line(AMD64, r"1\t", "0\tcommon\twrite\t\tsys_write")
        first = self.copy.line_of(AMD64, r"0\t")
        self.assertRejected(AMD64, line, f"number 0 is taken by read (line {first})")

    def test_duplicate_name(self):
        first = self.copy.line_of(AMD64, r"0\t")
        line = self.copy.append(AMD64, "600\tcommon\tread\tsys_read")
        self.assertRejected(AMD64, line, f"read is listed twice (first at line {first})")

    def test_bad_number(self):
        line = self.copy.replace_line(AMD64, r"3\t", "three\tcommon\tclose\tsys_close")
        self.assertRejected(AMD64, line, "bad number 'three'")

    def test_negative_number(self):
        line = self.copy.replace_line(AMD64, r"3\t", "-3\tcommon\tclose\tsys_close")
        self.assertRejected(AMD64, line, "bad number '-3'")

    def test_huge_number(self):
        line = self.copy.replace_line(AMD64, r"3\t", "99999999999999999999\tcommon\tclose")
        self.assertRejected(
            AMD64, line, "number 99999999999999999999 is out of range (0-999999)"
        )

    def test_unknown_abi(self):
        line = self.copy.replace_line(AMD64, r"3\t", "3\tx32\tclose\tsys_close")
        self.assertRejected(
            AMD64, line, "unknown ABI 'x32' (expected one of common, 64, as tables/linux/amd64.abi says)"
        )

    def test_missing_column(self):
        line = self.copy.replace_line(AMD64, r"3\t", "3\tcommon")
        self.assertRejected(
            AMD64,
            line,
            "expected <number> <abi> <name> [<entry point> [<compat entry> [noreturn]]]",
        )

    def test_bad_name(self):
        line = self.copy.replace_line(AMD64, r"3\t", "3\tcommon\tClose-It\tsys_close")
        self.assertRejected(AMD64, line, "bad system call name 'Close-It'")

    def test_unknown_flag(self):
        line = self.copy.replace_line(AMD64, r"60\t", "60\tcommon\texit\tsys_exit\t-\tnoretrun")
        self.assertRejected(AMD64, line, "unknown flag 'noretrun' (only noreturn)")

    def test_non_ascii(self):
        line = self.copy.replace_line(AMD64, r"3\t", "3\tcommon\tcl\u00f6se\tsys_close")
        self.assertRejected(AMD64, line, "not ASCII text")

    def test_empty_numbers_table(self):
        self.copy.path(AMD64).write_text("")
        self.assertRejected(AMD64, 1, "no system calls")

    def test_unknown_type(self):
        line = self.copy.replace_line(
            SIGNATURES, r"long read\(", "long read(unsinged int fd, char *buf, size_t count)"
        )
        self.assertRejected(SIGNATURES, line, "unknown type 'unsinged int'")

    def test_more_than_six_arguments(self):
        line = self.copy.replace_line(
            SIGNATURES,
            r"long read\(",
            "long read(int a, int b, int c, int d, int e, int f, int g)",
        )
        self.assertRejected(SIGNATURES, line, "read has 7 parameters; at most 6")

    def test_duplicate_signature(self):
        first = self.copy.line_of(SIGNATURES, r"long read\(")
        line = self.copy.append(SIGNATURES, "long read(unsigned int fd)")
        self.assertRejected(SIGNATURES, line, f"signature of read given twice (first at line {first})")

    def test_signature_syntax(self):
        line = self.copy.replace_line(SIGNATURES, r"long read\(", "long read unsigned int fd")
        self.assertRejected(SIGNATURES, line, "expected `<return type> <name>(<parameters>)`")

    def test_parameter_without_name(self):
        line = self.copy.replace_line(SIGNATURES, r"long read\(", "long read(unsigned int, char *buf)")
        self.assertRejected(SIGNATURES, line, "parameter 'unsigned int' needs a type and a name")

    def test_unknown_attribute(self):
        line = self.copy.replace_line(
            SIGNATURES, r"long read\(", "long read(unsigned int fd) | dangerous"
        )
        self.assertRejected(SIGNATURES, line, "unknown attribute 'dangerous'")

    def test_shares_stack_needs_returns_twice(self):
        line = self.copy.replace_line(SIGNATURES, r"pid_t vfork\(", "pid_t vfork() | shares_stack")
        self.assertRejected(SIGNATURES, line, "shares_stack is for calls that return twice (returns_twice)")

    def test_result32_needs_an_int(self):
        line = self.copy.replace_line(
            SIGNATURES, r"long read\(", "long read(unsigned int fd, char *buf, size_t count) | result32"
        )
        self.assertRejected(SIGNATURES, line, "result32 is for calls that return int")

    def test_probe_argument_count(self):
        line = self.copy.replace_line(
            SIGNATURES, r"long read\(", "long read(unsigned int fd, char *buf) | probe: 1"
        )
        self.assertRejected(SIGNATURES, line, "probe gives 1 arguments; read takes 2")

    def test_noreturn_must_return_void(self):
        # Every table has exit; the first one read (in name order) is named.
        first = sorted(p.name for p in (TABLES / "linux").glob("*.abi"))[0]
        table = f"tables/linux/{first[:-len('.abi')]}.tbl"
        line = self.copy.line_of(table, r"\d+\s+\w+\s+exit\s")
        self.copy.replace_line(SIGNATURES, r"void exit\(", "long exit(int error_code)")
        sig = self.copy.line_of(SIGNATURES, r"long exit\(")
        self.assertRejected(
            table,
            line,
            "exit: a call returns void exactly when its row is marked noreturn "
            f"(signature at line {sig})",
        )

    def test_only_names_an_unknown_architecture(self):
        line = self.copy.append(SIGNATURES, "long read(unsigned int fd) | only: vax")
        known = ", ".join(sorted(p.stem for p in (TABLES / "linux").glob("*.abi")))
        self.assertRejected(SIGNATURES, line, f"unknown architecture 'vax' (known: {known})")

    def test_architecture_variant_given_twice(self):
        first = self.copy.line_of(SIGNATURES, r"pid_t clone\(.*only: .*\briscv64\b")
        line = self.copy.append(SIGNATURES, "pid_t clone(unsigned long flags) | only: riscv64")
        self.assertRejected(
            SIGNATURES, line, f"signature of clone for riscv64 given twice (first at line {first})"
        )

    def test_malformed_types_row(self):
        line = self.copy.append(TYPES, "foo_t unsigned long")
        self.assertRejected(TYPES, line, "expected `<type> = <C++ type>`")

    def test_architecture_without_abi(self):
        shutil.copy(self.copy.path(AMD64), self.copy.path("tables/linux/vax.tbl"))
        self.assertRejected("tables/linux/vax.tbl", 1, "no ABI description tables/linux/vax.abi")

    def test_architecture_without_constants(self):
        shutil.copy(self.copy.path(AMD64), self.copy.path("tables/linux/vax.tbl"))
        shutil.copy(self.copy.path(AMD64_ABI), self.copy.path("tables/linux/vax.abi"))
        self.assertRejected(
            "tables/linux/vax.tbl",
            1,
            "no constants tables/linux/vax.constants (run python3 codegen/refresh_constants.py vax)",
            commands=("generate", "check"),  # list reads no constants
        )

    def test_architecture_without_template(self):
        shutil.copy(self.copy.path(AMD64), self.copy.path("tables/linux/vax.tbl"))
        shutil.copy(self.copy.path(AMD64_ABI), self.copy.path("tables/linux/vax.abi"))
        shutil.copy(self.copy.path("tables/linux/amd64.constants"), self.copy.path("tables/linux/vax.constants"))
        shutil.copy(self.copy.path("tables/linux/amd64.structs"), self.copy.path("tables/linux/vax.structs"))
        self.assertRejected(
            "tables/linux/vax.tbl",
            1,
            "no stub template codegen/templates/linux/arch/vax.S.j2 for vax",
            commands=("generate", "check"),  # list needs no template
        )


class MalformedAbiTest(TableCopyTestCase):
    """tables/OS/ARCH.abi: each malformed key names its line."""

    def test_unknown_key(self):
        line = self.copy.append(AMD64_ABI, "red_zone 128")
        self.assertRejected(AMD64_ABI, line, "unknown key 'red_zone' (known: " + ", ".join(KEYS + OPTIONAL_KEYS + BUILD_KEYS + CORE_KEYS) + ")")

    def test_key_given_twice(self):
        first = self.copy.line_of(AMD64_ABI, r"trap\s")
        line = self.copy.append(AMD64_ABI, "trap int $0x80")
        self.assertRejected(AMD64_ABI, line, f"trap given twice (first at line {first})")

    def test_missing_key(self):
        self.copy.replace_line(AMD64_ABI, r"result\s", "# no result")
        self.assertRejected(AMD64_ABI, 1, "missing result")

    def test_bad_frame_pointer(self):
        line = self.copy.replace_line(AMD64_ABI, r"frame_pointer\s", "frame_pointer %rbp")
        self.assertRejected(AMD64_ABI, line, "frame_pointer: bad register '%rbp'")

    def test_data_model_and_word_bits_disagree(self):
        # ILP32 on 64-bit words is x32's; a long wider than a word is nobody's.
        self.copy.replace_line(AMD64_ABI, r"word_bits\s", "word_bits 32")
        self.copy.replace_line(AMD64_ABI, r"pair\s", "pair low-high")
        line = self.copy.line_of(AMD64_ABI, r"data_model\s")
        self.assertRejected(AMD64_ABI, line, "LP64's long is 64 bits, not word_bits 32 (only ILP32 may have 64-bit words)")

    def test_pair_on_a_64_bit_abi(self):
        line = self.copy.replace_line(AMD64_ABI, r"pair\s", "pair low-high even")
        self.assertRejected(AMD64_ABI, line, "pair: none exactly when a word holds 64 bits")

    def test_bad_pair(self):
        line = self.copy.replace_line(AMD64_ABI, r"pair\s", "pair sideways")
        self.assertRejected(
            AMD64_ABI, line, "pair: expected none, low-high, high-low, optionally followed by `even`"
        )

    def test_bad_elf_abi(self):
        line = self.copy.append(AMD64_ABI, "elf_abi v3")
        self.assertRejected(AMD64_ABI, line, "elf_abi: expected one of v1, v2")

    def test_bad_error_convention(self):
        line = self.copy.replace_line(AMD64_ABI, r"error\s", "error flag")
        self.assertRejected(AMD64_ABI, line, "error: expected negative, carry, carry REGISTER, or flag REGISTER")

    def test_carry_names_a_register_not_a_bit(self):
        line = self.copy.replace_line(AMD64_ABI, r"error\s", "error carry xcc.c")
        self.assertRejected(
            AMD64_ABI, line, "error: carry names a condition code register, not a bit (flag REGISTER.BIT does)"
        )

    def test_bad_sa_restorer(self):
        line = self.copy.replace_line(AMD64_ABI, r"sa_restorer\s", "sa_restorer maybe")
        self.assertRejected(AMD64_ABI, line, "sa_restorer: expected one of yes, no, argument")

    def test_child_flag_is_one_register(self):
        line = self.copy.append(AMD64_ABI, "child_flag o1 o2")
        self.assertRejected(AMD64_ABI, line, "child_flag: expected one word")

    def test_too_many_argument_registers(self):
        line = self.copy.replace_line(AMD64_ABI, r"arguments\s", "arguments a b c d e f g h")
        self.assertRejected(AMD64_ABI, line, "arguments: 1 to 7 registers, not 8")

    def test_bad_stack_arguments(self):
        for value, message in (
            ("4", "stack_arguments: expected COUNT at sp+OFFSET, e.g. 4 at sp+16"),
            ("4 at sp-16", "stack_arguments: expected COUNT at sp+OFFSET, e.g. 4 at sp+16"),
            ("3 at sp+16", "stack_arguments: 1 to 2 words, so that the 6 argument registers and the stack hold at most 8, not 3"),
            ("0 at sp+16", "stack_arguments: 1 to 2 words, so that the 6 argument registers and the stack hold at most 8, not 0"),
            ("2 at sp+12", "stack_arguments: sp+12 is not a whole number of 64-bit words"),
        ):
            with self.subTest(value=value):
                copy = TableCopy()
                self.addCleanup(copy.cleanup)
                line = copy.append(AMD64_ABI, "stack_arguments " + value)
                result = run("list", "linux/amd64", root=copy.root)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stderr, f"{AMD64_ABI}:{line}: {message}\n")

    def test_bad_register(self):
        line = self.copy.replace_line(AMD64_ABI, r"number\s", "number %rax")
        self.assertRejected(AMD64_ABI, line, "number: bad register '%rax'")

    def test_bad_number_offset(self):
        line = self.copy.replace_line(AMD64_ABI, r"number_offset\s", "number_offset -5")
        self.assertRejected(AMD64_ABI, line, "number_offset: '-5' is not a number")

    def test_bad_suite(self):
        line = self.copy.replace_line(AMD64_ABI, r"suite\s", "suite some")
        self.assertRejected(AMD64_ABI, line, "suite: expected one of full, cross, build")

    def test_no_qemu_but_a_suite_that_runs(self):
        line = self.copy.replace_line(AMD64_ABI, r"qemu\s", "qemu -")
        self.assertRejected(AMD64_ABI, line, "qemu: - (no qemu-user runs its programs) needs suite build")

    def test_bad_stack_guard(self):
        for abi, value, message in (
            (AMD64_ABI, "-", "stack_guard: +0xOFFSET, where the canary is above the thread pointer (variant II's tcbhead_t)"),
            (AMD64_ABI, "0x28", "stack_guard: +0xOFFSET, where the canary is above the thread pointer (variant II's tcbhead_t)"),
            ("tables/linux/arm64.abi", "+0x28", "stack_guard: - for variant I (the tcb key places a canary the TCB holds)"),
        ):
            with self.subTest(abi=abi, value=value):
                copy = TableCopy()
                self.addCleanup(copy.cleanup)
                line = copy.replace_line(abi, r"stack_guard\s", f"stack_guard {value}")
                result = run("generate", root=copy.root)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stderr, f"{abi}:{line}: {message}\n")

    def test_part_of_the_build_keys(self):
        self.copy.replace_line(AMD64_ABI, r"qemu\s", "# no qemu")
        line = self.copy.line_of(AMD64_ABI, r"bazel_cpu\s")
        self.assertRejected(AMD64_ABI, line, "bazel_cpu needs the other build keys too; missing qemu")

    def test_a_linux_architecture_without_build_or_core_keys(self):
        for block, keys in (("build", BUILD_KEYS), ("core", CORE_KEYS)):
            with self.subTest(block=block):
                copy = TableCopy()
                self.addCleanup(copy.cleanup)
                for key in keys:
                    copy.replace_line(AMD64_ABI, key + r"\s", f"# no {key}")
                result = run("generate", root=copy.root)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(
                    result.stderr,
                    f"{AMD64_ABI}:1: a Linux architecture is built and tested here: it needs the {block} keys (see amd64.abi)\n",
                )

    def test_part_of_the_core_keys(self):
        self.copy.replace_line(AMD64_ABI, r"thread_pointer\s", "# no thread_pointer")
        line = self.copy.line_of(AMD64_ABI, r"vdso\s")
        self.assertRejected(AMD64_ABI, line, "vdso needs the other core keys too; missing thread_pointer")

    def test_bad_vdso(self):
        line = self.copy.replace_line(AMD64_ABI, r"vdso\s", "vdso __vdso_")
        self.assertRejected(AMD64_ABI, line, "vdso: expected PREFIX VERSION, e.g. __vdso_ LINUX_2.6, or - for none")

    def test_bad_stack_grows(self):
        line = self.copy.replace_line(AMD64_ABI, r"stack_grows\s", "stack_grows sideways")
        self.assertRejected(AMD64_ABI, line, "stack_grows: expected one of down, up")

    def test_bad_c_pair(self):
        for abi, value, message in (
            (AMD64_ABI, "c_pair low-high even", "c_pair: only on a 32-bit ABI whose C passes a pair otherwise than pair says"),
            ("tables/linux/386.abi", "c_pair low-high", "c_pair: only on a 32-bit ABI whose C passes a pair otherwise than pair says"),
            ("tables/linux/386.abi", "c_pair none", "c_pair: expected low-high, high-low, optionally followed by `even`"),
        ):
            with self.subTest(abi=abi, value=value):
                copy = TableCopy()
                self.addCleanup(copy.cleanup)
                self.copy = copy
                line = copy.append(abi, value)
                self.assertRejected(abi, line, message)

    def test_bad_divide(self):
        line = self.copy.append(AMD64_ABI, "divide instruction")
        self.assertRejected(AMD64_ABI, line, "divide: expected one of libc")

    def test_bad_helpers(self):
        line = self.copy.append(AMD64_ABI, "helpers libatomic")
        self.assertRejected(AMD64_ABI, line, "helpers: expected one of libgcc")

    def test_bad_function_pointer(self):
        line = self.copy.append(AMD64_ABI, "function_pointer descriptor")
        self.assertRejected(AMD64_ABI, line, "function_pointer: expected one of plabel")

    def test_a_restorer_argument_needs_a_row_that_takes_it(self):
        self.copy.replace_line(
            SIGNATURES,
            r"long rt_sigaction\(.*only: sparc64",
            "long rt_sigaction(int sig, const struct sigaction *act, struct sigaction *oact, size_t sigsetsize, "
            "void *restorer_) | only: sparc64",
        )
        self.assertRejected(
            "tables/linux/sparc64.abi",
            1,
            "sa_restorer argument: this architecture's rt_sigaction row (tables/linux/signatures.tbl) takes no restorer",
            commands=("generate", "check"),
        )

    def test_a_thread_pointer_in_the_kernel_needs_its_reading_row(self):
        # Found by the fuzz test: a truncated m68k.tbl was a traceback.
        self.copy.replace_line("tables/linux/m68k.tbl", r"333\t", "# no get_thread_area")
        self.assertRejected(
            "tables/linux/m68k.tbl",
            1,
            "thread_pointer kernel: this table has no get_thread_area row, which reads it",
            commands=("generate", "check"),
        )

    def test_bad_thread_pointer(self):
        for value in ("after-tcb kernel +0x7000", "at-tcb register", "kernel"):
            with self.subTest(value=value):
                copy = TableCopy()
                self.addCleanup(copy.cleanup)
                self.copy = copy
                line = copy.replace_line(AMD64_ABI, r"thread_pointer\s", f"thread_pointer {value}")
                self.assertRejected(
                    AMD64_ABI,
                    line,
                    "thread_pointer: expected at-block, at-tcb, after-tcb, optionally followed by +0xBIAS, "
                    "then kernel where no register holds it or asm where the compiler has no builtin for "
                    "the register that does",
                )

    def test_a_thread_pointer_in_the_kernel_needs_the_compilers_helper(self):
        # amd64.S.j2 has no read_thread_pointer(): a libc-free program's
        # thread-local storage would call a helper nobody defines.
        self.copy.replace_line(AMD64_ABI, r"thread_pointer\s", "thread_pointer at-block kernel")
        self.assertRejected(
            AMD64_ABI,
            1,
            "thread_pointer kernel: codegen/templates/linux/arch/amd64.S.j2 must define read_thread_pointer(), "
            "the compiler's helper that asks the kernel for the thread pointer",
            commands=("generate", "check"),
        )

    def test_bad_errno_table(self):
        line = self.copy.replace_line(AMD64_ABI, r"errno\s", "errno errno.h")
        self.assertRejected(
            AMD64_ABI, line, "errno: expected errno.tbl or NAME.errno, the file of tables/linux/ that numbers its errors"
        )

    def test_missing_errno_table(self):
        self.copy.replace_line(AMD64_ABI, r"errno\s", "errno vax.errno")
        # `list` reads the numbers tables, not the errno tables.
        self.assertRejected(
            AMD64_ABI, 1, "errno: no errno table tables/linux/vax.errno", commands=("generate", "check")
        )

    def test_a_row_needing_more_words_than_registers(self):
        self.copy.replace_line(AMD64_ABI, r"arguments\s", "arguments rdi rsi rdx r10 r8")
        line = self.copy.line_of(AMD64, r"9\t")
        self.assertRejected(
            AMD64,
            line,
            "mmap takes 6 argument words on this ABI, which has 5 argument registers "
            "(tables/linux/amd64.abi)",
        )


class AbiReachesTheOutputTest(unittest.TestCase):
    """What the ABI says is what the generated code does."""

    def test_number_offset_and_clobbers(self):
        copy = TableCopy()
        self.addCleanup(copy.cleanup)
        copy.replace_line(AMD64_ABI, r"number_offset\s", "number_offset 5000")
        copy.replace_line(AMD64_ABI, r"clobbers\s", "clobbers rcx r11 r12")
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out, root=copy.root)
            self.assertEqual(result.returncode, 0, result.stderr)
            stubs = Path(out, "linux_amd64/syscalls.S").read_text()
            self.assertIn("// 39 common getpid sys_getpid\n", stubs)
            self.assertIn("\tSYSGATE_STUB\tsysgate_linux_getpid, 5039, ", stubs)
            arity = Path(out, "linux_amd64/syscall_arity.h").read_text()
            self.assertIn('"rcx", "r11", "r12", "memory"', arity)
            self.assertIn("number in rax plus 5000", arity)
            # sys::nr is the number the kernel takes; `list` keeps the table's.
            numbers = Path(out, "linux_amd64/syscall_numbers.h").read_text()
            self.assertIn("inline constexpr long getpid = 5039;\n", numbers)
            self.assertIn("inline constexpr long kHighestSyscallNumber = 5", numbers)
            inline = Path(out, "linux/syscalls_inline.h").read_text()
            self.assertIn("arity::Syscall0(sys::nr::getpid)", inline)
            rows = Path(out, "linux/table_rows.inc").read_text()
            self.assertIn('{"amd64", "common", "getpid", 39, 5000},', rows)
            listed = run("list", "linux/amd64", root=copy.root)
            self.assertIn("getpid 39", listed.stdout.splitlines())


    def test_an_architecture_without_a_vdso(self):
        copy = TableCopy()
        self.addCleanup(copy.cleanup)
        copy.replace_line(AMD64_ABI, r"vdso\s", "vdso -")
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out, root=copy.root)
            self.assertEqual(result.returncode, 0, result.stderr)
            core = Path(out, "linux_amd64/core_abi.h").read_text()
            self.assertIn("#define SYSGATE_ARCH_HAS_VDSO 0\n", core)
            self.assertNotIn("SYSGATE_VDSO_PREFIX", core)
            targets = Path(out, "targets.bzl").read_text()
            self.assertIn('"triple": "x86_64-linux-gnu", "cross": False, "suite": "full", "vdso": False, "inline_words": 6, "libgcc": False}', targets)

    def test_a_division_in_the_c_library(self):
        copy = TableCopy()
        self.addCleanup(copy.cleanup)
        copy.append(AMD64_ABI, "divide libc")
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out, root=copy.root)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("#define SYSGATE_ARCH_DIVIDE_IN_LIBC 1\n", Path(out, "linux_amd64/core_abi.h").read_text())
            self.assertNotIn("DIVIDE_IN_LIBC", Path(out, "linux_arm64/core_abi.h").read_text())

    def test_helpers_in_libgcc(self):
        out = unchanged_output()
        builds = Path(out, "targets.bzl").read_text()
        self.assertRegex(builds, r'"hppa": \{[^}]*"libgcc": True\}')
        self.assertRegex(builds, r'"amd64": \{[^}]*"libgcc": False\}')

    def test_function_pointers_that_may_be_plabels(self):
        out = unchanged_output()
        self.assertIn("#define SYSGATE_ARCH_FUNCTION_PLABELS 1\n", Path(out, "linux_hppa/core_abi.h").read_text())
        for arch in ("amd64", "ppc64"):
            with self.subTest(arch=arch):
                self.assertNotIn("FUNCTION_PLABELS", Path(out, f"linux_{arch}/core_abi.h").read_text())

    def test_a_stack_that_grows_up(self):
        out = unchanged_output()
        self.assertIn("#define SYSGATE_ARCH_STACK_GROWS_UP 1\n", Path(out, "linux_hppa/core_abi.h").read_text())
        self.assertIn("#define SYSGATE_ARCH_STACK_GROWS_UP 0\n", Path(out, "linux_amd64/core_abi.h").read_text())

    def test_a_thread_pointer_register_without_a_builtin(self):
        out = unchanged_output()
        self.assertIn("#define SYSGATE_ARCH_THREAD_POINTER_BY_ASM 1\n", Path(out, "linux_hppa/core_abi.h").read_text())
        self.assertNotIn("THREAD_POINTER_BY_ASM", Path(out, "linux_m68k/core_abi.h").read_text())

    def test_a_thread_pointer_the_kernel_keeps(self):
        out = unchanged_output()
        core = Path(out, "linux_m68k/core_abi.h").read_text()
        self.assertIn("#define SYSGATE_ARCH_THREAD_POINTER_IN_KERNEL 1\n", core)
        entry = Path(out, "linux_m68k/process_entry.S").read_text()
        self.assertIn("__m68k_read_tp:", entry)
        for arch in ("amd64", "arm", "mips64le"):
            with self.subTest(arch=arch):
                other = Path(out, f"linux_{arch}/core_abi.h").read_text()
                self.assertNotIn("THREAD_POINTER_IN_KERNEL", other)


class WordWiderThanLongTest(unittest.TestCase):
    """x32 (amd64p32.abi): ILP32 C on 64-bit words. The kernel's long is a
    word, so a long in a signature is a long long; a pointer becomes a word
    zero-extended; a word is sysgate::Word; and its programs, x86-64's
    machine in ELF32 files, are not the host's default build."""

    def read(self, rel):
        return Path(unchanged_output(), rel).read_text()

    def test_the_kernels_long_is_a_word(self):
        # One declaration, under no #if, for every architecture (x32's
        # included): a word is a long long on x32 alone, under one name.
        declarations = self.read("linux/syscalls.h")
        lseek = "sysgate::Word sysgate_linux_lseek(unsigned int fd, sysgate::Word offset, unsigned int whence) noexcept;"
        self.assertEqual(declarations.count(lseek), 1)
        self.assertEqual(guards_at(declarations, lseek), [])
        self.assertIn("inline Result<sysgate::Word> lseek(unsigned int fd, sysgate::Word offset", declarations)

    def test_a_word_is_a_register_in_the_shared_files(self):
        inline = self.read("linux/syscalls_inline.h")
        self.assertIn("static_cast<sysgate::Word>(reinterpret_cast<unsigned long>(buf))", inline)
        numbers = self.read("linux_amd64p32/syscall_numbers.h")
        self.assertIn('static_assert(sizeof(sysgate::Word) * 8 == 64, "sysgate::Word is not tables/linux/amd64p32.abi\'s word");', numbers)
        self.assertIn("inline constexpr long read = 1073741824;", numbers)

    def test_not_the_default_build(self):
        abi = abi_module.read_abi(TABLES.parent, TABLES / "linux" / "amd64p32.abi")
        self.assertEqual((abi.build.elf_machine, abi.build.elf_class), (62, 32))
        self.assertTrue(abi.build.cross)
        self.assertFalse(abi.build.runs)
        lines = self.read("cross_targets.txt").splitlines()
        self.assertIn("amd64p32 x32 build", [" ".join(l.split()[:3]) for l in lines])
        bazelrc = self.read("cross.bazelrc")
        self.assertIn("build:x32 --crosstool_top=//toolchains:cross --cpu=x32", bazelrc)
        self.assertNotIn("test:x32", bazelrc)


class WordsWhereTheCAbiPutsThemTest(unittest.TestCase):
    """sh4's stubs load words five and six from the stack and move nothing
    else (sh4.S.j2), which is right only where the SH C ABI puts each
    parameter's words where the kernel reads them: a long long that does
    not fit in r4-r7 goes to the stack whole, and a later int back in r7.
    So on sh4 no row's pair may start at the fourth word, the last
    register; the kernel's own rows for the calls whose pair would
    (pread64's dummy word, fadvise64_64's and sync_file_range's 32-bit
    halves, signatures.tbl) keep it so."""

    def test_no_pair_starts_at_the_last_register(self):
        target = next(t for t in tables.read_linux(TABLES.parent) if t.arch == "sh4")
        starts = {
            row.name: [i for i, w in enumerate(row.words) if w.note.endswith(", low word")] for row in target.rows
        }
        self.assertEqual({name: s for name, s in starts.items() if 3 in s}, {})
        self.assertEqual(starts["pread64"], [4])
        self.assertEqual(starts["fallocate"], [2, 4])

    def test_the_dummy_word_reaches_the_tests(self):
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            for arch in LINUX_ARCHES:
                with self.subTest(arch=arch):
                    core = Path(out, f"linux_{arch}/core_abi.h").read_text()
                    self.assertEqual("SYSGATE_ARCH_PREAD64_TAKES_DUMMY 1" in core, arch == "sh4")


# Every Linux architecture, as the tables list them.
LINUX_ARCHES = tuple(p.stem for p in tables.numbers_tables(TABLES.parent, "linux"))


def guards_at(text, needle):
    """The #if/#elif conditions in force where `needle` first appears in
    `text` (the include guard and #ifdef __NR_ checks left out)."""
    stack = []
    for line in text[: text.index(needle)].split("\n"):
        if line.startswith(("#ifndef SYSGATE_GENERATED", "#ifdef __NR_")):
            stack.append(None)
        elif line.startswith("#if "):
            stack.append(line[len("#if ") :])
        elif line.startswith("#elif "):
            stack[-1] = line[len("#elif ") :]
        elif line.startswith("#endif"):
            stack.pop()
    return [condition for condition in stack if condition is not None]


def linux_guards(arches):
    """The guard of `arches` as the generator writes it: their arch.h macros,
    in the tables' order."""
    return " || ".join(f"SYSGATE_LINUX_ARCH_{a.upper()}" for a in sorted(arches))


def linux_arches_with(name):
    """The Linux architectures whose numbers table has a row `name`."""
    arches = []
    for path in sorted((TABLES / "linux").glob("*.abi")):
        rows = path.with_suffix(".tbl").read_text().split("\n")
        if any(r.split()[2:3] == [name] for r in rows if r and not r.startswith("#")):
            arches.append(path.stem)
    return arches


class ChangedCopyOutputTestCase(unittest.TestCase):
    """What the generator writes from a copy of the tables that `change`
    alters, rendered once for the class."""

    @classmethod
    def change(cls, copy):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.copy = TableCopy()
        cls.change(cls.copy)
        cls.out = tempfile.TemporaryDirectory()
        result = run("generate", "--out", cls.out.name, root=cls.copy.root)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        cls.out.cleanup()
        cls.copy.cleanup()

    def read(self, rel):
        return Path(self.out.name, rel).read_text()


class SharedOutputTest(ChangedCopyOutputTestCase):
    """generated/linux/ holds what every architecture shares once: a block
    whose text is the same on every architecture is plain, one that differs
    is under the macros of the architectures it is for (arch.h)."""

    @classmethod
    def change(cls, copy):
        # sync as arm64 alone would declare it: one row that differs on one
        # architecture.
        copy.append(SIGNATURES, "long sync(int unused) | only: arm64")

    def test_a_row_the_same_everywhere_is_plain(self):
        for rel in ("linux/syscalls.h", "linux/syscalls_inline.h", "linux/syscall_probes.inc"):
            with self.subTest(rel):
                self.assertEqual(guards_at(self.read(rel), "gettid("), [])
        self.assertEqual(guards_at(self.read("linux/header_numbers_check.inc"), "nr::gettid"), [])

    def test_a_row_that_differs_on_one_architecture_is_under_its_guard(self):
        others = linux_guards(a for a in linux_arches_with("sync") if a != "arm64")
        for rel, arm64, rest in (
            ("linux/syscalls.h", "sync(int unused)", "sync()"),
            ("linux/syscalls_inline.h", "sync(int unused)", "sync()"),
            ("linux/syscall_probes.inc", '{"sync", sysgate::sys::nr::sync, "sys_sync", ProbeKind::kSame, "", 1,', '{"sync", sysgate::sys::nr::sync, "sys_sync", ProbeKind::kSame, "", 0,'),
        ):
            with self.subTest(rel):
                text = self.read(rel)
                self.assertEqual(guards_at(text, arm64), ["SYSGATE_LINUX_ARCH_ARM64"])
                self.assertEqual(guards_at(text, rest), [others])

    def test_a_row_some_architectures_lack_is_under_the_guard_of_those_that_have_it(self):
        # 386's, m68k's and s390x's own mmap takes one struct (old_mmap);
        # arm64 and riscv64 have no open.
        self.assertEqual(
            guards_at(self.read("linux/syscalls.h"), "mmap(sysgate::kernel::mmap_arg_struct*"),
            [linux_guards(["386", "m68k", "s390x"])],
        )
        have_open = linux_arches_with("open")
        self.assertNotIn("arm64", have_open)
        self.assertIn("amd64", have_open)
        self.assertEqual(guards_at(self.read("linux/syscalls_inline.h"), "Result<int> open("), [linux_guards(have_open)])

    def test_arch_h_defines_one_macro_per_architecture(self):
        arch = self.read("linux/arch.h")
        for name, defines in (
            ("AMD64", "defined(__x86_64__) && defined(__LP64__)"),
            ("AMD64P32", "defined(__x86_64__) && defined(__ILP32__)"),
            ("ARM", "defined(__arm__) && defined(__ARM_EABI__)"),
        ):
            self.assertIn(f"#if defined(__linux__) && {defines}\n#define SYSGATE_LINUX_ARCH_{name} 1\n", arch)


class DefaultFormTest(ChangedCopyOutputTestCase):
    """sysgate::sys names, for each row, the inline trap or the stub, as the
    row's signature decides: the stub where it is marked shares_stack, and
    on an OS with no inline form (FreeBSD)."""

    @classmethod
    def change(cls, copy):
        copy.replace_line(SIGNATURES, r"pid_t getppid\(\)", "pid_t getppid() | shares_stack | returns_twice")

    def default_api(self, rel):
        text = self.read(rel)
        return text[text.index("namespace sysgate::sys {") :]

    def test_an_inlinable_row_is_the_inline_trap(self):
        self.assertIn("\nusing sys_inline::getpid;\n", self.default_api("linux/syscalls.h"))

    def test_a_row_marked_shares_stack_is_the_stub(self):
        linux = self.default_api("linux/syscalls.h")
        for name in ("getppid", "vfork"):
            with self.subTest(name):
                self.assertIn(f"\nusing sys_stub::{name};  // shares_stack", linux)
                self.assertNotIn(f"sys_inline::{name};", linux)
        inline = self.read("linux/syscalls_inline.h")
        self.assertNotIn(" getppid(", inline)
        self.assertIn(" getpid(", inline)

    def test_a_row_whose_trap_loads_the_frame_pointer_is_the_stub(self):
        # arm's number register is Thumb's frame pointer (r7): every row;
        # i386's sixth argument register is ebp: the six-word rows only.
        linux = self.default_api("linux/syscalls.h")
        for arch, name in (("ARM", "getpid"), ("386", "process_vm_readv")):
            with self.subTest(arch):
                guard = rf"#(el)?if [^\n]*\bSYSGATE_LINUX_ARCH_{arch}\b[^\n]*\n"
                self.assertRegex(linux, guard + rf"using sys_stub::{name};  // its trap loads the frame pointer")
        for arch, inline_words in (("amd64", 6), ("386", 5), ("arm", -1), ("mipsle", 8)):
            with self.subTest(arch):
                self.assertEqual(linux_abis()[arch].inline_words, inline_words)
        self.assertIn("\nusing sys_inline::process_vm_readv;\n", linux)

    def test_a_row_that_returns_twice_where_a_flag_tells_the_child_is_the_stub(self):
        # sparc64's child_flag (o1): only the stubs of fork, vfork and clone
        # turn the pid the child gets too into 0 (sparc has no clone3).
        linux = self.default_api("linux/syscalls.h")
        guard = r"#(el)?if [^\n]*\bSYSGATE_LINUX_ARCH_SPARC64\b[^\n]*\n"
        for name in ("fork", "clone"):
            with self.subTest(name):
                found = re.search(guard + rf"(using [^\n]*\n)*using sys_stub::{name};  // returns twice: only a stub", linux)
                self.assertIsNotNone(found)
        inline = self.read("linux/syscalls_inline.h")
        fork_guard = re.search(r"(#if [^\n]*)\n// fork: ", inline)
        self.assertIn("SYSGATE_LINUX_ARCH_S390X", fork_guard.group(1))
        self.assertNotIn("SYSGATE_LINUX_ARCH_SPARC64", fork_guard.group(1))

    def test_calls_by_number_are_the_stubs(self):
        self.assertIn("\nusing sys_stub::syscall;\n", self.default_api("linux/syscalls.h"))

    def test_without_an_inline_form_every_row_is_the_stub(self):
        freebsd = self.default_api("freebsd/syscalls.h")
        self.assertIn("\nusing sys_stub::getpid;\n", freebsd)
        self.assertNotIn("sys_inline", freebsd)


class ByNumberWordsTest(unittest.TestCase):
    """The by-number forms take as many words as the ABI has argument
    registers and stack words: seven on ARM EABI (r0-r6, tables/linux/
    arm.abi), eight on mips o32 (a0-a3, and 4 at sp+16: its
    stack_arguments, which its syscallN and inline traps put where the
    kernel reads them), six elsewhere."""

    def read(self, rel):
        return Path(unchanged_output(), rel).read_text()

    SEVEN = "Word a1, Word a2, Word a3, Word a4, Word a5, Word a6, Word a7)"

    def function(self, rel, symbol):
        """The instructions of `symbol` in the assembly file `rel`."""
        text = self.read(rel)
        body = text[text.index(symbol + ":") :]
        return body[: body.index(".size")]

    def test_the_arm_stub_loads_the_seventh_word_into_r6(self):
        stub = self.function("linux_arm/syscalls.S", "sysgate_linux_syscall7")
        # nr in r0, a1-a3 in r1-r3, a4-a7 on the caller's stack (ip = sp on
        # entry): a7 is the fourth stack word.
        for register, slot in (("r3", 0), ("r4", 4), ("r5", 8), ("r6", 12)):
            self.assertIn(f"\tldr\t{register}, [ip, #{slot}]\n", stub)
        self.assertIn("\tmov\tr7, r0\n", stub)
        self.assertNotIn("sysgate_linux_syscall7", self.read("linux_amd64/syscalls.S"))

    def test_seven_word_overloads_exist_where_an_abi_has_seven_words_alone(self):
        # ARM EABI's seven registers, and mips o32's four and four stack words.
        seven = [
            path.stem
            for path in (TABLES / "linux").glob("*.abi")
            if abi_module.read_abi(TABLES.parent, path).max_words >= 7
        ]
        self.assertIn("arm", seven)
        guard = [linux_guards(seven)]
        for rel in ("linux/syscalls.h", "linux/syscalls_inline.h"):
            with self.subTest(rel):
                text = self.read(rel)
                self.assertEqual(guards_at(text, "syscall(Word number, " + self.SEVEN), guard)
        self.assertEqual(guards_at(self.read("linux/syscalls.h"), "sysgate_linux_syscall7("), guard)
        arity = self.read("linux_arm/syscall_arity.h")
        self.assertIn('register long reg_r6 asm("r6") = w7;', arity)
        self.assertNotIn("Syscall7", self.read("linux_amd64/syscall_arity.h"))

    def test_syscall8_moves_each_stack_word_down_one_into_its_frame(self):
        stub = self.function("linux_mipsle/syscalls.S", "sysgate_linux_syscall8")
        # The caller's a4 (its first stack word, sp+16) becomes a3; a5-a8
        # (sp+20 to sp+32, 52 to 64 in a 32-byte frame) go to sp+16 to sp+28.
        self.assertIn("\tlw\t$7, 16($29)\n", stub)
        self.assertIn("\taddiu\t$29, $29, -32\n", stub)
        for source, slot in ((52, 16), (56, 20), (60, 24), (64, 28)):
            self.assertIn(f"\tlw\t$8, {source}($29)\n\tsw\t$8, {slot}($29)\n", stub)
        self.assertLess(stub.index("syscall\n"), stub.index("\taddiu\t$29, $29, 32\n"))

    def test_syscall4_needs_no_frame(self):
        stub = self.function("linux_mipsle/syscalls.S", "sysgate_linux_syscall4")
        self.assertNotIn("addiu", stub)

    def test_the_inline_trap_stores_the_stack_words(self):
        arity = self.read("linux_mipsle/syscall_arity.h")
        body = arity[arity.index("inline Word Syscall6(") :]
        body = body[: body.index("return raw;")]
        self.assertIn('"sw %[stack0], 16($29)', body)
        self.assertIn('"sw %[stack1], 20($29)', body)
        self.assertIn('[stack0] "r"(w5), [stack1] "r"(w6)', body)
        self.assertNotIn("stack2", body)

    def test_eight_words_exist_on_mips_o32_alone(self):
        eight = "syscall(Word number, Word a1, Word a2, Word a3, Word a4, Word a5, Word a6, Word a7, Word a8)"
        self.assertEqual(guards_at(self.read("linux/syscalls.h"), eight), [linux_guards(["mips", "mipsle"])])
        self.assertIn("and then 4 words from the caller's stack at sp+16", self.read("linux_mipsle/syscalls.S"))


class LoweringTest(unittest.TestCase):
    """Parameters to argument words (tables.lower_params) on ABIs that no
    table here uses yet: a 64-bit offset on a 32-bit ABI travels as two words,
    in the ABI's order, from an even register where the ABI says so."""

    def lower(self, data_model, word_bits, pair, pair_even, declaration):
        types = tables.read_types(TABLES.parent, TABLES / "linux" / "types.tbl", data_model, word_bits)
        row = grammar.Row("t", 1, declaration)
        name, returns, params = grammar.parse_declaration(
            row, declaration, types, "", tables.SYSCALL_NAME, "name", tables.kernel_struct
        )
        signature = tables.Signature(1, name, returns, params, tables.NO_PROBE_ATTRIBUTES, False, False, False, ())
        abi = abi_module.Abi(
            "t.abi", ("common",), word_bits, "little", data_model, "trap", "r7", 0,
            ("r0", "r1", "r2", "r3", "r4", "r5", "r6"), "r0", (), pair, pair_even, "negative", "", "r11",
        )
        return [(w.note, w.cxx) for w in tables.lower_params(signature, abi, row)]

    PREAD64 = "long pread64(unsigned int fd, char *buf, size_t count, loff_t pos)"

    def test_one_word_each_on_lp64(self):
        self.assertEqual(
            self.lower("LP64", 64, "none", False, self.PREAD64),
            [
                ("fd", "static_cast<sysgate::Word>(fd)"),
                ("buf", "static_cast<sysgate::Word>(reinterpret_cast<unsigned long>(buf))"),
                ("count", "static_cast<sysgate::Word>(count)"),
                ("pos", "static_cast<sysgate::Word>(pos)"),
            ],
        )

    def test_one_word_each_on_x32(self):
        # A long long in a 64-bit word, and size_t the kernel's unsigned long.
        words = self.lower("ILP32", 64, "none", False, self.PREAD64)
        self.assertEqual(len(words), 4)
        types = tables.read_types(TABLES.parent, TABLES / "linux" / "types.tbl", "ILP32", 64)
        self.assertEqual((types["size_t"].cxx, types["size_t"].bits), ("sysgate::UnsignedWord", 64))
        self.assertEqual((types["long"].cxx, types["int"].cxx), ("sysgate::Word", "int"))
        self.assertEqual(types["u64"].cxx, "unsigned long long")

    def test_low_word_first_on_i386(self):
        words = self.lower("ILP32", 32, "low-high", False, self.PREAD64)
        self.assertEqual(
            words[3:],
            [
                ("pos, low word", "static_cast<sysgate::Word>(static_cast<unsigned long long>(pos))"),
                ("pos, high word", "static_cast<sysgate::Word>(static_cast<unsigned long long>(pos) >> 32)"),
            ],
        )

    def test_even_register_on_arm_eabi(self):
        words = self.lower("ILP32", 32, "low-high", True, self.PREAD64)
        self.assertEqual([note for note, _ in words], [
            "fd", "buf", "count", "padding: a pair starts at an even register",
            "pos, low word", "pos, high word",
        ])

    def test_high_word_first_on_a_big_endian_pair(self):
        words = self.lower("ILP32", 32, "high-low", False, "long truncate64(const char *path, loff_t length)")
        self.assertEqual([note for note, _ in words], ["path", "length, high word", "length, low word"])

    def test_ppc_pairs_start_at_an_even_word_high_first(self):
        # The kernel's own entry points say where each word goes (arch/powerpc/
        # kernel/sys_ppc32.c, syscalls.c): ppc_pread64(fd, buf, count, reg6,
        # pos1, pos2), ppc_fadvise64_64(fd, advice, offset_high, offset_low,
        # len_high, len_low), ppc_readahead(fd, r4, offset1, offset2, count).
        rows = {r.name: r for t in tables.read_linux(TABLES.parent) if t.arch == "ppc" for r in t.rows}
        notes = {name: [w.note for w in rows[name].words] for name in ("pread64", "fadvise64_64", "readahead")}
        self.assertEqual(notes, {
            "pread64": ["fd", "buf", "count", "padding: a pair starts at an even register",
                        "pos, high word", "pos, low word"],
            "fadvise64_64": ["fd", "advice", "offset, high word", "offset, low word",
                             "len, high word", "len, low word"],
            "readahead": ["fd", "padding: a pair starts at an even register",
                          "offset, high word", "offset, low word", "count"],
        })

    def test_hppa_stubs_take_each_word_from_where_c_passes_it(self):
        # The kernel's wrappers take (high, low) wherever the pair falls
        # (arch/parisc/kernel/sys_parisc.c: parisc_pread64(fd, buf, count,
        # high, low), parisc_fallocate(fd, mode, offhi, offlo, lenhi,
        # lenlo)); GCC passes a 64-bit parameter from an even argument word,
        # low word first. Elsewhere C passes each word where the kernel
        # takes it.
        rows = {(t.arch, r.name): r for t in tables.read_linux(TABLES.parent) for r in t.rows}
        sources = {key: [w.source for w in rows[key].words]
                   for key in (("hppa", "pread64"), ("hppa", "fallocate"), ("hppa", "truncate64"),
                               ("arm", "pread64"), ("ppc", "pread64"), ("386", "pread64"))}
        self.assertEqual(sources, {
            ("hppa", "pread64"): [0, 1, 2, 5, 4],
            ("hppa", "fallocate"): [0, 1, 3, 2, 5, 4],
            ("hppa", "truncate64"): [0, 3, 2],
            ("arm", "pread64"): [0, 1, 2, 3, 4, 5],
            ("ppc", "pread64"): [0, 1, 2, 3, 4, 5],
            ("386", "pread64"): [0, 1, 2, 3, 4],
        })

    def test_u64_is_wide_on_ilp32_only(self):
        fanotify = "long fanotify_mark(int fd, unsigned int flags, u64 mask, int dfd, const char *path)"
        self.assertEqual(len(self.lower("LP64", 64, "none", False, fanotify)), 5)
        self.assertEqual(len(self.lower("ILP32", 32, "low-high", False, fanotify)), 6)


class MalformedImportsTableTest(TableCopyTestCase):
    list_target = "darwin/amd64"

    def test_unknown_error_convention(self):
        line = self.copy.replace_line(DARWIN, r"close\s", "close  errorno  int close(int fd)")
        self.assertRejected(
            DARWIN,
            line,
            "unknown error convention 'errorno' (expected one of errno, errnum, null, map_failed, never)",
        )

    def test_variadic_index_out_of_range(self):
        line = self.copy.replace_line(
            DARWIN, r"open\s", "open  errno  int open(const char *path, int flags, mode_t mode) | variadic: 3"
        )
        self.assertRejected(
            DARWIN,
            line,
            "variadic: 3 is out of range: open has 3 parameters, "
            "and C needs at least one before `...` and one after",
        )

    def test_variadic_before_every_parameter(self):
        line = self.copy.replace_line(
            DARWIN, r"open\s", "open  errno  int open(const char *path, int flags, mode_t mode) | variadic: 0"
        )
        self.assertRejected(
            DARWIN,
            line,
            "variadic: 0 is out of range: open has 3 parameters, "
            "and C needs at least one before `...` and one after",
        )

    def test_duplicate_name(self):
        first = self.copy.line_of(DARWIN, r"close\s")
        line = self.copy.append(DARWIN, "close_nocancel  errno  int close(int fd)")
        self.assertRejected(DARWIN, line, f"close is listed twice (first at line {first})")

    def test_duplicate_symbol(self):
        first = self.copy.line_of(DARWIN, r"close\s")
        line = self.copy.append(DARWIN, "close  errno  int close_again(int fd)")
        self.assertRejected(
            DARWIN, line, f"symbol close is imported twice (first by close at line {first})"
        )

    def test_unknown_type(self):
        line = self.copy.replace_line(DARWIN, r"close\s", "close  errno  int close(fd_t fd)")
        self.assertRejected(DARWIN, line, "unknown type 'fd_t'")

    def test_bad_symbol(self):
        line = self.copy.replace_line(DARWIN, r"close\s", "close@GLIBC  errno  int close(int fd)")
        self.assertRejected(DARWIN, line, "bad symbol 'close@GLIBC'")

    def test_bad_architecture_variant(self):
        line = self.copy.replace_line(
            DARWIN, r"fstat\s", "fstat  errno  int fstat(int fd, struct stat *buf) | amd64: stat$INODE64"
        )
        self.assertRejected(DARWIN, line, "amd64: stat$INODE64 is not a variant of fstat (fstat$VARIANT)")

    def test_struct_passed_by_value(self):
        line = self.copy.replace_line(
            DARWIN, r"nanosleep\s", "nanosleep  errno  int nanosleep(struct timespec rqtp)"
        )
        self.assertRejected(
            DARWIN,
            line,
            "nanosleep: parameter rqtp 'struct timespec' is passed by value; only integers and pointers are",
        )

    def test_void_function_with_an_error_convention(self):
        line = self.copy.replace_line(
            DARWIN, r"arc4random_buf\s", "arc4random_buf  errno  void arc4random_buf(void *buf, size_t n)"
        )
        self.assertRejected(
            DARWIN, line, "arc4random_buf: a function returning void cannot report errors: use never"
        )

    def test_pointer_with_errno_convention(self):
        line = self.copy.replace_line(
            DARWIN, r"getcwd\s", "getcwd  errno  char *getcwd(char *buf, size_t size)"
        )
        self.assertRejected(
            DARWIN, line, "getcwd: a function returning a pointer reports errors with null or map_failed"
        )

    def test_errno_with_a_narrow_unsigned_return(self):
        # Zero-extended, such a function's -1 is 0xffffffff or 0xffff: the
        # trampoline's comparison with -1 would never see the failure.
        for rel, row, cxx in [
            (DARWIN, "getuid  errno  uid_t getuid()", "unsigned int"),
            (DARWIN, "umask  errno  mode_t umask(mode_t cmask)", "unsigned short"),
            (GLIBC, "umask  errno  mode_t umask(mode_t cmask)", "unsigned int"),
        ]:
            with self.subTest(rel=rel, row=row):
                self.copy = TableCopy()  # a fresh one for each row
                self.addCleanup(self.copy.cleanup)
                name = row.split()[0]
                line = self.copy.replace_line(rel, rf"{name}\s", row)
                self.assertRejected(
                    rel,
                    line,
                    f"{name}: errno needs a signed or 64-bit return type; "
                    f"{row.split()[2]!r} is {cxx}, whose -1 the trampoline zero-extends "
                    "and never sees as a failure",
                )

    def test_unknown_attribute(self):
        line = self.copy.replace_line(DARWIN, r"close\s", "close  errno  int close(int fd) | cancellable")
        self.assertRejected(DARWIN, line, "unknown attribute 'cancellable'")

    def test_errno_accessor_is_required(self):
        self.copy.replace_line(DARWIN, r"__error\s", "")
        self.assertRejected(
            DARWIN, 1, "no errno_location row: every table names the function returning errno's address"
        )

    def test_reference_twin_takes_as_many_parameters(self):
        line = self.copy.replace_line(DARWIN, r"close\s", "close  errno  int close(int fd, int flags)")
        twin = self.copy.line_of(GLIBC, r"close\s")
        self.assertRejected(
            DARWIN,
            line,
            f"close takes 2 parameters (2 fixed); tables/glibc/imports.tbl:{twin} takes 1 (1 fixed)",
        )

    def test_bad_libc_types_row(self):
        line = self.copy.append(DARWIN_TYPES, "fd_t = unsigned quad")
        self.assertRejected(DARWIN_TYPES, line, "bad C++ type 'unsigned quad'")

    def test_unknown_library(self):
        (self.copy.root / "tables/musl").mkdir()
        shutil.copy(self.copy.path(GLIBC), self.copy.path("tables/musl/imports.tbl"))
        self.assertRejected(
            "tables/musl/imports.tbl", 1, "unknown C library 'musl' (known: darwin, glibc)"
        )


# The libSystem imports of the Go runtime (runtime/sys_darwin.go; the seed's
# list), by sysgate's name: each must be in the Darwin table, as this symbol.
GO_RUNTIME_IMPORTS = {
    name: name
    for name in """pthread_attr_init pthread_attr_setstacksize pthread_attr_setdetachstate
    pthread_create raise open close read write mmap munmap madvise usleep
    mach_timebase_info mach_absolute_time gettimeofday sigaction pthread_sigmask
    sigaltstack getpid kill setitimer sysctl fcntl kqueue kevent pthread_mutex_init
    pthread_mutex_lock pthread_mutex_unlock pthread_cond_init pthread_cond_wait
    pthread_cond_timedwait_relative_np pthread_cond_signal""".split()
} | {"errno_location": "__error", "exit": "_exit"}


class MalformedErrnoTableTest(TableCopyTestCase):

    def assertRejected(self, rel, line, message):
        # `list` reads the numbers tables, not the errno table.
        super().assertRejected(rel, line, message, commands=("generate", "check"))

    def test_duplicate_number(self):
        first = self.copy.line_of(ERRNO, r"11\t")
        line = self.copy.append(ERRNO, "11\tEWOULDBLOCK\tOperation would block")
        self.assertRejected(ERRNO, line, f"errno 11 is taken by EAGAIN (line {first})")

    def test_duplicate_name(self):
        first = self.copy.line_of(ERRNO, r"2\t")
        line = self.copy.append(ERRNO, "200\tENOENT\tNo such file or directory")
        self.assertRejected(ERRNO, line, f"ENOENT is listed twice (first at line {first})")

    def test_bad_number(self):
        line = self.copy.replace_line(ERRNO, r"2\t", "two\tENOENT\tNo such file or directory")
        self.assertRejected(ERRNO, line, "bad number 'two'")

    def test_zero_is_not_an_errno(self):
        line = self.copy.append(ERRNO, "0\tESUCCESS\tSuccess")
        self.assertRejected(ERRNO, line, "errno 0 is out of range (1-4095)")

    def test_bad_name(self):
        line = self.copy.replace_line(ERRNO, r"2\t", "2\tenoent\tNo such file or directory")
        self.assertRejected(ERRNO, line, "bad errno name 'enoent'")

    def test_missing_description(self):
        line = self.copy.replace_line(ERRNO, r"2\t", "2\tENOENT")
        self.assertRejected(ERRNO, line, "expected <number> <name> <description>")

    def test_quote_in_description(self):
        line = self.copy.replace_line(ERRNO, r"2\t", '2\tENOENT\tNo "such" file')
        self.assertRejected(ERRNO, line, "a description may not hold a quote or a backslash")


class MalformedConstantsTableTest(TableCopyTestCase):
    """constants.tbl and ARCH.constants; `list` reads neither."""

    def assertRejected(self, rel, line, message, commands=("generate", "check")):
        super().assertRejected(rel, line, message, commands)

    def test_bad_header(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/Futex.h FUTEX_*")
        self.assertRejected(CONSTANTS, line, "bad uapi header 'linux/Futex.h' (expected a path such as linux/fcntl.h)")

    def test_header_twice(self):
        first = self.copy.line_of(CONSTANTS, r"linux/futex.h")
        line = self.copy.append(CONSTANTS, "linux/futex.h FUTEX_WAIT")
        self.assertRejected(CONSTANTS, line, f"linux/futex.h has a row already (line {first})")

    def test_bad_selector(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/futex.h futex_*")
        self.assertRejected(
            CONSTANTS, line, "bad selector 'futex_*' (expected NAME, PREFIX*, !NAME or errno.tbl)"
        )

    def test_header_without_selectors(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/futex.h")
        self.assertRejected(CONSTANTS, line, "expected <uapi header> <selector>...")

    def test_overlapping_prefixes(self):
        first = self.copy.line_of(CONSTANTS, r"linux/signal.h")
        line = self.copy.append(CONSTANTS, "asm/siginfo.h SIGEV_*")
        self.assertRejected(CONSTANTS, line, f"SIGEV_* selects a name that SIG* (line {first}) selects too")

    def test_name_that_a_prefix_selects(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/futex.h FUTEX_* FUTEX_WAIT")
        self.assertRejected(CONSTANTS, line, "FUTEX_WAIT selects a name that FUTEX_* (this row) selects too")

    def test_prefix_over_an_errno_name(self):
        errno_line = self.copy.line_of(CONSTANTS, r"asm/errno.h")
        line = self.copy.append(CONSTANTS, "linux/foo.h EN*")
        self.assertRejected(
            CONSTANTS, line, f"EN* selects a name that errno.tbl's ENAMETOOLONG (line {errno_line}) selects too"
        )

    def test_exclusion_of_nothing(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/futex.h FUTEX_* !CLONE_VM")
        self.assertRejected(CONSTANTS, line, "!CLONE_VM leaves out nothing: no prefix of this row selects CLONE_VM")

    def test_selector_that_reaches_nothing(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/futex.h FUTEX_* FUTEXES")
        self.assertRejected(
            CONSTANTS, line, "FUTEXES is in no architecture's ARCH.constants (run python3 codegen/refresh_constants.py)"
        )

    def test_value_too_wide_for_its_type(self):
        line = self.copy.replace_line(ARM_CONSTANTS, r"RLIM_INFINITY ", "RLIM_INFINITY 0xffffffffffffffffUL")
        self.assertRejected(
            ARM_CONSTANTS, line, "0xffffffffffffffffUL does not fit in unsigned long on a 32-bit architecture"
        )

    def test_bad_value(self):
        line = self.copy.replace_line(ARM_CONSTANTS, r"O_RDONLY ", "O_RDONLY zero")
        self.assertRejected(
            ARM_CONSTANTS,
            line,
            "bad value 'zero' (expected a C integer literal, decimal or 0x, suffix U, L, UL, LL or ULL)",
        )

    def test_name_not_selected(self):
        line = self.copy.append(ARM_CONSTANTS, "PR_SET_NAME 15")
        self.assertRejected(
            ARM_CONSTANTS,
            line,
            "PR_SET_NAME is not selected by tables/linux/constants.tbl (run python3 codegen/refresh_constants.py)",
        )

    def test_excluded_name(self):
        line = self.copy.append(ARM_CONSTANTS, "SIGRTMAX 64")
        self.assertRejected(
            ARM_CONSTANTS,
            line,
            "SIGRTMAX is not selected by tables/linux/constants.tbl (run python3 codegen/refresh_constants.py)",
        )

    def test_errno_name(self):
        line = self.copy.append(ARM_CONSTANTS, "EPERM 1")
        self.assertRejected(ARM_CONSTANTS, line, "EPERM is errno.tbl's: its number comes from there")

    def test_name_twice(self):
        first = self.copy.line_of(ARM_CONSTANTS, r"O_RDONLY ")
        line = self.copy.append(ARM_CONSTANTS, "O_RDONLY 0")
        self.assertRejected(ARM_CONSTANTS, line, f"O_RDONLY is listed twice (first at line {first})")

    def test_refresh_stops_on_a_malformed_selection(self):
        line = self.copy.replace_line(CONSTANTS, r"linux/futex.h", "linux/futex.h futex_*")
        result = subprocess.run(
            [sys.executable, str(REFRESH), "--root", str(self.copy.root), "--check"], capture_output=True, text=True
        )
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(
            result.stderr,
            f"{CONSTANTS}:{line}: bad selector 'futex_*' (expected NAME, PREFIX*, !NAME or errno.tbl)\n",
        )


class ConstantsOutputTest(unittest.TestCase):
    """What generated/linux/constants.h makes of the values."""

    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out)
            assert result.returncode == 0, result.stderr
            cls.header = Path(out, "linux/constants.h").read_text()

    def test_a_value_that_differs_is_under_its_architectures(self):
        # arm's and arm64's uapi swap the two bits; ppc64's O_DIRECT is its own.
        values = {}  # (name, arch) -> value, from ARCH.constants
        for path in sorted((TABLES / "linux").glob("*.constants")):
            for line in path.read_text().split("\n"):
                if line.startswith(("O_DIRECT ", "O_DIRECTORY ")):
                    values[(line.split()[0], path.stem)] = line.split()[1]
        self.assertEqual(values[("O_DIRECT", "amd64")], "0x4000")
        self.assertEqual(values[("O_DIRECT", "arm64")], "0x10000")
        for name, value in set((n, v) for (n, _), v in values.items()):
            arches = [a for (n, a), v in values.items() if (n, v) == (name, value)]
            line = f"inline constexpr int {name} = {value};\n"
            with self.subTest(name=name, value=value):
                self.assertEqual(guards_at(self.header, line), [linux_guards(arches)])

    def test_types_follow_the_suffix_and_the_word(self):
        self.assertIn("inline constexpr unsigned long long CLONE_CLEAR_SIGHAND = 0x100000000;\n", self.header)
        self.assertIn("inline constexpr unsigned long RLIM_INFINITY = 0xffffffff;\n", self.header)
        self.assertIn("inline constexpr unsigned long RLIM_INFINITY = 0xffffffffffffffff;\n", self.header)

    def test_errno_numbers_are_errno_tbl_s(self):
        self.assertIn("inline constexpr int EINTR = 4;\n", self.header)
        self.assertIn("inline constexpr int EWOULDBLOCK = 11;\n", self.header)


class ConstantsRefreshTest(unittest.TestCase):
    def test_checked_in_values_are_what_the_compilers_here_say(self):
        for arch, compiler in compilers().items():
            self.assertIsNotNone(shutil.which(compiler), f"{compiler} (./bazelw installs it)")
        result = subprocess.run([sys.executable, str(REFRESH), "--check"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


class MalformedStructsTableTest(TableCopyTestCase):
    """structs.tbl and ARCH.structs; `list` reads neither."""

    def assertRejected(self, rel, line, message, commands=("generate", "check")):
        super().assertRejected(rel, line, message, commands)

    def test_architecture_without_layouts(self):
        Path(self.copy.path(ARM_STRUCTS)).unlink()
        self.assertRejected(
            "tables/linux/arm.tbl", 1, "no layouts tables/linux/arm.structs (run python3 codegen/refresh_structs.py arm)"
        )

    def test_bad_header(self):
        line = self.copy.replace_line(STRUCTS, r"linux/futex.h", "linux/Futex.h futex_waitv")
        self.assertRejected(STRUCTS, line, "bad uapi header 'linux/Futex.h' (expected a path such as linux/stat.h)")

    def test_tag_twice(self):
        first = self.copy.line_of(STRUCTS, r"linux/futex.h")
        line = self.copy.append(STRUCTS, "linux/futex2.h futex_waitv")
        self.assertRejected(STRUCTS, line, f"struct futex_waitv is listed twice (first at line {first})")

    def test_tag_no_architecture_defines(self):
        line = self.copy.replace_line(STRUCTS, r"linux/futex.h", "linux/futex.h futex_waitv robust_list_head robust_list_heads")
        self.assertRejected(STRUCTS, line, "no architecture's <linux/futex.h> defines struct robust_list_heads")

    def test_layout_of_a_struct_not_listed(self):
        self.copy.replace_line(STRUCTS, r"linux/sem.h", "# no sembuf")
        first = "tables/linux/386.structs"  # the first architecture read
        line = self.copy.line_of(first, r"struct sembuf\s")
        self.assertRejected(first, line, "sembuf is neither in tables/linux/structs.tbl nor contained in a struct it lists")

    def test_unknown_scalar(self):
        line = self.copy.replace_line(ARM_STRUCTS, r"\s*field tv_nsec 8 - long long\Z", "field tv_nsec 8 - long double")
        self.assertRejected(ARM_STRUCTS, line, f"unknown scalar type 'long double' (known: {', '.join(structs_module.SCALARS)})")

    def test_record_used_before_it_is_defined(self):
        line = self.copy.replace_line(ARM_STRUCTS, r"\s*field ru_utime 0\s", "field ru_utime 0 - struct later")
        self.assertRejected(ARM_STRUCTS, line, "struct later is not defined above")

    def test_bad_offset(self):
        line = self.copy.replace_line(ARM_STRUCTS, r"\s*field st_dev 0\s", "field st_dev zero - unsigned long")
        self.assertRejected(ARM_STRUCTS, line, "bad offset 'zero'")

    def test_alignment_not_a_power_of_two(self):
        line = self.copy.replace_line(ARM_STRUCTS, r"struct rseq\s", "struct rseq 32 24")
        self.assertRejected(ARM_STRUCTS, line, "alignment 24 is not a power of two")

    def test_record_without_end(self):
        line = self.copy.line_of(ARM_STRUCTS, r"struct sembuf\s")
        lines = self.copy.lines(ARM_STRUCTS)
        del lines[max(i for i, text in enumerate(lines) if text == "end")]
        self.copy.write_lines(ARM_STRUCTS, lines)
        self.assertRejected(ARM_STRUCTS, line, "record without an end")

    def test_offset_no_c_layout_has(self):
        # One byte into a word-aligned member: no C++ of these members puts it there.
        line = self.copy.line_of(ARM_STRUCTS, r"struct pollfd\s")
        self.copy.replace_line(ARM_STRUCTS, r"\s*field events 4 - short", "field events 3 - short")
        self.assertRejected(
            ARM_STRUCTS, line, "struct pollfd: events at offset 3, before 4 where C would put it"
        )

    def test_size_past_any_kernel_struct(self):
        # Else the padding to it would be a line per byte: the fuzz test's hang.
        line = self.copy.replace_line(ARM_STRUCTS, r"struct rseq\s", "struct rseq 99999999999999999999999 32")
        self.assertRejected(ARM_STRUCTS, line, "size 99999999999999999999999 is more than 65536")

    def test_an_architecture_that_defines_no_struct(self):
        # Its sections of the shared files are empty, not missing.
        lines = self.copy.lines(ARM_STRUCTS)
        self.copy.write_lines(ARM_STRUCTS, [l for l in lines if l.startswith(("#", "scalar")) or not l.strip()])
        result = run("generate", root=self.copy.root)
        self.assertEqual(result.returncode, 0, result.stderr)
        header = (self.copy.root / "generated/linux/kernel_types.h").read_text()
        self.assertNotIn("SYSGATE_LINUX_ARCH_ARM\n// struct", header)

    def test_refresh_stops_on_a_malformed_selection(self):
        line = self.copy.replace_line(STRUCTS, r"linux/futex.h", "linux/futex.h futex-waitv")
        result = subprocess.run(
            [sys.executable, str(REFRESH_STRUCTS), "--root", str(self.copy.root), "--check"],
            capture_output=True,
            text=True,
        )
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr, f"{STRUCTS}:{line}: bad struct tag 'futex-waitv'\n")


class StructsOutputTest(unittest.TestCase):
    """What generated/linux/kernel_types.h makes of the layouts."""

    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as out:
            result = run("generate", "--out", out)
            assert result.returncode == 0, result.stderr
            cls.header = Path(out, "linux/kernel_types.h").read_text()

    def test_packed_only_where_the_uapi_packs(self):
        self.assertIn("#elif SYSGATE_LINUX_ARCH_AMD64 || SYSGATE_LINUX_ARCH_AMD64P32\n// struct epoll_event, <linux/eventpoll.h>\n"
                      "struct __attribute__((packed)) epoll_event {\n", self.header)
        self.assertEqual(self.header.count("__attribute__((packed"), 2)  # and arm's statfs64

    def test_a_gap_is_filled_with_unnamed_bit_fields(self):
        self.assertIn("  int tai;\n  int : 32;\n", self.header)

    def test_alignment_the_uapi_asks_for(self):
        self.assertIn("struct alignas(32) rseq {\n", self.header)
        # __aligned_u64 matters only where a u64 is less aligned (i386).
        self.assertIn("  alignas(8) unsigned long long flags;\n", self.header)

    def test_tags_lose_their_leading_underscores(self):
        self.assertIn("// struct __kernel_timespec, <linux/time_types.h>\nstruct kernel_timespec {\n", self.header)


class StructsRefreshTest(unittest.TestCase):
    def test_checked_in_layouts_are_what_the_compilers_here_say(self):
        result = subprocess.run([sys.executable, str(REFRESH_STRUCTS), "--check"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


class LibcListTest(unittest.TestCase):
    def listed(self, target):
        result = run("list", target)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines, sorted(lines))
        return dict(line.split(" ") for line in lines)

    def test_darwin_lists_every_import_with_its_symbol(self):
        for arch in ("amd64", "arm64"):
            with self.subTest(arch=arch):
                listed = self.listed(f"darwin/{arch}")
                self.assertGreaterEqual(len(listed), 100)
                for name, symbol in GO_RUNTIME_IMPORTS.items():
                    self.assertEqual(listed.get(name), symbol, name)
                for name in ("sysctlbyname", "clock_gettime", "nanosleep", "pthread_self",
                             "pthread_kill", "sched_yield", "ulock_wait", "ulock_wake"):
                    self.assertIn(name, listed)
        self.assertEqual(self.listed("darwin/amd64")["fstat"], "fstat$INODE64")
        self.assertEqual(self.listed("darwin/arm64")["fstat"], "fstat")

    def test_glibc_errno_accessor(self):
        self.assertEqual(self.listed("glibc/amd64")["errno_location"], "__errno_location")

    def test_unknown_darwin_architecture(self):
        result = run("list", "darwin/riscv64")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(
            result.stderr,
            "generate.py: unknown target 'darwin/riscv64' (known: darwin/amd64, darwin/arm64)\n",
        )


class OutputTest(unittest.TestCase):
    def generate_into(self, out):
        result = run("generate", "--out", str(out))
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_generate_is_deterministic(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            self.generate_into(Path(a))
            self.generate_into(Path(b))
            files = sorted(p.relative_to(a) for p in Path(a).rglob("*") if p.is_file())
            self.assertIn(Path("linux_amd64/syscalls.S"), files)
            for rel in files:
                self.assertEqual((Path(a) / rel).read_bytes(), (Path(b) / rel).read_bytes(), rel)

    def test_every_file_names_its_command(self):
        with tempfile.TemporaryDirectory() as out:
            self.generate_into(Path(out))
            for path in Path(out).rglob("*"):
                if path.is_file():
                    first = path.read_text().split("\n")[0]
                    # Bazel's files and the shell's text comment with #, the C,
                    # C++ and assembly ones with //.
                    hash_comments = path.suffix in (".bzl", ".bazelrc", ".txt") or path.name == "BUILD.bazel"
                    marker = "#" if hash_comments else "//"
                    self.assertEqual(
                        first,
                        f"{marker} Code generated by `python3 codegen/generate.py generate`; DO NOT EDIT.",
                        path,
                    )

    def test_check_names_the_stale_file(self):
        copy = TableCopy()
        self.addCleanup(copy.cleanup)
        self.assertEqual(run("generate", root=copy.root).returncode, 0)
        self.assertEqual(run("check", root=copy.root).returncode, 0)
        copy.replace_line(AMD64, r"39\t", "39\tcommon\tgetpid\t\t\tsys_getpid_renamed")
        result = run("check", root=copy.root)
        self.assertEqual(result.returncode, 1)
        self.assertIn("generated/linux_amd64/syscalls.S: stale", result.stderr)
        self.assertIn("generated/linux/syscall_probes.inc: stale", result.stderr)

    def test_generate_leaves_an_up_to_date_tree_and_replaces_any_other(self):
        copy = TableCopy()
        self.addCleanup(copy.cleanup)
        generated = copy.root / "generated"
        self.assertEqual(run("generate", root=copy.root).returncode, 0)
        first = generated.stat().st_ino
        self.assertEqual(run("generate", root=copy.root).returncode, 0)
        self.assertEqual(generated.stat().st_ino, first, "an up-to-date generated/ was written again")
        (generated / "stray.txt").write_text("not made by the tables\n")
        self.assertEqual(run("generate", root=copy.root).returncode, 0)
        self.assertFalse((generated / "stray.txt").exists())
        self.assertNotEqual(generated.stat().st_ino, first)
        copy.replace_line(AMD64, r"39\t", "39\tcommon\tgetpid\t\t\tsys_getpid_renamed")
        self.assertEqual(run("generate", root=copy.root).returncode, 0)
        self.assertIn("sys_getpid_renamed", (generated / "linux_amd64/syscalls.S").read_text())

    def test_list_unknown_target(self):
        result = run("list", "linux/vax")
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown target 'linux/vax'", result.stderr)


def linux_abis():
    """ARCH -> tables/linux/ARCH.abi, read."""
    return {path.stem: abi_module.read_abi(TABLES.parent, path) for path in sorted((TABLES / "linux").glob("*.abi"))}


def compilers():
    """ARCH -> the C compiler whose <asm/unistd.h> is its uapi header: Debian's
    TRIPLE-gcc, the triple from tables/linux/ARCH.abi."""
    return {arch: abi.build.gnu_triple + "-gcc" for arch, abi in linux_abis().items()}


# Second names the uapi header gives a row of the kernel's table, which the
# numbers table lists once, under the kernel table's name.
# Names a uapi header defines as another's number (alpha's <asm/unistd.h>:
# getpid is getxpid, which returns the parent's id as well, umount is
# umount2), which the kernel's table does not list.
HEADER_ALIASES = {
    "arm": {"sync_file_range2": "arm_sync_file_range"},
    "alpha": {"getpid": "getxpid", "getuid": "getxuid", "getgid": "getxgid", "umount": "umount2", "osf_shmat": "shmat"},
}


def header_numbers(compiler):
    """NAME -> number for every __NR_ macro of the compiler's <asm/unistd.h>.

    asm-generic defines some numbers through others (__NR_fstat is
    __NR3264_fstat), so each name is expanded by the preprocessor and the
    resulting integer expression evaluated."""

    def preprocess(source, *flags):
        return subprocess.run(
            [compiler, "-E", *flags, "-x", "c", "-"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    names = re.findall(r"^#define __NR_(\w+) ", preprocess("#include <asm/unistd.h>\n", "-dM"), re.M)
    # Not calls: counts, and ARM's upper-case bases and masks (__NR_SYSCALL_BASE).
    names = [n for n in names if n not in ("syscalls", "arch_specific_syscall") and n.islower()]
    probe = "#include <asm/unistd.h>\n" + "".join(f"sysgate_nr {n} __NR_{n}\n" for n in names)
    numbers = {}
    for line in preprocess(probe, "-P").splitlines():
        if line.startswith("sysgate_nr "):
            _, name, expression = line.split(" ", 2)
            # x32's are (0x40000000 + n), __X32_SYSCALL_BIT expanded.
            if not re.fullmatch(r"[\dxa-fA-F\s()+]+", expression):
                raise AssertionError(f"__NR_{name} is not a number: {expression}")
            numbers[name] = eval(expression)  # numbers, spaces, parentheses and + only
    return numbers


class GeneratorCopy:
    """A scratch copy of codegen/ (without its __pycache__), to change a
    template or the folder it keeps compiled templates in; run on the real
    tables."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp()) / "codegen"
        shutil.copytree(GENERATE.parent, self.folder, ignore=shutil.ignore_patterns("__pycache__"))

    def run(self, *args):
        command = [sys.executable, str(self.folder / "generate.py"), "--root", str(TABLES.parent)]
        return subprocess.run(command + list(args), capture_output=True, text=True)

    def generate(self, out):
        return self.run("generate", "--out", str(out))

    def edit(self, rel, old, new):
        path = self.folder / "templates" / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1))

    def compiled(self):
        """The compiled templates kept in the copy's __pycache__."""
        return sorted(p for p in (self.folder / "__pycache__").glob("templates.*/*") if p.is_file())

    def cleanup(self):
        shutil.rmtree(self.folder.parent)


class TemplateCacheTest(unittest.TestCase):
    """Compiled templates are kept in codegen/__pycache__ and used only for
    the text they were compiled from; a folder that cannot be written, or a
    damaged entry, costs a compile, never the run."""

    def setUp(self):
        self.copy = GeneratorCopy()
        self.addCleanup(self.copy.cleanup)
        self.out = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.out)

    def generate(self):
        result = self.copy.generate(self.out)
        self.assertEqual((result.returncode, result.stderr), (0, ""))
        return (self.out / "linux/syscalls.h").read_text()

    def test_kept_and_used_only_for_the_same_text(self):
        expected = (unchanged_output() / "linux/syscalls.h").read_text()
        self.assertEqual(self.generate(), expected)
        self.assertNotEqual(self.copy.compiled(), [])
        self.assertEqual(self.generate(), expected)
        self.copy.edit("header.j2", "DO NOT EDIT.", "DO NOT EDIT (changed).")
        self.assertIn("DO NOT EDIT (changed).", self.generate())

    def test_a_folder_that_cannot_be_written(self):
        # A file where the folder would go: no folder can be made there.
        (self.copy.folder / "__pycache__").write_text("")
        self.assertEqual(self.generate(), (unchanged_output() / "linux/syscalls.h").read_text())

    def test_a_damaged_entry(self):
        self.generate()
        import jinja2.bccache

        for entry in self.copy.compiled():
            entry.write_bytes(jinja2.bccache.bc_magic + b"not a pickle")
        self.assertEqual(self.generate(), (unchanged_output() / "linux/syscalls.h").read_text())


class TemplateViewTest(unittest.TestCase):
    """A template reads of a row only what it is rendered once for: a
    shared file not a row's number (its architectures do not share it), a
    loop not what its view leaves out, a stub not what its shape does not
    say. Reading it stops the run rather than writing one architecture's
    value for all."""

    def setUp(self):
        self.copy = GeneratorCopy()
        self.addCleanup(self.copy.cleanup)
        self.out = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.out)

    def assertStops(self, rel, old, new, hint):
        self.copy.edit(rel, old, new)
        result = self.copy.generate(self.out)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(hint, result.stderr)

    def test_a_shared_file_reading_a_rows_number(self):
        self.assertStops(
            "linux/syscall_probes.inc.j2", "{\"{{ row.name }}\", ", "{\"{{ row.name }}\", {{ row.number }}, ",
            "number: a row's place in one architecture's table is not shared",
        )

    def test_a_loop_reading_what_its_view_leaves_out(self):
        # The declarations are told apart by signature, not by words.
        self.assertStops(
            "kernel/syscalls.h.j2", "// {{ origin(row) }}\n{% if row.noreturn %}",
            "// {{ origin(row) }} {{ row.words | length }}\n{% if row.noreturn %}",
            "words: the rows of signature_variants are told apart without it",
        )

    def test_a_stub_reading_what_its_shape_does_not_say(self):
        self.assertStops("linux/arch/arm64.S.j2", "\tsvc\t#0\n{% if row.noreturn %}", "\tsvc\t#0 // {{ row.name }}\n{% if row.noreturn %}",
                         "has no attribute 'name'")


class ListTest(unittest.TestCase):
    def test_root_before_or_after_the_subcommand(self):
        copy = TableCopy()
        self.addCleanup(copy.cleanup)
        copy.append(AMD64, "600\tcommon\tonly_in_the_copy\tsys_only_in_the_copy")
        for args in (["--root", str(copy.root), "list", "linux/amd64"], ["list", "linux/amd64", "--root", str(copy.root)]):
            with self.subTest(args=args):
                result = run(*args)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("only_in_the_copy 600", result.stdout.splitlines())

    def test_byte_order_twins_number_alike(self):
        # One kernel table whatever the byte order (or ELF ABI): arch/powerpc/
        # kernel/syscalls/syscall.tbl's common, 64 and nospu rows for ppc64
        # and ppc64le, arch/mips/kernel/syscalls/syscall_o32.tbl for mips and
        # mipsle, syscall_n64.tbl for mips64 and mips64le; two files, since
        # the numbers are one file per architecture.
        for big, little in (("ppc64", "ppc64le"), ("mips", "mipsle"), ("mips64", "mips64le")):
            with self.subTest(big):
                lists = {arch: list_output(f"linux/{arch}") for arch in (big, little)}
                for result in lists.values():
                    self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(lists[big].stdout, lists[little].stdout)
                self.assertGreater(len(lists[big].stdout.splitlines()), 300)

    def test_every_architecture_has_the_rows_shared_since_cachestat(self):
        # From cachestat (451, 6.5) on, every architecture gains each new
        # call at the same place, alpha 110 and the mips tables' own counts
        # later: the rows above the 6.1 headers, which no header here can
        # check, must be the same run of names everywhere. asm-generic's
        # (arm64's) is the reference.
        def listed(arch):
            result = list_output(f"linux/{arch}")
            self.assertEqual(result.returncode, 0, result.stderr)
            return {name: int(number) for name, number in (l.split() for l in result.stdout.splitlines())}

        generic = listed("arm64")
        shared = {name: n - generic["cachestat"] for name, n in generic.items() if n >= generic["cachestat"]}
        self.assertGreater(len(shared), 10)
        for arch in linux_abis():
            with self.subTest(arch=arch):
                numbers = listed(arch)
                base = numbers["cachestat"]
                differ = {name: numbers.get(name) for name, step in shared.items() if numbers.get(name) != base + step}
                self.assertEqual(differ, {}, f"rows shared since cachestat ({base}) missing or misnumbered")

    def test_every_architecture_has_a_compiler_here(self):
        stems = sorted(p.stem for p in (TABLES / "linux").glob("*.tbl"))
        self.assertEqual(sorted(compilers()), [t for t in stems if t not in tables.NOT_NUMBERS_TABLES])

    def test_list_matches_the_uapi_header(self):
        # `list` gives the numbers of the kernel's source table; the header's
        # __NR_ are the numbers the kernel takes, those plus the ABI's
        # number_offset (mips n64: 5000).
        offsets = {arch: abi.number_offset for arch, abi in linux_abis().items()}
        for arch, compiler in compilers().items():
            with self.subTest(arch=arch):
                self.assertIsNotNone(shutil.which(compiler), f"{compiler} (./bazelw installs it)")
                header = header_numbers(compiler)
                self.assertGreaterEqual(len(header), 300)
                result = list_output(f"linux/{arch}")
                self.assertEqual(result.returncode, 0, result.stderr)
                lines = result.stdout.splitlines()
                self.assertEqual(lines, sorted(lines))
                listed = {name: int(number) + offsets[arch] for name, number in (l.split() for l in lines)}
                for alias, name in HEADER_ALIASES.get(arch, {}).items():
                    listed[alias] = listed.get(name)
                differ = {n: (v, listed.get(n)) for n, v in header.items() if listed.get(n) != v}
                self.assertEqual(differ, {}, "header entries the table lacks or numbers differently")


if __name__ == "__main__":
    unittest.main()
