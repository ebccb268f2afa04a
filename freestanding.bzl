# SPDX-License-Identifier: Apache-2.0
"""A program with no C library: sysgate_freestanding_binary.

    load("@sysgate//:freestanding.bzl", "sysgate_freestanding_binary")

    sysgate_freestanding_binary(
        name = "cat",
        srcs = ["cat.cc"],  # defines sysgate_start_main (sysgate/process_entry.h)
        deps = ["@sysgate//:syscalls"],
    )

The program starts at sysgate's _start (//:process_entry, always a
dependency) and may use the raw layer and the core; nothing else links. No
sanitizer can run in it (their runtimes need libc), so it is tagged no_asan
and no_tsan.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")
load("//generated:targets.bzl", "LINUX_BUILDS")

# What a program without libc, libstdc++ or their start files is compiled
# with:
#   -ffreestanding         no assumptions about a hosted library (memcpy and
#                          memset may still be emitted: the core copies and
#                          clears structs field by field where GCC would)
#   -fno-stack-protector   the canary lives in libc's thread block, absent
#                          here (SetUpInitialThread makes one for the core)
#   -fno-exceptions, -fno-rtti   no libstdc++ to throw with or describe types
#   -fno-asynchronous-unwind-tables   nothing unwinds it; keeps .eh_frame out
#   -fno-ident             no compiler version string in .comment
FREESTANDING_COPTS = [
    "-ffreestanding",
    "-fno-stack-protector",
    "-fno-exceptions",
    "-fno-rtti",
    "-fno-asynchronous-unwind-tables",
    "-fno-ident",
]

# And linked with:
#   -nostdlib         no crt1.o/crti.o, no libc, no libgcc (without it the
#                     link fails for want of main, as Scrt1.o asks for one);
#                     libgcc comes back where the .abi says (_LIBGCC below)
#   -static           no dynamic loader to start it
#   -Wl,--gc-sections only the stubs and functions it calls (each stub has a
#                     section of its own)
#   -fuse-ld=bfd      GNU ld, whatever the toolchain's default: gold (the host
#                     toolchain's) kept an unreferenced stub that --gc-sections
#                     should drop, and cannot add to its default script with
#                     INSERT as freestanding.ld does; with it, the feature
#                     supports_start_end_lib is off (ld.bfd has no --start-lib)
#   -Wl,-T,freestanding.ld   drops .eh_frame, .eh_frame_hdr and .comment (the
#                     stubs' call frame information, which nothing unwinds
#                     here, and the version strings of objects compiled without
#                     -fno-ident); the file says why
#   -Wl,--build-id=none   no .note.gnu.build-id: nothing looks the program up
#                     by its build id
FREESTANDING_LINKOPTS = [
    "-nostdlib",
    "-static",
    # The entry is named, not left to the linker's default: mips's ld enters
    # at __start.
    "-Wl,-e,_start",
    "-Wl,--gc-sections",
    "-fuse-ld=bfd",
    "-Wl,--build-id=none",
]

_LINKER_SCRIPT = Label("//:freestanding.ld")

# Where the compiler's code calls libgcc's helpers, which need no libc (the
# .abi's helpers key: hppa's atomics and calls by function pointer), libgcc
# after everything else, as -nostdlib leaves it out.
_LIBGCC = dict(
    [(str(Label(b["cpu_constraint"])), ["-lgcc"]) for b in LINUX_BUILDS.values() if b["libgcc"]] +
    [("//conditions:default", [])],
)

# The toolchains end every link with -lstdc++ -lm, which a program without
# libc leaves unused, but a static link still opens: Debian's x32 libm.a is a
# linker script naming /usr/lib/x86_64-linux-gnux32/libm-2.36.a, where
# libc6-dev-x32-cross does not install it. An empty archive (toolchains/
# no_libm/libm.a), found first, stands in for every architecture's.
_NO_LIBM = Label("//toolchains:no_libm/libm.a")

def sysgate_freestanding_binary(name, copts = [], linkopts = [], deps = [], tags = [], features = [], additional_linker_inputs = [], **kwargs):
    """A cc_binary with no libc, started by sysgate's _start.

    Args:
      name: the binary.
      copts: added after the freestanding ones (e.g. -Os, -nostdinc).
      linkopts: added after the freestanding ones.
      deps: its libraries; //:process_entry is added (do not list it).
      tags: added to no_asan and no_tsan.
      features: added to -supports_start_end_lib.
      additional_linker_inputs: added to freestanding.ld and the empty libm.a.
      **kwargs: anything else cc_binary takes.
    """
    no_libm_dir = "/".join([p for p in (_NO_LIBM.workspace_root, _NO_LIBM.package, "no_libm") if p])
    cc_binary(
        name = name,
        copts = FREESTANDING_COPTS + copts,
        linkopts = FREESTANDING_LINKOPTS + ["-Wl,-T,$(location %s)" % _LINKER_SCRIPT, "-L" + no_libm_dir] + linkopts + select(_LIBGCC),
        additional_linker_inputs = [_LINKER_SCRIPT, _NO_LIBM] + additional_linker_inputs,
        features = ["-supports_start_end_lib"] + features,
        tags = ["no_asan", "no_tsan"] + tags,
        deps = deps + [Label("//:process_entry")],
        **kwargs
    )
