# SPDX-License-Identifier: Apache-2.0
"""@com_google_absl from Debian's libabsl-dev, with upstream's packages and labels.

HOST (x86-64) ONLY: Debian ships Abseil's headers and x86-64 shared libraries
but no sources, so these targets cannot be cross-compiled. Bringing the real
upstream archive as @com_google_absl instead needs no BUILD file changes.
"""

_INCLUDE_DIR = "/usr/include/absl"
_PKGCONFIG_DIR = "/usr/lib/x86_64-linux-gnu/pkgconfig/"

# Upstream package -> target names. Each name is also the pkg-config module
# absl_<name>.pc, whose Requires closure lists the libraries the target needs.
_PACKAGES = {
    "absl/algorithm": ["algorithm"],
    "absl/base": ["base", "config", "core_headers"],
    "absl/cleanup": ["cleanup"],
    "absl/container": [
        "btree",
        "fixed_array",
        "flat_hash_map",
        "flat_hash_set",
        "inlined_vector",
        "node_hash_map",
        "node_hash_set",
    ],
    "absl/debugging": ["failure_signal_handler", "leak_check", "stacktrace", "symbolize"],
    "absl/functional": ["any_invocable", "bind_front", "function_ref"],
    "absl/hash": ["hash"],
    "absl/memory": ["memory"],
    "absl/meta": ["type_traits"],
    "absl/numeric": ["bits", "int128"],
    "absl/status": ["status", "statusor"],
    "absl/strings": ["cord", "str_format", "strings"],
    "absl/synchronization": ["synchronization"],
    "absl/time": ["time"],
    "absl/types": ["any", "compare", "optional", "span", "variant"],
    "absl/utility": ["utility"],
}

def _link_flags(rctx, name):
    """Returns the link flags of absl_<name>.pc and everything it Requires.

    Each module's Libs are kept whole and in order: absl_base's wrap -latomic
    in -Wl,--push-state,--as-needed ... -Wl,--pop-state.
    """
    libs = {}
    todo = ["absl_" + name]

    # Starlark has no while loop; the Requires graph has ~140 modules.
    for _ in range(10000):
        if not todo:
            break
        module = todo.pop()
        if module in libs:
            continue
        libs[module] = []
        for line in rctx.read(_PKGCONFIG_DIR + module + ".pc").splitlines():
            key, _, value = line.partition(":")
            if key == "Requires":
                todo.extend([req.split("=")[0].strip() for req in value.split(",") if req.strip()])
            elif key == "Libs":
                libs[module] = [flag for flag in value.split(" ") if flag and not flag.startswith("-L")]
    return [flag for module in sorted(libs) for flag in libs[module]]

def _system_abseil_impl(rctx):
    # A header-only tree with no BUILD files inside, so one glob sees every
    # header and the per-package BUILD files below cannot split it.
    rctx.symlink(_INCLUDE_DIR, "include/absl")
    # Debian's libraries are x86-64 builds: a cross build (--config=aarch64)
    # skips every target that needs them rather than failing to link.
    rctx.file("BUILD.bazel", """cc_library(
    name = "headers",
    hdrs = glob(["include/absl/**"]),
    includes = ["include"],
    target_compatible_with = ["@platforms//cpu:x86_64"],
    visibility = ["//:__subpackages__"],
)
""")
    for package, names in _PACKAGES.items():
        rctx.file(package + "/BUILD.bazel", "".join([
            """cc_library(
    name = "{name}",
    linkopts = {linkopts},
    target_compatible_with = ["@platforms//cpu:x86_64"],
    visibility = ["//visibility:public"],
    deps = ["//:headers"],
)
""".format(name = name, linkopts = repr(_link_flags(rctx, name)))
            for name in names
        ]))

system_abseil = repository_rule(
    implementation = _system_abseil_impl,
    # Re-read /usr on every Bazel server start, so a libabsl-dev upgrade is seen.
    local = True,
)
