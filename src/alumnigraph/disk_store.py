"""An on-disk store (pyoxigraph on RocksDB), loaded once from the exports and reused by later queries.

``alumnigraph query --store DIR`` and ``alumnigraph serve --store DIR`` use it: loading a large export into
memory on every run takes minutes and about 400 bytes of memory a triple (some 20 GiB at a million people),
while the on-disk store holds the same graph in files and keeps only what queries read in memory. It answers
exactly what the in-memory store of :func:`~alumnigraph.store.load_store` answers: the TriG export's source
graphs with their deduplicated union as the default graph, or the N-Triples export as the default graph.

The folder holds the store and ``alumnigraph-store.json``, which records the export it was loaded from (name,
size, modification time and build stamp). When the export changes, the next run loads it again. A store is
loaded into a temporary folder beside ``DIR`` and renamed into place when complete, so an interrupted load
leaves the previous store (or none), never half of one. A folder that is not such a store is never touched.

>>> import tempfile
>>> from alumnigraph.store import run_query
>>> where = Path(tempfile.mkdtemp()) / "store"
>>> store = open_disk_store(Path("exports"), where)
>>> bool(run_query(store, "ASK { group:nanji-quan ag:alumniGroupOf company:tencent }"))
True
>>> sorted(p.name for p in where.parent.iterdir())
['store']
"""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from .store import export_of, load_export

MARK_FILE = "alumnigraph-store.json"
"""The file in a store folder that says which export the store holds."""

UNION_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Fills the default graph with the union of the source graphs, each distinct triple once (as
:func:`~alumnigraph.store.load_store` does for the in-memory store)."""


LARGE_EXPORT_BYTES = 2 * 2**30
"""Exports larger than this get a hint to use ``--store`` when they are loaded into memory."""

MEMORY_PER_EXPORT_BYTE = 2.5
"""Memory an in-memory store takes per byte of N-Triples (measured: 1.8 GiB for a 0.7 GiB file)."""


def memory_hint(exports_dir: Path, threshold: int = LARGE_EXPORT_BYTES) -> str | None:
    """A hint to pass ``--store`` when the export of ``exports_dir`` is over ``threshold`` bytes; else ``None``.

    >>> memory_hint(Path("exports")) is None
    True
    >>> "--store DIR" in memory_hint(Path("exports"), threshold=0)
    True
    """
    export, _ = export_of(exports_dir)
    size = export.stat().st_size
    if size <= threshold:
        return None
    return (f"loading {export} ({size / 2**30:.1f} GiB) into memory takes about "
            f"{size * MEMORY_PER_EXPORT_BYTE / 2**30:.0f} GiB; with --store DIR it is loaded once, on disk, "
            "and reused")


def export_mark(export: Path) -> dict[str, object]:
    """What identifies the contents of ``export``: its name, size, modification time and build stamp (the
    first comment line that says what it was built from).

    >>> sorted(export_mark(Path("exports/alumnigraph.nt")))
    ['bytes', 'export', 'mtime_ns', 'stamp']
    """
    stat = export.stat()
    stamp = ""
    with export.open("rb") as handle:
        for _ in range(3):
            line = handle.readline().decode("utf-8", "replace").strip()
            if line.startswith("#") and "built from" in line:
                stamp = line
                break
    return {"export": export.name, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "stamp": stamp}


def read_mark(store_dir: Path) -> dict[str, object] | None:
    """The mark of the store in ``store_dir``; ``None`` when there is none (or it is unreadable)."""
    try:
        mark = json.loads((store_dir / MARK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return mark if isinstance(mark, dict) else None


def open_disk_store(
    exports_dir: Path, store_dir: Path, notify: Callable[[str], None] | None = None
) -> Store:
    """The on-disk store in ``store_dir`` holding the export of ``exports_dir``, read-only; loaded first when
    ``store_dir`` holds no store yet or a store of another export (``notify`` is told so).

    Raises :class:`FileNotFoundError` when there is no export, :class:`FileExistsError` when ``store_dir``
    is a folder with other contents, :class:`~alumnigraph.store.ExportError` when the export does not parse.
    """
    export, fmt = export_of(exports_dir)
    mark = export_mark(export)
    held = read_mark(store_dir)
    if held != mark:
        if held is None and store_dir.exists() and any(store_dir.iterdir()):
            raise FileExistsError(f"{store_dir} is not an alumnigraph store (it has no {MARK_FILE}); "
                                  "pass an empty or new folder as --store")
        if notify is not None:
            notify(f"loading {export} into the on-disk store {store_dir} (once: later runs reuse it)")
        _load_into(store_dir, export, fmt, mark)
    return Store.read_only(str(store_dir))


def _load_into(store_dir: Path, export: Path, fmt: RdfFormat, mark: dict[str, object]) -> None:
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=store_dir.parent, prefix=f".{store_dir.name}.loading-"))
    try:
        store = Store(str(fresh))
        load_export(store, export, fmt)
        if fmt == RdfFormat.TRIG:
            store.update(UNION_UPDATE)
        store.optimize()  # compacted: straight after a bulk load, lookups are many times slower
        del store
        gc.collect()  # closes the database (releases its lock) before the folder is renamed
        (fresh / MARK_FILE).write_text(json.dumps(mark, sort_keys=True), encoding="utf-8")
        _replace(store_dir, fresh)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _replace(store_dir: Path, fresh: Path) -> None:
    """Put ``fresh`` in place of ``store_dir`` (an older store, or nothing)."""
    if not store_dir.exists():
        fresh.rename(store_dir)
        return
    old = store_dir.with_name(f".{store_dir.name}.old-{fresh.name.rsplit('-', 1)[-1]}")
    store_dir.rename(old)
    fresh.rename(store_dir)
    shutil.rmtree(old, ignore_errors=True)
