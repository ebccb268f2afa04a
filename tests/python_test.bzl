# SPDX-License-Identifier: Apache-2.0
"""python_test: a test written in Python, run by the system's python3."""

def python_test(name, args = [], data = [], **kwargs):
    """A test that runs tests/NAME.py with python3 through python_test.sh.

    Bazel 4's py_test starts through `/usr/bin/env python`, which Debian does
    not have, so each is an sh_test of the wrapper.

    Tagged "host_only": the Python runs on the build machine whatever the
    target, so a cross configuration (which filters host_only out) would only
    run it again. Tagged "python": such a test only reads tables or drives
    tools for other targets, so no sanitizer has anything of ours to
    instrument in it, and .ci/run leaves it out of the sanitizer runs.

    Args:
      name: the test, and its script NAME.py beside this file.
      args: more arguments, after the script.
      data: what the script reads besides itself.
      **kwargs: size, timeout and the like, as sh_test takes them.
    """
    script = name + ".py"
    native.sh_test(
        name = name,
        srcs = ["//tests:python_test.sh"],
        args = ["$(location %s)" % script] + args,
        data = [script] + data,
        tags = [
            "host_only",
            "python",
        ],
        **kwargs
    )
