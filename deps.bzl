# SPDX-License-Identifier: Apache-2.0
"""The external repositories sysgate builds with, for its WORKSPACE and its users'.

    load("@sysgate//:deps.bzl", "sysgate_dependencies")

    sysgate_dependencies()

Everything resolves offline, from Debian packages (which ./bazelw installs)
or from sysgate's own tree. A repository that is already defined when the
macro runs is left alone, so a workspace that brings its own (upstream
Abseil from an http_archive, say) declares it before the call.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "maybe")
load("//third_party/abseil:system_abseil.bzl", "system_abseil")

def _sysgate_tree_repository_impl(rctx):
    # A local_repository path is relative to the main workspace, which is the
    # user's when sysgate is an external repository; a label resolves inside
    # sysgate's repository wherever Bazel has put it.
    folder = rctx.path(rctx.attr.build_file).dirname
    for entry in folder.readdir():
        rctx.symlink(entry, entry.basename)

# A repository whose files are a folder of sysgate's tree (third_party/...).
_sysgate_tree_repository = repository_rule(
    implementation = _sysgate_tree_repository_impl,
    attrs = {
        "build_file": attr.label(
            doc = "The BUILD file at the top of the folder.",
            allow_single_file = True,
            mandatory = True,
        ),
    },
)

def sysgate_dependencies():
    """Defines every repository sysgate needs that is not defined yet."""
    maybe(
        native.local_repository,
        name = "rules_java",
        path = "/usr/share/bazel/rules/java",  # bazel-rules-java
    )

    maybe(
        native.local_repository,
        name = "platforms",
        path = "/usr/share/bazel/tools/platforms",  # bazel-platforms
    )

    # Debian's bazel-rules-cc is too new for Bazel 4.2.3: see its defs.bzl.
    maybe(
        _sysgate_tree_repository,
        name = "rules_cc",
        build_file = Label("//third_party/rules_cc:BUILD.bazel"),
    )

    # Needed by `bazel test` even without coverage.
    maybe(
        _sysgate_tree_repository,
        name = "remote_coverage_tools",
        build_file = Label("//third_party/remote_coverage_tools:BUILD.bazel"),
    )

    # Built from source (googletest), so it also works for cross-compiled tests.
    maybe(
        native.new_local_repository,
        name = "com_google_googletest",
        build_file = str(Label("//third_party/googletest:googletest.BUILD")),
        path = "/usr/src/googletest",
    )

    # Host only: prebuilt x86-64 libraries (libabsl-dev, libbenchmark-dev).
    maybe(
        system_abseil,
        name = "com_google_absl",
    )

    maybe(
        native.new_local_repository,
        name = "com_github_google_benchmark",
        build_file = str(Label("//third_party/benchmark:benchmark.BUILD")),
        path = "/usr/include/benchmark",
    )
