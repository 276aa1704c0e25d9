"""What an export was built from: the package version and a content hash of the facts and the ontology.

>>> from pathlib import Path
>>> from alumnigraph.load import load_dir
>>> digest = content_hash(load_dir(Path("graph")))
>>> len(digest), digest == content_hash(load_dir(Path("graph")))
(64, True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .load import LoadedFile
from .models import FactFile

ONTOLOGY_FILES = ("alumnigraph.ttl", "shapes.ttl")


def content_hash(files: Sequence[LoadedFile] | Sequence[FactFile]) -> str:
    """SHA-256 over the fact files (name and bytes, in name order) and the ontology files.

    Fact files given as models (no file behind them) are hashed by their JSON form.
    """
    from .shacl import resource_text

    parts: list[tuple[str, bytes]] = []
    hashed: set[Path] = set()
    for f in files:
        if isinstance(f, LoadedFile):
            if f.path not in hashed:  # a JSON Lines file holds many fact files: hash it once
                hashed.add(f.path)
                parts.append((f"graph/{f.name}", f.path.read_bytes()))
        else:
            parts.append((f"graph/{f.source.file}", f.model_dump_json(by_alias=True).encode("utf-8")))
    parts.sort()
    parts += [(f"ontology/{name}", resource_text(name).encode("utf-8")) for name in ONTOLOGY_FILES]
    digest = hashlib.sha256()
    for name, data in parts:
        digest.update(name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0" + data)
    return digest.hexdigest()


def stamp(version: str, digest: str) -> str:
    """The one line every export carries.

    >>> stamp("0.1.0", "ab" * 32)[:45]
    'alumnigraph 0.1.0, built from content sha256:'
    """
    return f"alumnigraph {version}, built from content sha256:{digest} (graph/ and ontology/)"


def current_version() -> str:
    """The installed package version."""
    return __version__
