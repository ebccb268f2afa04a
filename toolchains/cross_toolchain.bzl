# SPDX-License-Identifier: Apache-2.0
"""A C++ cross toolchain made of Debian's gcc cross compilers (g++-TRIPLE).

Bazel 4.2.3 picks C++ toolchains the legacy way: --crosstool_top names a
cc_toolchain_suite and --cpu the key in it (see BUILD.bazel and .bazelrc).
"""

load("@bazel_tools//tools/cpp:unix_cc_toolchain_config.bzl", "cc_toolchain_config")
load("@rules_cc//cc:defs.bzl", "cc_toolchain")

def debian_cross_toolchain(name, cpu, triple, cpu_constraint):
    """Defines NAME (a cc_toolchain) and NAME_config for /usr/bin/TRIPLE-*.

    Also NAME_toolchain, the same cc_toolchain as a platform toolchain for
    --extra_toolchains: with --platforms naming a non-x86-64 platform, Bazel
    4.2.3's C++ rules still resolve @bazel_tools//tools/cpp:toolchain_type
    (though they then use the --crosstool_top one) and fail with "No matching
    toolchains found" unless one matches the target platform.

    Args:
      name: the cc_toolchain's name; the cc_toolchain_suite refers to it.
      cpu: Bazel's --cpu value, e.g. "aarch64".
      triple: the GNU triple of the Debian packages, e.g. "aarch64-linux-gnu".
      cpu_constraint: the target's @platforms//cpu constraint_value.
    """
    tool = "/usr/bin/%s-" % triple
    cc_toolchain_config(
        name = name + "_config",
        cpu = cpu,
        compiler = "gcc",
        toolchain_identifier = "debian_" + triple,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = triple,
        target_libc = "glibc",
        abi_version = "gcc",
        abi_libc_version = "glibc",
        tool_paths = {
            "gcc": tool + "gcc",
            "cpp": tool + "cpp",
            "ar": tool + "ar",
            "ld": tool + "ld",
            "nm": tool + "nm",
            "objcopy": tool + "objcopy",
            "objdump": tool + "objdump",
            "strip": tool + "strip",
            "gcov": tool + "gcov",
            # Split DWARF is never asked for, and riscv64's binutils has no dwp.
            "dwp": "/bin/false",
            "llvm-cov": "/bin/false",
        },
        # Headers the compiler finds by itself; any other header must be
        # declared by a target. Prefixes, so a gcc-cross upgrade (12 -> 13)
        # needs no edit. `TRIPLE-g++ -E -xc++ - -v </dev/null` searches
        #   /usr/TRIPLE/include/c++/12{,/TRIPLE,/backward}  (libstdc++-12-dev-*-cross)
        #   /usr/lib/gcc-cross/TRIPLE/12/include             (gcc-12-TRIPLE)
        #   /usr/TRIPLE/include                               (libc6-dev-*-cross, linux-libc-dev-*-cross)
        #   /usr/include                                      (the HOST's headers)
        # The last one is left out on purpose: a cross build that reaches a
        # host header (x86-64 glibc, asm/, absl/, ...) fails with "undeclared
        # inclusion(s)" instead of silently compiling against the wrong ABI.
        cxx_builtin_include_directories = [
            "/usr/%s/include" % triple,
            "/usr/lib/gcc-cross/%s" % triple,
        ],
        # As the host toolchain (@local_config_cc) has them, so a test means
        # the same thing natively and under qemu.
        compile_flags = [
            "-U_FORTIFY_SOURCE",
            "-fstack-protector",
            "-Wall",
            "-Wunused-but-set-parameter",
            "-Wno-free-nonheap-object",
            "-fno-omit-frame-pointer",
        ],
        dbg_compile_flags = ["-g"],
        opt_compile_flags = [
            "-g0",
            "-O2",
            "-D_FORTIFY_SOURCE=1",
            "-DNDEBUG",
            "-ffunction-sections",
            "-fdata-sections",
        ],
        unfiltered_compile_flags = [
            # Otherwise gcc resolves the symlinks of -isystem headers, and
            # @com_google_googletest's (a local repository of symlinks into
            # /usr/src/googletest) become "undeclared inclusions".
            "-fno-canonical-system-headers",
            "-Wno-builtin-macro-redefined",
            "-D__DATE__=\"redacted\"",
            "-D__TIMESTAMP__=\"redacted\"",
            "-D__TIME__=\"redacted\"",
        ],
        # Dynamic linking against the cross sysroot's glibc and libstdc++,
        # which the cross gcc finds itself (/usr/TRIPLE/lib). The programs ask
        # for /lib/ld-linux-*.so.1; qemu's `-L /usr/TRIPLE` (qemu_run.sh)
        # supplies it. i386 programs run without qemu and ask for
        # /lib/ld-linux.so.2: the host's multilib loader and libraries
        # (libc6-i386, lib32stdc++6: glibc 2.36 and libstdc++ 12, as in the
        # cross sysroot) serve them. No -fuse-ld=gold (riscv64 has none) and no -B/usr/bin
        # (that would hand gcc the host's ld).
        link_flags = [
            "-Wl,-no-as-needed",
            "-Wl,-z,relro,-z,now",
            "-pass-exit-codes",
        ],
        link_libs = [
            "-lstdc++",
            "-lm",
        ],
        opt_link_flags = ["-Wl,--gc-sections"],
        coverage_compile_flags = ["--coverage"],
        coverage_link_flags = ["--coverage"],
        supports_start_end_lib = False,  # needs gold
    )

    cc_toolchain(
        name = name,
        toolchain_identifier = "debian_" + triple,
        toolchain_config = ":%s_config" % name,
        # The tools and their files are installed on the machine (./bazelw),
        # not inputs of the build.
        all_files = ":empty",
        ar_files = ":empty",
        as_files = ":empty",
        compiler_files = ":empty",
        dwp_files = ":empty",
        linker_files = ":empty",
        objcopy_files = ":empty",
        strip_files = ":empty",
        supports_param_files = 1,
    )

    native.toolchain(
        name = name + "_toolchain",
        exec_compatible_with = [
            "@platforms//cpu:x86_64",
            "@platforms//os:linux",
        ],
        target_compatible_with = [
            cpu_constraint,
            "@platforms//os:linux",
        ],
        toolchain = ":" + name,
        toolchain_type = "@bazel_tools//tools/cpp:toolchain_type",
    )
