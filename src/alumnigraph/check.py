"""Checks across records and against the article texts: ids, references, dates, quotes.

The models check each record alone; this module checks what needs the whole fact set. Every
problem is a located :class:`~alumnigraph.load.FactError`.

>>> from pathlib import Path
>>> from alumnigraph.load import load_dir
>>> check_facts(load_dir(Path("graph")), sources_dir=Path("../shared/sources"))
[]
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .ids import kind_of, source_id
from .load import FactError, LoadedFile
from .models import CLAIM_VALUE_TYPES, ENTITY_LISTS, STATEMENT_LISTS, Entity, FactFile, Person

ORG_KINDS = frozenset({"company", "group", "org"})
PERSON = frozenset({"person"})
COMPANY = frozenset({"company"})
AGENT = ORG_KINDS | PERSON
ANY = AGENT | {"event"}

Loc = tuple[str | int, ...]

# (list name, field, allowed kinds) for every reference a record makes.
REFERENCE_FIELDS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "moves": (("person", PERSON), ("from", ORG_KINDS), ("to", ORG_KINDS)),
    "employments": (("person", PERSON), ("organization", ORG_KINDS)),
    "educations": (("person", PERSON), ("institution", ORG_KINDS)),
    "memberships": (("member", AGENT), ("group", ORG_KINDS)),
    "foundings": (("organization", ORG_KINDS), ("founders", PERSON)),
    "figures": (("subjects", ANY), ("reported_by", AGENT)),
    "investments": (("investor", AGENT), ("investee", ORG_KINDS)),
    "events": (("participants", AGENT), ("organizers", AGENT)),
}
SOURCE_REFERENCES = (("authors", PERSON), ("editors", PERSON), ("outlet", ORG_KINDS))


def _refs(record: object, field: str) -> Iterator[tuple[Loc, str]]:
    """The (relative location, id) pairs of one reference field, for single and list fields."""
    value = getattr(record, "from_" if field == "from" else field)
    if value is None:
        return
    if isinstance(value, str):
        yield (field,), value
    else:
        for i, item in enumerate(value):
            yield (field, i), item


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date else None


def article_year(facts: FactFile) -> int | None:
    """The latest year the article can be from: its date, else its upper bound."""
    meta = facts.source
    return _year_of(meta.date) or _year_of(meta.date_not_after)


def _check_file(lf: LoadedFile, text: str | None) -> Iterator[FactError]:
    facts = lf.facts
    declared: dict[str, Loc] = {}
    for list_name in ENTITY_LISTS:
        for i, entity in enumerate(getattr(facts, list_name)):
            loc: Loc = (list_name, i, "id")
            if entity.id in declared:
                first = lf.line_of(declared[entity.id])
                yield lf.error(loc, f"duplicate id {entity.id} (first declared at line {first})")
            declared.setdefault(entity.id, loc)

    def check_ref(loc: Loc, ref: str, kinds: frozenset[str]) -> Iterator[FactError]:
        if ref not in declared:
            yield lf.error(loc, f"unknown id {ref}: declare it in this file's people/organizations/events")
        elif kind_of(ref) not in kinds:
            yield lf.error(loc, f"{ref} is a {kind_of(ref)}; expected one of: {', '.join(sorted(kinds))}")

    for field, kinds in SOURCE_REFERENCES:
        for rel, ref in _refs(facts.source, field):
            yield from check_ref(("source", *rel), ref, kinds)
    for list_name, fields in REFERENCE_FIELDS.items():
        for i, record in enumerate(getattr(facts, list_name)):
            for field, kinds in fields:
                for rel, ref in _refs(record, field):
                    yield from check_ref((list_name, i, *rel), ref, kinds)
    for i, claim in enumerate(facts.claims):
        yield from check_ref(("claims", i, "subject"), claim.subject, ANY)
        if CLAIM_VALUE_TYPES[claim.property] == "ref":
            yield from check_ref(("claims", i, "value"), claim.value, COMPANY)
            if kind_of(claim.subject) != "group":
                yield lf.error(("claims", i, "subject"), "alumniGroupOf is said of an alumni group (group/...)")

    yield from _check_dates(lf)
    if text is not None:
        yield from _check_quotes(lf, text)


def _dated(facts: FactFile) -> Iterator[tuple[Loc, int]]:
    """Every year a record states, with its location."""
    for list_name in ("moves", "figures", "investments", "foundings", "claims"):
        for i, record in enumerate(getattr(facts, list_name)):
            if getattr(record, "year", None) is not None:
                yield (list_name, i, "year"), record.year
            date = getattr(record, "date", None)
            if date is not None:
                yield (list_name, i, "date"), _year_of(date) or 0
    for i, claim in enumerate(facts.claims):
        if CLAIM_VALUE_TYPES[claim.property] in ("year", "date"):
            yield ("claims", i, "value"), int(str(claim.value)[:4])
    for list_name in ("employments", "educations"):
        for i, record in enumerate(getattr(facts, list_name)):
            for field in ("start", "end"):
                if getattr(record, field) is not None:
                    yield (list_name, i, field), getattr(record, field)
    for i, event in enumerate(facts.events):
        if event.date:
            yield ("events", i, "date"), _year_of(event.date) or 0


def _check_dates(lf: LoadedFile) -> Iterator[FactError]:
    facts = lf.facts
    meta = facts.source
    if meta.date_not_before and meta.date_not_after and meta.date_not_after < meta.date_not_before:
        yield lf.error(("source", "date_not_after"), "date_not_after is before date_not_before")
    limit = article_year(facts)
    if limit is not None:
        for loc, year in _dated(facts):
            if year > limit:
                yield lf.error(loc, f"{year} is after the article's date ({limit})")
    # A move that leaves an organization before the same person joined it.
    by_person: dict[str, list[tuple[int, object]]] = {}
    for i, move in enumerate(facts.moves):
        by_person.setdefault(move.person, []).append((i, move))
    for moves in by_person.values():
        for i, earlier in moves:
            for j, later in moves:
                if (
                    earlier.to is not None
                    and later.from_ == earlier.to
                    and earlier.year is not None
                    and later.year is not None
                    and later.year < earlier.year
                ):
                    yield lf.error(
                        ("moves", j, "year"),
                        f"{later.person} leaves {later.from_} in {later.year}, before joining it in "
                        f"{earlier.year} (moves[{i}])",
                    )


def _check_quotes(lf: LoadedFile, text: str) -> Iterator[FactError]:
    facts = lf.facts
    for k, quote in enumerate(facts.source.quotes):
        if quote not in text:
            yield lf.error(("source", "quotes", k), f"quote not found verbatim in {facts.source.file}: {quote!r}")
    for list_name in (*ENTITY_LISTS, *STATEMENT_LISTS):
        for i, record in enumerate(getattr(facts, list_name)):
            pieces = record.quotes
            for k, quote in enumerate(pieces):
                if quote not in text:
                    loc = (list_name, i, "quote", k) if len(pieces) > 1 else (list_name, i, "quote")
                    yield lf.error(loc, f"quote not found verbatim in {facts.source.file}: {quote!r}")
            if isinstance(record, Entity) and not record.unnamed:
                names = [record.name, *record.aliases]
                if not any(name in text for name in names):
                    yield lf.error((list_name, i, "name"), f"neither {record.name!r} nor an alias is in the article")
            if isinstance(record, Person) and record.pseudonym and "化名" not in text:
                yield lf.error((list_name, i, "pseudonym"), "pseudonym: true, but the article says no 化名")


_MERGED_FIELDS = ("name", "name_en", "unnamed")

Signature = tuple[bool, str, str, bool, str | None]


def entity_signature(entity: Entity) -> Signature:
    """What files declaring the same entity must agree on: (pseudonym, name, name_en, unnamed, wikidata).

    >>> entity_signature(Person(id="person/a", name="甲", name_en="A", quote="q"))
    (False, '甲', 'A', False, None)
    """
    pseudonym = isinstance(entity, Person) and entity.pseudonym
    return (pseudonym, entity.name, entity.name_en, entity.unnamed, getattr(entity, "wikidata", None))


def signatures_disagree(first: Signature, other: Signature) -> bool:
    """Whether a second declaration with ``other`` is an error, given the first one's: a pseudonym is never
    merged, the merged fields must be equal, and two Wikidata ids must be the same one.

    >>> signatures_disagree((False, "甲", "A", False, "Q1"), (False, "甲", "A", False, None))
    False
    """
    if first[0] or other[0]:
        return True
    return first[1:4] != other[1:4] or (first[4] is not None and other[4] is not None and first[4] != other[4])


class AcrossFiles:
    """Whether fact files met one at a time pass the checks across files, from compact summaries.

    It says only *whether* :func:`check_facts` would find a problem across files; the located errors
    come from :func:`check_facts` itself.

    >>> across = AcrossFiles()
    >>> across.add("a.txt", [("person/a", (False, "甲", "A", False, None))])
    >>> across.add("b.txt", [("person/a", (False, "甲", "B", False, None))])
    >>> across.clean
    False
    """

    def __init__(self) -> None:
        self.sources: set[str] = set()
        self.first: dict[str, Signature] = {}
        self.clean = True

    def add(self, source_file: str, entities: Iterable[tuple[str, Signature]]) -> None:
        """One fact file: its article's file name and the (id, signature) of every entity it declares."""
        sid = source_id(source_file)
        if sid in self.sources:
            self.clean = False
        self.sources.add(sid)
        first = self.first
        for entity_id, signature in entities:
            seen = first.setdefault(entity_id, signature)
            if seen is not signature and signatures_disagree(seen, signature):
                self.clean = False


