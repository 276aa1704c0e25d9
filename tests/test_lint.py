"""The code is ruff-clean (the configuration is in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_ruff_is_clean() -> None:
    folders = [name for name in ("src", "tests", "benchmarks") if (REPO / name).is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *folders],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
