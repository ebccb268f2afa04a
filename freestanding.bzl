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
FREESTANDING_COPTS = [
    "-ffreestanding",
    "-fno-stack-protector",
    "-fno-exceptions",
    "-fno-rtti",
    "-fno-asynchronous-unwind-tables",
]

# And linked with:
#   -nostdlib         no crt1.o/crti.o, no libc, no libgcc (without it the
#                     link fails for want of main, as Scrt1.o asks for one)
#   -static           no dynamic loader to start it
#   -Wl,--gc-sections only the stubs and functions it calls (each stub has a
#                     section of its own)
FREESTANDING_LINKOPTS = [
    "-nostdlib",
    "-static",
    # The entry is named, not left to the linker's default: mips's ld enters
    # at __start.
    "-Wl,-e,_start",
    "-Wl,--gc-sections",
]

# The toolchains end every link with -lstdc++ -lm, which a program without
# libc leaves unused, but a static link still opens: Debian's x32 libm.a is a
# linker script naming /usr/lib/x86_64-linux-gnux32/libm-2.36.a, where
# libc6-dev-x32-cross does not install it. An empty archive (toolchains/
# no_libm/libm.a), found first, stands in for every architecture's.
_NO_LIBM = Label("//toolchains:no_libm/libm.a")

def sysgate_freestanding_binary(name, copts = [], linkopts = [], deps = [], tags = [], **kwargs):
    """A cc_binary with no libc, started by sysgate's _start.

    Args:
      name: the binary.
      copts: added after the freestanding ones (e.g. -Os, -nostdinc).
      linkopts: added after the freestanding ones.
      deps: its libraries; //:process_entry is added (do not list it).
      tags: added to no_asan and no_tsan.
      **kwargs: anything else cc_binary takes.
    """
    no_libm_dir = "/".join([p for p in (_NO_LIBM.workspace_root, _NO_LIBM.package, "no_libm") if p])
    cc_binary(
        name = name,
        copts = FREESTANDING_COPTS + copts,
        linkopts = FREESTANDING_LINKOPTS + ["-L" + no_libm_dir] + linkopts,
        additional_linker_inputs = [_NO_LIBM] + kwargs.pop("additional_linker_inputs", []),
        tags = ["no_asan", "no_tsan"] + tags,
        deps = deps + [Label("//:process_entry")],
        **kwargs
    )
