"""Write files so that readers see the old file or the new one, never half of one.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> with staged([target]) as stage:
...     _ = stage[target].write_text("new", encoding="utf-8")
>>> target.read_text(encoding="utf-8")
'new'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def staged(paths: Sequence[Path]) -> Iterator[dict[Path, Path]]:
    """Give a temporary path beside each target; rename them all into place only on success.

    If the block raises (or is interrupted), every temporary file is removed and the targets are
    left exactly as they were.
    """
    temps = {p: _temp_for(p) for p in paths}
    for p in paths:
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        yield temps
        for p, t in temps.items():
            if not t.exists():
                raise FileNotFoundError(f"the exporter for {p.name} wrote nothing")
        for p, t in temps.items():
            os.replace(t, p)
    finally:
        for t in temps.values():
            with contextlib.suppress(FileNotFoundError):
                t.unlink()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` newlines) to ``path`` via a temporary file."""
    with staged([path]) as stage:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        stage[path].write_bytes(raw)