def _check_across(files: Sequence[LoadedFile]) -> Iterator[FactError]:
    """One entity, one node: files that declare the same id must agree on what it is."""
    seen_source: dict[str, LoadedFile] = {}
    for lf in files:
        sid = source_id(lf.facts.source.file)
        if sid in seen_source:
            other, file = seen_source[sid], lf.facts.source.file
            if other.facts.source.file == file:
                yield lf.error(("source", "file"), f"{file} is already curated in {other.name}")
            else:
                yield lf.error(
                    ("source", "file"),
                    f"{file} and {other.facts.source.file} (in {other.name}) both become the id {sid}: "
                    "rename one article",
                )
        seen_source.setdefault(sid, lf)
    first: dict[str, tuple[LoadedFile, Loc, Entity]] = {}
    for lf in files:
        for list_name in ENTITY_LISTS:
            for i, entity in enumerate(getattr(lf.facts, list_name)):
                loc: Loc = (list_name, i)
                if entity.id not in first:
                    first[entity.id] = (lf, loc, entity)
                    continue
                olf, oloc, other = first[entity.id]
                if not signatures_disagree(entity_signature(other), entity_signature(entity)):
                    continue
                where = f"{olf.name}:{olf.line_of((*oloc, 'id'))}"
                if isinstance(entity, Person) and (entity.pseudonym or getattr(other, "pseudonym", False)):
                    yield lf.error(
                        (*loc, "id"),
                        f"{entity.id} is a pseudonym and is also declared in {where}: "
                        "a pseudonym is never merged with anyone",
                    )
                    continue
                for field in _MERGED_FIELDS:
                    if getattr(entity, field) != getattr(other, field):
                        yield lf.error(
                            (*loc, field),
                            f"{entity.id}: {field} {getattr(entity, field)!r} differs from "
                            f"{getattr(other, field)!r} in {where}",
                        )
                wd, owd = getattr(entity, "wikidata", None), getattr(other, "wikidata", None)
                if wd and owd and wd != owd:
                    yield lf.error((*loc, "wikidata"), f"{entity.id}: wikidata {wd} differs from {owd} in {where}")


