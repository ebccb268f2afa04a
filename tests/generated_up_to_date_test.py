# SPDX-License-Identifier: Apache-2.0
"""Fails when the checked-in generated/ is not what the tables make: run
`python3 codegen/generate.py generate` and commit the result."""

import subprocess
import sys

result = subprocess.run([sys.executable, "codegen/generate.py", "check"])
sys.exit(result.returncode)
