# SPDX-License-Identifier: Apache-2.0
"""The Darwin core, built for Darwin as far as these machines can: every
Darwin source of the uniform API (src/BUILD.bazel's //:darwin branch) and
the LibcCall guard compile with clang for arm64 and x86-64 macOS 11, against
no SDK but the stand-in headers of tests/darwin_sdk (README.md there), and
link with the generated trampolines into one Mach-O library, with ld64.lld
leaving libSystem's symbols to be looked up at load time. Then:

  - it defines every function the uniform API's headers declare;
  - everything it leaves undefined is a libSystem import of
    tables/darwin/imports.tbl or one of the few runtime symbols every
    Mach-O C++ program takes from libSystem (RUNTIME below): no call escapes
    the tables, and none is left unresolved in sysgate itself;
  - the capabilities that are Darwin's own reach their imports (kqueue,
    __ulock_wait, mach_absolute_time, ...).

Nothing here runs: that needs a Mac.

    darwin_core_test.py IMPORTS_H TRAMPOLINES_S... -- SOURCES...
"""

import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

GENERATE = Path("codegen/generate.py").absolute()
TARGETS = {"amd64": "x86_64", "arm64": "arm64"}
HEADERS = ["thread.h", "time.h", "wait.h", "memory.h", "poller.h", "file.h", "signal.h"]

# What a Mach-O C++ library takes from libSystem besides the imports: C++
# exception unwinding through the wrappers (not noexcept: see
# libc_call_guard.h), the stack protector, 128-bit division (compiler-rt,
# MonotonicNanos's tick scaling), thread_local's lazy setup (the guard's
# record), and the lazy binder.
RUNTIME = {
    "__Unwind_Resume",
    "___gxx_personality_v0",
    "___stack_chk_fail",
    "___stack_chk_guard",
    "___udivti3",
    "__tlv_bootstrap",
    "dyld_stub_binder",
}

# Darwin's own ways, each of which must reach its libSystem function.
DARWIN_IMPORTS = [
    "kqueue",
    "kevent",
    "__ulock_wait",
    "__ulock_wake",
    "mach_absolute_time",
    "mach_timebase_info",
    "nanosleep",
    "sysctl",
    "pthread_self",
    "pthread_kill",
    "pthread_create",
    "pipe",
]

separator = sys.argv.index("--")
IMPORTS_H = Path(sys.argv[1])
TRAMPOLINES = [Path(a) for a in sys.argv[2:separator]]
SOURCES = [Path(a) for a in sys.argv[separator + 1 :]]
# -I roots: the folder holding sysgate/generated/..., and src/.
GENERATED_ROOT = Path(str(IMPORTS_H).removesuffix("sysgate/generated/darwin/imports.h"))
SDK = Path("tests/darwin_sdk")


def linker():
    """Debian's lld installs the Mach-O linker as ld64.lld-VERSION."""
    for name in ["ld64.lld", *(f"ld64.lld-{v}" for v in range(20, 12, -1))]:
        if shutil.which(name):
            return name
    return None


def api_functions():
    """(class or None, name) of every function the uniform API declares and
    leaves to a source file: declarations ending in `;`, not inline bodies."""
    declaration = r"(?:\[\[noreturn\]\] )?[A-Za-z][\w<>*: ]*? ([A-Z]\w*)\(.*\);$"
    functions = set()
    for header in HEADERS:
        text = Path("src/sysgate", header).read_text()
        for name in re.findall("^" + declaration, text, re.M):
            functions.add((None, name))
        for cls, body in re.findall(r"^class (\w+) \{(.*?)^\};", text, re.M | re.S):
            public = body.split(" private:")[0]
            for name in re.findall("^  " + declaration, public, re.M):
                functions.add((cls, name))
    return functions


