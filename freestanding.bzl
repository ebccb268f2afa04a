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

# What a program without libc, libstdc++ or their start files is compiled
# with:
#   -ffreestanding         no assumptions about a hosted library (memcpy may
#                          still be emitted: the core defines the few it needs)
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
#                     link fails for want of main, as Scrt1.o asks for one)
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

def sysgate_freestanding_binary(name, copts = [], linkopts = [], deps = [], tags = [], features = [], additional_linker_inputs = [], **kwargs):
    """A cc_binary with no libc, started by sysgate's _start.

    Args:
      name: the binary.
      copts: added after the freestanding ones (e.g. -Os, -nostdinc).
      linkopts: added after the freestanding ones.
      deps: its libraries; //:process_entry is added (do not list it).
      tags: added to no_asan and no_tsan.
      features: added to -supports_start_end_lib.
      additional_linker_inputs: added to freestanding.ld.
      **kwargs: anything else cc_binary takes.
    """
    cc_binary(
        name = name,
        copts = FREESTANDING_COPTS + copts,
        linkopts = FREESTANDING_LINKOPTS + ["-Wl,-T,$(location %s)" % _LINKER_SCRIPT] + linkopts,
        additional_linker_inputs = [_LINKER_SCRIPT] + additional_linker_inputs,
        features = ["-supports_start_end_lib"] + features,
        tags = ["no_asan", "no_tsan"] + tags,
        deps = deps + [Label("//:process_entry")],
        **kwargs
    )