def read_wikidata_reference(path: Path) -> dict[str, str]:
    """The reference table of known Wikidata ids: id → name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["wikidata_id"]: row["name"] for row in csv.DictReader(handle, delimiter="\t")}


def _check_wikidata(files: Sequence[LoadedFile], known: dict[str, str]) -> Iterator[FactError]:
    for lf in files:
        for i, org in enumerate(lf.facts.organizations):
            if org.wikidata and org.wikidata not in known:
                yield lf.error(("organizations", i, "wikidata"), f"{org.wikidata} is not in the reference list")


def check_file(lf: LoadedFile, sources_dir: Path | None = None) -> list[FactError]:
    """The problems of one fact file on its own (its quotes too, when ``sources_dir`` exists)."""
    errors: list[FactError] = []
    text = None
    if sources_dir is not None and sources_dir.is_dir():
        article = sources_dir / lf.facts.source.file
        if not article.is_file():
            errors.append(lf.error(("source", "file"), f"no article {lf.facts.source.file} in {sources_dir}"))
        else:
            text = article.read_text(encoding="utf-8")
    errors.extend(_check_file(lf, text))
    return errors


def check_facts(
    files: Sequence[LoadedFile], sources_dir: Path | None = None, wikidata_reference: Path | None = None
) -> list[FactError]:
    """Every problem across ``files``; quotes are checked when ``sources_dir`` exists.

    Returns a sorted list; empty when all is well.
    """
    errors = [error for lf in files for error in check_file(lf, sources_dir)]
    errors.extend(_check_across(files))
    if wikidata_reference is not None and wikidata_reference.is_file():
        errors.extend(_check_wikidata(files, read_wikidata_reference(wikidata_reference)))
    return sorted(set(errors))


@dataclass(frozen=True)
class Coverage:
    """What one source contributes."""

    source: str
    persons: int
    organizations: int
    groups: int
    moves: int
    facts: int
    quotes: int


def coverage(files: Sequence[LoadedFile]) -> list[Coverage]:
    """A coverage row per source file.

    >>> from alumnigraph.load import load_dir
    >>> [c.source for c in coverage(load_dir(Path("graph")))][3]
    '003_0624c5519d2bf45e.txt'
    """
    rows = []
    for lf in files:
        f = lf.facts
        records = [*f.entities(), *(r for name in STATEMENT_LISTS for r in getattr(f, name))]
        quotes = {q for r in records for q in r.quotes} | set(f.source.quotes)
        rows.append(
            Coverage(
                source=f.source.file,
                persons=len(f.people),
                organizations=sum(1 for o in f.organizations if o.kind != "group"),
                groups=sum(1 for o in f.organizations if o.kind == "group"),
                moves=len(f.moves),
                facts=sum(len(getattr(f, name)) for name in STATEMENT_LISTS),
                quotes=len(quotes),
            )
        )
    return rows