def import_symbols(arch):
    out = subprocess.run(
        [sys.executable, str(GENERATE), "list", f"darwin/{arch}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {"_" + line.split()[1] for line in out.splitlines()}


def nm(path, *flags):
    return subprocess.run(
        ["llvm-nm", *flags, str(path)], capture_output=True, text=True, check=True
    ).stdout


class DarwinCoreTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.libraries = {}
        cls.build_errors = {}
        ld = linker()
        for arch, clang_arch in TARGETS.items():
            out = Path(cls.tmp.name, arch)
            out.mkdir()
            objects = []
            try:
                for source in (s for s in SOURCES if s.suffix == ".cc"):
                    obj = out / (str(source).replace("/", "_") + ".o")
                    compile_command = ["clang++", "-target", f"{clang_arch}-apple-macos11"]
                    compile_command += ["-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror"]
                    # No header but sysgate's and the stand-in SDK's.
                    compile_command += ["-ffreestanding", "-nostdinc", "-nostdinc++"]
                    compile_command += ["-isystem", str(SDK), "-I", "src", "-I", str(GENERATED_ROOT)]
                    subprocess.run(
                        [*compile_command, "-c", str(source), "-o", str(obj)],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    objects.append(obj)
                trampolines = next(t for t in TRAMPOLINES if f"darwin_{arch}/" in str(t))
                objects.append(out / "trampolines.o")
                subprocess.run(
                    ["clang", "-target", f"{clang_arch}-apple-macos11", "-c", str(trampolines)]
                    + ["-o", str(objects[-1])],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                library = out / "libsysgate_core.dylib"
                subprocess.run(
                    [ld, "-arch", clang_arch, "-platform_version", "macos", "11.0", "11.0"]
                    + ["-dylib", "-undefined", "dynamic_lookup", "-o", str(library)]
                    + [str(o) for o in objects],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                cls.libraries[arch] = library
            except subprocess.CalledProcessError as e:
                cls.build_errors[arch] = f"{' '.join(e.cmd)}\n{e.stderr}"

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_tools_are_installed(self):
        for tool in ("clang", "clang++", "llvm-nm"):
            self.assertIsNotNone(shutil.which(tool), f"{tool} (./bazelw installs clang and llvm)")
        self.assertIsNotNone(linker(), "ld64.lld (./bazelw installs lld)")

    def test_sources_are_given(self):
        names = {s.name for s in SOURCES}
        for required in ["poller_darwin.cc", "wait_darwin.cc", "time_darwin.cc", "errno_name.cc",
                         "libc_call_guard.cc"]:
            self.assertIn(required, names)

    def test_builds_and_links_for_each_architecture(self):
        for arch in TARGETS:
            with self.subTest(arch=arch):
                self.assertNotIn(arch, self.build_errors, self.build_errors.get(arch))
                self.assertIn("Mach-O", subprocess.run(
                    ["file", str(self.libraries[arch])], capture_output=True, text=True
                ).stdout)

    def test_defines_the_whole_uniform_api(self):
        wanted = api_functions()
        self.assertGreater(len(wanted), 30)
        for arch, library in self.libraries.items():
            defined = nm(library, "--defined-only", "--extern-only", "--demangle")
            names = set(re.findall(r"sysgate::(?:(\w+)::)?(\w+)\(", defined))
            found = {(cls or None, name) for cls, name in names}
            with self.subTest(arch=arch):
                self.assertEqual(sorted(wanted - found, key=str), [])

    def test_leaves_undefined_only_libsystem_imports(self):
        for arch, library in self.libraries.items():
            undefined = set(nm(library, "--undefined-only", "--just-symbol-name").split())
            allowed = import_symbols(arch) | RUNTIME
            with self.subTest(arch=arch):
                self.assertEqual(sorted(undefined - allowed), [])

    def test_darwin_capabilities_reach_their_imports(self):
        # The C++ objects name a trampoline per import they call; the
        # trampolines object alone would name every import.
        for arch in TARGETS:
            objects = [
                o for o in Path(self.tmp.name, arch).glob("*.o") if o.name != "trampolines.o"
            ]
            called = set()
            for obj in objects:
                called |= set(nm(obj, "--undefined-only", "--just-symbol-name").split())
            with self.subTest(arch=arch):
                for name in DARWIN_IMPORTS:
                    trampoline = "_sysgate_darwin_" + name.lstrip("_") + "_trampoline"
                    self.assertIn(trampoline, called, f"nothing calls {name}")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
