"""Identifiers: the ids curators write, the IRIs and networkx node ids minted from them.

A curated id is ``<kind>/<slug>``: the kind names what the entity is (``person``, ``company``,
``group`` for alumni groups, ``org`` for other organizations, ``event``, ``source``) and the slug
is lowercase ASCII words joined by ``-``. The same id is the networkx node ``id/<kind>/<slug>`` and
the RDF resource ``https://w3id.org/alumnigraph/id/<kind>/<slug>``.

>>> iri("company/tencent")
'https://w3id.org/alumnigraph/id/company/tencent'
>>> node_id("company/tencent")
'id/company/tencent'
>>> slugify("Tencent Holdings, Ltd.")
'tencent-holdings-ltd'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://w3id.org/alumnigraph/"
ID_BASE = BASE + "id/"

ENTITY_KINDS = ("person", "company", "group", "org", "event")
"""Kinds of curated entity, the first segment of their id."""

DERIVED_KINDS = ("source", "move", "employment", "education", "investment", "figure", "statement")
"""Kinds of resource the builder mints itself (never written by curators)."""

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""A slug: lowercase ASCII words joined by ``-``."""
ENTITY_ID = re.compile(rf"^(?P<kind>{'|'.join(ENTITY_KINDS)})/(?P<slug>{SLUG})\Z")


def is_entity_id(value: str) -> bool:
    """Whether ``value`` is a well-formed curated entity id.

    >>> is_entity_id("person/pan-guohua"), is_entity_id("Person/Pan Guohua")
    (True, False)
    """
    return ENTITY_ID.match(value) is not None


def kind_of(entity_id: str) -> str:
    """The kind segment of an id.

    >>> kind_of("group/nanji-quan")
    'group'
    """
    return entity_id.split("/", 1)[0]


def iri(entity_id: str) -> str:
    """The full IRI of a curated or derived id.

    >>> iri("person/pan-guohua")
    'https://w3id.org/alumnigraph/id/person/pan-guohua'
    """
    return ID_BASE + entity_id


def node_id(entity_id: str) -> str:
    """The networkx node id: the IRI relative to the project base.

    >>> node_id("group/nanji-quan")
    'id/group/nanji-quan'
    """
    return "id/" + entity_id


def source_id(file_name: str) -> str:
    """The id of the source article stored as ``file_name``.

    >>> source_id("003_0624c5519d2bf45e.txt")
    'source/003-0624c5519d2bf45e'
    """
    stem = file_name.rsplit(".", 1)[0]
    return "source/" + slugify(stem)


def slugify(name: str) -> str:
    """A slug for any Unicode name: stable, never empty, valid in an IRI path segment.

    ASCII letters and digits are kept (lowercased), runs of anything else become ``-``. A name
    with characters outside ASCII (Chinese, accents dropped by NFKD aside) gets a short hash of
    its normalised form appended, so that two different names never share a slug by accident.

    >>> slugify("南极圈")
    'x-555557e9'
    >>> slugify("3W咖啡")
    '3w-e4de7aca'
    >>> slugify("Zhou Shan")
    'zhou-shan'
    """
    normal = unicodedata.normalize("NFKC", name).strip()
    ascii_part = unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_part.lower())
    lossy = any(not (ch.isascii() or unicodedata.combining(ch)) for ch in unicodedata.normalize("NFKD", normal))
    base = "-".join(words)
    if lossy or not base:
        digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()[:8]
        base = f"{base or 'x'}-{digest}"
    return base


def derived_id(kind: str, *parts: object) -> str:
    """A stable id for a resource the builder mints, hashed from what identifies it (text, or its UTF-8 bytes).

    >>> derived_id("move", "source/003", 4) == derived_id("move", b"source/003", "4")
    True
    >>> derived_id("move", "source/003", 4)
    'move/1c69898eeca5'
    """
    data = b"\x1f".join(p if isinstance(p, bytes) else str(p).encode("utf-8") for p in parts)
    return f"{kind}/{hashlib.sha1(data).hexdigest()[:12]}"
