"""RDF → fact models: read the quads the builder emits back into one ``FactFile`` per source graph.

This is the inverse of :mod:`alumnigraph.build`, used to prove that the RDF exports lose nothing:
facts → build → TriG → parse → :func:`facts_from_dataset` gives the facts again (up to the
canonical form of :mod:`alumnigraph.canonical`, since RDF keeps sets, not lists).

Where the facts come from in each source graph ``G`` (named by its ``ag:Source`` IRI):

- the source: ``G``'s own triples (``ag:fileName``, ``ag:title``, dates, ``ag:note``, ``ag:url``,
  ``ag:outlet``, ``ag:author``, ``ag:editor``) and its direct ``ag:quote`` (their language tag is
  the article's language);
- entities: subjects typed ``ag:Person``/``ag:Company``/``ag:AlumniGroup``/``ag:Organization``/
  ``ag:Event``; their quotes are those of the ``rdf:Statement`` reifying the ``rdf:type`` triple;
- moves, employments, educations, figures, investments: their n-ary nodes;
- memberships, foundings and claims: the reified ``rdf:Statement`` of each triple, with its
  qualifiers (``ag:role``, ``ag:year``, ``ag:note``).

>>> from pathlib import Path
>>> from alumnigraph.exports import load_graph
>>> files = facts_from_dataset(load_graph(Path("graph")).dataset())
>>> sorted(f.source.file for f in files)[0]
'000_4f7deda417ad9362.txt'
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .ids import ID_BASE
from .models import CLAIM_VALUE_TYPES, FactFile
from .vocab import AG, WD

ENTITY_LIST = {
    AG.Person: "people",
    AG.Company: "organizations",
    AG.AlumniGroup: "organizations",
    AG.Organization: "organizations",
    AG.Event: "events",
}
FOUNDING_ROLES = {AG.founder: "founder", AG.organizer: "organizer"}


def facts_from_trig(text: str) -> list[FactFile]:
    """Parse a TriG document (as the exports write it) and read its facts back.

    >>> facts_from_trig("")
    []
    """
    ds = Dataset()
    ds.parse(data=text, format="trig")
    return facts_from_dataset(ds)


def facts_from_dataset(ds: Dataset) -> list[FactFile]:
    """One ``FactFile`` per named graph that describes an ``ag:Source``, sorted by article file name."""
    files = [_SourceGraph(g).facts() for g in ds.graphs() if (g.identifier, RDF.type, AG.Source) in g]
    return sorted(files, key=lambda f: f.source.file)


def entity_id(node: Node) -> str:
    """The curated id of an instance IRI.

    >>> from rdflib import URIRef
    >>> entity_id(URIRef("https://w3id.org/alumnigraph/id/company/tencent"))
    'company/tencent'
    """
    text = str(node)
    if not text.startswith(ID_BASE):
        raise ValueError(f"{text} is not an alumnigraph instance")
    return text.removeprefix(ID_BASE)


def python_value(term: Node) -> Any:
    """A literal's lexical form (``str``), or an instance IRI's id.

    >>> python_value(Literal("2014"))
    '2014'
    """
    return str(term) if isinstance(term, Literal) else entity_id(term)


def _quote_field(quotes: Iterable[Node]) -> str | list[str]:
    texts = sorted(str(q) for q in quotes)
    return texts[0] if len(texts) == 1 else texts


def _drop_none(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != []}


class _SourceGraph:
    """The facts of one named graph."""

    def __init__(self, g: Graph):
        self.g = g
        self.sid = g.identifier
        self.statements: dict[tuple[Node, Node, Node], Node] = {}
        for st in g.subjects(RDF.type, RDF.Statement):
            key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
            self.statements[key] = st  # type: ignore[index]

    # --- small readers ----------------------------------------------------------------------
    def one(self, s: Node, p: Node, convert=python_value) -> Any:  # type: ignore[no-untyped-def]
        value = self.g.value(s, p)
        return None if value is None else convert(value)

    def text_in(self, s: Node, p: Node, lang: str) -> list[str]:
        return sorted(str(o) for o in self.g.objects(s, p) if isinstance(o, Literal) and o.language == lang)

    def ids(self, s: Node, p: Node) -> list[str]:
        return sorted(entity_id(o) for o in self.g.objects(s, p))

    def year(self, s: Node, p: Node) -> int | None:
        return self.one(s, p, lambda t: int(str(t)))

    def quotes_of(self, node: Node) -> str | list[str]:
        return _quote_field(self.g.objects(node, AG.quote))

    def statement_of(self, s: Node, p: Node, o: Node) -> Node:
        return self.statements[(s, p, o)]

    # --- the file ---------------------------------------------------------------------------
    def facts(self) -> FactFile:
        data: dict[str, Any] = {"source": self.source()}
        for cls, list_name in ENTITY_LIST.items():
            data.setdefault(list_name, []).extend(self.entity(s) for s in sorted(self.g.subjects(RDF.type, cls)))
        for list_name, cls, read in (
            ("moves", AG.Move, self.move),
            ("employments", AG.Employment, self.employment),
            ("educations", AG.Education, self.education),
            ("figures", AG.Figure, self.figure),
            ("investments", AG.Investment, self.investment),
        ):
            data[list_name] = [read(n) for n in sorted(self.g.subjects(RDF.type, cls))]
        data["memberships"] = self.memberships()
        data["foundings"] = self.foundings()
        data["claims"] = self.claims()
        return FactFile.model_validate(data)

    def source(self) -> dict[str, Any]:
        s = self.sid
        quotes = sorted(self.g.objects(s, AG.quote))
        language = quotes[0].language if quotes else "zh"  # type: ignore[attr-defined]
        titles = self.text_in(s, AG.title, language)
        english = self.text_in(s, AG.title, "en") if language != "en" else titles[1:]
        return _drop_none(
            {
                "file": self.one(s, AG.fileName),
                "title": titles[0] if titles else None,
                "title_en": english[0] if english else None,
                "authors": self.ids(s, AG.author),
                "editors": self.ids(s, AG.editor),
                "outlet": self.one(s, AG.outlet),
                "date": self.one(s, AG.publicationDate),
                "date_not_before": self.one(s, AG.dateNotBefore),
                "date_not_after": self.one(s, AG.dateNotAfter),
                "date_note": self.one(s, AG.note),
                "url": self.one(s, AG.url),
                "language": language,
                "quotes": [str(q) for q in quotes],
            }
        )

    def entity(self, s: Node) -> dict[str, Any]:
        cls = next(c for c in self.g.objects(s, RDF.type) if c in ENTITY_LIST)
        names = {lang: self.text_in(s, RDFS.label, lang) for lang in ("zh", "en")}
        aliases = [o for o in self.g.objects(s, SKOS.altLabel) if isinstance(o, Literal)]
        record: dict[str, Any] = {
            "id": entity_id(s),
            "name": names["zh"][0],
            "name_en": names["en"][0],
            "aliases": sorted(str(a) for a in aliases if a.language != "en"),
            "aliases_en": sorted(str(a) for a in aliases if a.language == "en"),
            "description": self.one(s, RDFS.comment),
            "note": self.one(s, AG.note),
            "quote": self.quotes_of(self.statement_of(s, RDF.type, cls)),
        }
        if cls == AG.Event:
            record |= {
                "unnamed": record["name_en"].endswith("(unnamed)"),
                "date": self.one(s, AG.date),
                "location": self.one(s, AG.location),
                "participants": self.ids(s, AG.participant),
                "organizers": self.ids(s, AG.organizer),
            }
        else:
            record["unnamed"] = self.one(s, AG.isUnnamed, lambda t: t.toPython())
        if cls == AG.Person:
            record["pseudonym"] = self.one(s, AG.isPseudonym, lambda t: t.toPython())
        wikidata = [str(o).removeprefix(str(WD)) for o in self.g.objects(s, OWL.sameAs) if str(o).startswith(str(WD))]
        if wikidata:
            record["wikidata"] = wikidata[0]
        return _drop_none(record)

    # --- n-ary records ----------------------------------------------------------------------
    def nary(self, node: Node, fields: dict[str, tuple[Node, Any]]) -> dict[str, Any]:
        record = {name: self.one(node, p, convert) for name, (p, convert) in fields.items()}
        record["note"] = self.one(node, AG.note)
        record["quote"] = self.quotes_of(node)
        return _drop_none(record)

    def move(self, node: Node) -> dict[str, Any]:
        return self.nary(
            node,
            {
                "person": (AG.person, entity_id),
                "from": (AG.fromOrganization, entity_id),
                "to": (AG.toOrganization, entity_id),
                "year": (AG.year, _int),
                "date": (AG.date, str),
                "role": (AG.role, str),
                "from_role": (AG.fromRole, str),
                "reason": (AG.reason, str),
            },
        )

    def employment(self, node: Node) -> dict[str, Any]:
        return self.nary(
            node,
            {
                "person": (AG.person, entity_id),
                "organization": (AG.organization, entity_id),
                "start": (AG.startYear, _int),
                "end": (AG.endYear, _int),
                "role": (AG.role, str),
                "duration": (AG.duration, str),
            },
        )

    def education(self, node: Node) -> dict[str, Any]:
        return self.nary(
            node,
            {
                "person": (AG.person, entity_id),
                "institution": (AG.organization, entity_id),
                "start": (AG.startYear, _int),
                "end": (AG.endYear, _int),
                "degree": (AG.degree, str),
            },
        )

    def figure(self, node: Node) -> dict[str, Any]:
        record = self.nary(
            node,
            {
                "measure": (AG.measure, str),
                "value": (AG.value, _decimal),
                "unit": (AG.unit, str),
                "qualifier": (AG.qualifier, str),
                "year": (AG.year, _int),
                "date": (AG.date, str),
                "reported_by": (AG.reportedBy, entity_id),
            },
        )
        return record | {"subjects": self.ids(node, AG.figureOf)}

    def investment(self, node: Node) -> dict[str, Any]:
        return self.nary(
            node,
            {
                "investor": (AG.investor, entity_id),
                "investee": (AG.investee, entity_id),
                "amount": (AG.amount, _decimal),
                "currency": (AG.currency, str),
                "year": (AG.year, _int),
                "date": (AG.date, str),
            },
        )

    # --- reified statements -----------------------------------------------------------------
    def reified(self, predicates: Iterable[Node]) -> list[tuple[Node, Node, Node, Node]]:
        """``(s, p, o, statement)`` for every reified triple with one of ``predicates``, sorted."""
        wanted = set(predicates)
        return sorted((s, p, o, st) for (s, p, o), st in self.statements.items() if p in wanted)

    def qualified(self, st: Node, record: dict[str, Any]) -> list[dict[str, Any]]:
        """``record`` with the statement's quotes, once per note: records asserting the same triple in one
        source share one statement, so each of their notes comes back as a record of its own."""
        notes = sorted(str(n) for n in self.g.objects(st, AG.note)) or [None]
        quote = self.quotes_of(st)
        return [_drop_none(record | {"note": note, "quote": quote}) for note in notes]

    def memberships(self) -> list[dict[str, Any]]:
        out = []
        for s, _, o, st in self.reified([AG.memberOf]):
            roles = sorted(str(r) for r in self.g.objects(st, AG.role)) or [None]
            out += [
                q for r in roles for q in self.qualified(st, {"member": entity_id(s), "group": entity_id(o), "role": r})
            ]
        return out

    def foundings(self) -> list[dict[str, Any]]:
        """Founder/organizer statements of one organization with the same quotes make one founding."""
        grouped: dict[tuple[Node, str, str], dict[str, Any]] = {}
        for s, p, o, st in self.reified(FOUNDING_ROLES):
            if (s, RDF.type, AG.Event) in self.g:
                continue  # an event's organizers belong to the event
            for record in self.qualified(st, {"organization": entity_id(s), "role": FOUNDING_ROLES[p]}):
                key = (s, record["role"], repr(record["quote"]), record.get("note"))
                grouped.setdefault(key, record | {"founders": []})["founders"].append(entity_id(o))
        return list(grouped.values())

    def claims(self) -> list[dict[str, Any]]:
        """Every claim property's statements; ``ag:location`` of an event is the event's own field."""
        out = []
        for s, p, o, st in self.reified(AG[name] for name in CLAIM_VALUE_TYPES):
            prop = str(p).removeprefix(str(AG))
            if prop == "location" and (s, RDF.type, AG.Event) in self.g:
                continue
            years = sorted(int(str(y)) for y in self.g.objects(st, AG.year)) or [None]
            value = _claim_value(CLAIM_VALUE_TYPES[prop], o)
            out += [
                q
                for y in years
                for q in self.qualified(st, {"subject": entity_id(s), "property": prop, "value": value, "year": y})
            ]
        return out


def _int(term: Node) -> int:
    return int(str(term))


def _decimal(term: Node) -> Decimal:
    return Decimal(str(term))


def _claim_value(kind: str, term: Node) -> Any:
    """A claim's value as the fact files write it.

    >>> _claim_value("bool", Literal("false")), _claim_value("year", Literal("2010"))
    (False, 2010)
    """
    if kind == "ref":
        return entity_id(term)
    if kind in ("year", "int"):
        return int(str(term))
    if kind == "bool":
        return str(term) == "true"
    return str(term)
