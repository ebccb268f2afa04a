# SPDX-License-Identifier: Apache-2.0
"""cc_test and cc_binary for sysgate's tests: a discarded Result fails the build."""

load("@rules_cc//cc:defs.bzl", _cc_binary = "cc_binary", _cc_test = "cc_test")

# sysgate::Result is [[nodiscard]]: a test that drops one has dropped an
# error it should check, or should say why it need not.
TEST_COPTS = ["-Werror=unused-result"]

def cc_test(copts = [], **kwargs):
    _cc_test(copts = TEST_COPTS + copts, **kwargs)

def cc_binary(copts = [], **kwargs):
    _cc_binary(copts = TEST_COPTS + copts, **kwargs)
