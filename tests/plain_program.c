// SPDX-License-Identifier: Apache-2.0
// A program of the C library's start files and nothing of sysgate's, for
// stack_not_executable_test: whether they alone ask for an executable stack.
int main(void) { return 0; }
