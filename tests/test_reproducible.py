"""Reproducible exports: the same bytes whatever the working directory and the hash seed.

``tests/test_exports.py`` compares the committed ``exports/`` with a fresh build file by file over
:data:`~alumnigraph.export.FORMATS`; the first test here makes sure that is every file of the folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alumnigraph.export import FORMATS
from tests.conftest import EXPORTS_DIR, GRAPH_DIR


def test_the_committed_exports_are_exactly_the_formats() -> None:
    on_disk = sorted(p.name for p in EXPORTS_DIR.iterdir())
    assert on_disk == sorted(FORMATS.values()), "exports/ holds a file no format writes, or lacks one"


def build_in(cwd: Path, seed: str) -> dict[str, bytes]:
    """Run ``alumnigraph build`` in ``cwd`` with ``PYTHONHASHSEED=seed``; the files it wrote."""
    cwd.mkdir(parents=True)
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-m", "alumnigraph", "build", "--facts", str(GRAPH_DIR), "--out", "out"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted((cwd / "out").iterdir())}


def test_builds_with_different_hash_seeds_and_directories_are_byte_identical(
    tmp_path: Path, built_exports: Path
) -> None:
    first = build_in(tmp_path / "one", "1")
    second = build_in(tmp_path / "two" / "deeper", "2")
    assert sorted(first) == sorted(FORMATS.values())
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], f"these exports depend on the hash seed or the directory: {differing}"
    in_process = {p.name: p.read_bytes() for p in built_exports.iterdir()}
    assert [name for name in first if first[name] != in_process[name]] == []
