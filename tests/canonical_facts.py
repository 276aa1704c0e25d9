"""The canonical form of fact files that RDF round-trips, and the builder's known losses.

RDF is a set of triples, so the round-trip facts → RDF → facts keeps what is said, not how it was
listed. The canonical form of one ``FactFile`` therefore is:

- every list becomes a set (entity aliases, founders, subjects, participants, authors, a record's
  quotes: order and repetition are not kept; ``quote: x`` equals ``quote: [x]``);
- entities and n-ary records (moves, employments, educations, figures, investments) are sets of
  records, each record a sorted tuple of its fields; decimals compare by value;
- memberships, foundings and claims are reified triples: a map from the triple
  ``(subject, property, value)`` to the union of the quotes and qualifiers (role, year, note) of
  every record stating it. A founding states one ``founder``/``organizer`` triple per founder and one
  ``foundingYear`` triple, the same triple a ``foundingYear`` claim states.

Everything else (every string, exactly; every flag, date, number and id) must survive unchanged,
apart from the builder's :data:`KNOWN_LOSSES`, each a normalization applied to the facts before
comparison. Each is a defect of :mod:`alumnigraph.build` to fix there; ``test_roundtrip`` proves each
is still real, so that a fixed one fails loudly and is removed from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from alumnigraph.models import FactFile

Frozen = Any
CanonicalFile = tuple[tuple[str, Frozen], ...]


def freeze(value: Any) -> Frozen:
    """A hashable, order-free form of a dumped model value.

    >>> freeze({"quote": "a", "aliases": ["y", "x", "y"]}) == freeze({"aliases": ["x", "y"], "quote": ["a"]})
    True
    """
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(_as_list(v) if k == "quote" else v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(freeze(v) for v in value)
    if isinstance(value, Decimal):
        return ("decimal", format(value.normalize(), "f"))
    if isinstance(value, bool):
        return ("bool", value)
    return value


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value)


def _statements(facts: FactFile) -> dict[tuple[Frozen, ...], tuple[frozenset, frozenset]]:
    """Memberships, foundings and claims as reified triples → (quotes, qualifiers)."""
    out: dict[tuple[Frozen, ...], tuple[set, set]] = {}

    def add(triple: tuple[Frozen, ...], quotes: list[str], qualifiers: dict[str, Any]) -> None:
        qs, quals = out.setdefault(triple, (set(), set()))
        qs.update(quotes)
        quals.update((k, freeze(v)) for k, v in qualifiers.items() if v is not None)

    for m in facts.memberships:
        add((m.member, "memberOf", m.group), m.quotes, {"role": m.role, "note": m.note})
    for f in facts.foundings:
        for person in f.founders:
            add((f.organization, f.role, person), f.quotes, {"note": f.note})
        if f.year is not None:
            add((f.organization, "foundingYear", f.year), f.quotes, {"note": f.note})
    for c in facts.claims:
        add((c.subject, c.property, freeze(c.value)), c.quotes, {"year": c.year, "note": c.note})
    return {k: (frozenset(q), frozenset(v)) for k, (q, v) in out.items()}


RECORD_LISTS = ("people", "organizations", "events", "moves", "employments", "educations", "figures", "investments")


def canonical(facts: FactFile, losses: Iterable[str] = ()) -> CanonicalFile:
    """The canonical form of one fact file, after the named :data:`KNOWN_LOSSES` normalizations."""
    for name in losses:
        facts = KNOWN_LOSSES[name](facts)
    parts: list[tuple[str, Frozen]] = [("source", freeze(facts.source.model_dump()))]
    for list_name in RECORD_LISTS:
        parts.append((list_name, frozenset(freeze(r.model_dump(by_alias=True)) for r in getattr(facts, list_name))))
    parts.append(("statements", tuple(sorted(_statements(facts).items(), key=repr))))
    return tuple(parts)


def differences(left: CanonicalFile, right: CanonicalFile) -> list[str]:
    """What differs between two canonical files, part by part (for readable assertion messages)."""
    out = []
    for (name, a), (_, b) in zip(left, right, strict=True):
        if a == b:
            continue
        if isinstance(a, frozenset):
            out.append(f"{name}: only before {sorted(map(repr, a - b))}; only after {sorted(map(repr, b - a))}")
        else:
            out.append(f"{name}: {a!r} != {b!r}")
    return out


# --- the builder's known losses ---------------------------------------------------------------
def _move_year_from_date(facts: FactFile) -> FactFile:
    """A move with a date and no year is emitted with ``ag:year`` taken from the date."""
    return facts.model_copy(update={"moves": [
        m.model_copy(update={"year": int(m.date[:4])}) if m.year is None and m.date else m for m in facts.moves
    ]})


def _english_titles_unordered(facts: FactFile) -> FactFile:
    """In an English article, ``title`` and ``title_en`` are both ``ag:title "..."@en``: which is which is lost."""
    meta = facts.source
    if meta.language != "en" or meta.title is None or meta.title_en is None:
        return facts
    titles = sorted({meta.title, meta.title_en})
    update = {"title": titles[0], "title_en": titles[1] if len(titles) > 1 else None}
    return facts.model_copy(update={"source": meta.model_copy(update=update)})


KNOWN_LOSSES: dict[str, Callable[[FactFile], FactFile]] = {
    "move-year-from-date": _move_year_from_date,
    "english-titles": _english_titles_unordered,
}
"""What RDF does not keep today, by name → the normalization that hides it in comparisons."""
