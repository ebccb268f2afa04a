#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Runs a Python test with the system's python3. (Bazel 4's py_test starts
# through `/usr/bin/env python`, which Debian does not have.)
exec python3 "$@"
