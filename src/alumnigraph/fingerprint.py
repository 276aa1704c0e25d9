"""What an export was built from: the package version and a content hash of the facts and the ontology.

>>> from pathlib import Path
>>> from alumnigraph.load import load_dir
>>> digest = content_hash(load_dir(Path("graph")))
>>> len(digest), digest == content_hash(load_dir(Path("graph")))
(64, True)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .load import LoadedFile
from .models import FactFile

ONTOLOGY_FILES = ("alumnigraph.ttl", "shapes.ttl")


def content_hash(files: Sequence[LoadedFile] | Sequence[FactFile]) -> str:
    """SHA-256 over the fact files (name and bytes, in name order) and the ontology files.

    Fact files given as models (no file behind them) are hashed by their JSON form.
    """
    parts: dict[str, Callable[[], bytes]] = {}
    for f in files:
        if isinstance(f, LoadedFile):  # a JSON Lines file holds many fact files: hash it once
            parts[f"graph/{f.name}"] = f.path.read_bytes
        else:
            parts[f"graph/{f.source.file}"] = functools.partial(_json_bytes, f)
    return _digest(parts)


def paths_hash(paths: Sequence[Path]) -> str:
    """:func:`content_hash` of the fact files at ``paths``, read one at a time.

    >>> from alumnigraph.load import fact_files, load_dir
    >>> paths_hash(fact_files(Path("graph"))) == content_hash(load_dir(Path("graph")))
    True
    """
    return _digest({f"graph/{p.name}": p.read_bytes for p in paths})


def _json_bytes(facts: FactFile) -> bytes:
    return facts.model_dump_json(by_alias=True).encode("utf-8")


def _digest(parts: dict[str, Callable[[], bytes]]) -> str:
    from .shacl import resource_text

    digest = hashlib.sha256()
    named = sorted(parts.items()) + [
        (f"ontology/{name}", functools.partial(_encoded, resource_text, name)) for name in ONTOLOGY_FILES
    ]
    for name, read in named:
        data = read()
        digest.update(name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0" + data)
    return digest.hexdigest()


def _encoded(read: Callable[[str], str], name: str) -> bytes:
    return read(name).encode("utf-8")


PENDING_DIGEST = "0" * 64
"""A digest of the real one's length: for a file whose stamp is written first and rewritten once the hash is
known (the hash of a large fact set is computed while it is built)."""


def stamp_comment(digest: str, version: str | None = None) -> str:
    """:func:`stamp` as the comment line that opens the N-Triples export (and follows the Turtle/TriG header).

    >>> len(stamp_comment(PENDING_DIGEST)) == len(stamp_comment("ab" * 32))
    True
    """
    return f"# {stamp(version or current_version(), digest)}\n"


def stamp(version: str, digest: str) -> str:
    """The one line every export carries.

    >>> stamp("0.1.0", "ab" * 32)[:45]
    'alumnigraph 0.1.0, built from content sha256:'
    """
    return f"alumnigraph {version}, built from content sha256:{digest} (graph/ and ontology/)"


def current_version() -> str:
    """The installed package version."""
    return __version__
