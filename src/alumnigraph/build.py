"""Models → one networkx ``MultiDiGraph`` and one set of RDF quads, with the same ids.

Each source article is a named graph (its IRI is the ``ag:Source`` IRI). Every curated triple is also
reified as an ``rdf:Statement`` in that graph, carrying the ``ag:quote`` that supports it and
``prov:wasDerivedFrom`` the source, so the quote behind any triple is one SPARQL pattern away.
Move, Employment, Education, Investment and Figure records become nodes of their own (n-ary
relations) that carry ``ag:quote`` and ``prov:wasDerivedFrom`` directly.

>>> from pathlib import Path
>>> from alumnigraph.load import load_dir
>>> kg = build(load_dir(Path("graph")))
>>> kg.graph.nodes["id/company/tencent"]["label_en"]
'Tencent'
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from .fingerprint import content_hash, current_version, stamp
from .ids import derived_id, iri, node_id, source_id
from .load import LoadedFile
from .models import (
    CLAIM_VALUE_TYPES,
    Claim,
    Education,
    Employment,
    Entity,
    Event,
    FactFile,
    Figure,
    Founding,
    Investment,
    Membership,
    Move,
    Organization,
    Person,
    Quoted,
    SourceMeta,
)
from .rdfterms import bool_literal, date_literal, decimal_literal, int_literal, text_literal, year_literal
from .vocab import AG, PREFIXES, SCHEMA, WD

Quad = tuple[Node, Node, Node, URIRef]


class _Terms:
    """A namespace whose terms are made once: rdflib's ``Namespace`` builds and checks a new ``URIRef``
    on every attribute access, which dominates a large build.

    >>> from rdflib import Namespace
    >>> ns = _Terms(Namespace("urn:x#"))
    >>> ns.a is ns.a, Namespace("urn:x#").a is Namespace("urn:x#").a, ns["a"] == URIRef("urn:x#a")
    (True, False, True)
    """

    def __init__(self, namespace: object):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


AG, OWL, PROV, RDF, RDFS, SKOS, SCHEMA = (_Terms(ns) for ns in (AG, OWL, PROV, RDF, RDFS, SKOS, SCHEMA))
year_literal = functools.lru_cache(maxsize=1024)(year_literal)
bool_literal = functools.lru_cache(maxsize=2)(bool_literal)
text_literal = functools.lru_cache(maxsize=1 << 12)(text_literal)

ENTITY_CLASS = {
    "person": AG.Person,
    "company": AG.Company,
    "group": AG.AlumniGroup,
    "org": AG.Organization,
    "event": AG.Event,
}
NODE_TYPE = {"person": "Person", "company": "Company", "group": "AlumniGroup", "org": "Organization", "event": "Event"}
NOT_REIFIED = frozenset({PROV.wasDerivedFrom, AG.quote})


@functools.lru_cache(maxsize=1 << 16)
def uri(entity_id: str) -> URIRef:
    """The RDF resource of an id (cached: an id is met many times, and checking an IRI is slow).

    >>> uri("company/tencent")
    rdflib.term.URIRef('https://w3id.org/alumnigraph/id/company/tencent')
    """
    return URIRef(iri(entity_id))


def _minted(derived: str) -> URIRef:
    """The resource of an id the builder mints (a statement, a move, ...): met once, so not cached."""
    return URIRef(iri(derived))


def n3(term: Node) -> str:
    """``term.n3()``, faster for IRIs (built from checked ids, so not checked again).

    >>> n3(uri("company/tencent")), n3(Literal("x", lang="en"))
    ('<https://w3id.org/alumnigraph/id/company/tencent>', '"x"@en')
    """
    return f"<{term}>" if type(term) is URIRef else term.n3()


@dataclass
class KnowledgeGraph:
    """The built graph: networkx for analysis and drawing, quads for RDF."""

    graph: nx.MultiDiGraph
    quads: list[Quad]
    sources: list[str] = field(default_factory=list)

    def triples(self) -> list[tuple[Node, Node, Node]]:
        """The default graph: the union of all source graphs, deduplicated and sorted."""
        return sorted({(s, p, o) for s, p, o, _ in self.quads}, key=_triple_key)

    @property
    def stamp(self) -> str:
        """``alumnigraph <version>, built from content sha256:<hash> ...``: what the exports state."""
        return stamp(self.graph.graph["version"], self.graph.graph["content_hash"])

    def dataset(self) -> Dataset:
        """An rdflib ``Dataset`` with one named graph per source."""
        ds = Dataset()
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns)
        for s, p, o, g in self.quads:
            ds.add((s, p, o, g))
        return ds


def _triple_key(t: tuple[Node, ...]) -> tuple[str, ...]:
    return tuple(n3(term) for term in t)


PROVENANCE_MODES = ("statement", "record")
"""How quotes are attached: ``statement`` (the default) reifies every curated triple as an ``rdf:Statement``
with its quotes; ``record`` — a lighter mode for bulk data — asserts the triples of an entity or n-ary
record plainly and puts the record's quotes once on the record's own node (the entity, the ag:Move, ...);
triples that belong to no node of their own (memberships, foundings, claims) are still reified."""


class _SourceEmitter:
    """Collects the quads of one source graph, reifying each curated triple with its quotes."""

    def __init__(self, meta: SourceMeta, provenance: str = "statement"):
        self.sid = source_id(meta.file)
        self.graph_iri = uri(self.sid)
        self.lang = meta.language
        self.quads: set[Quad] = set()
        self.per_record = provenance == "record"
        self.holder: Node | None = None

    @contextlib.contextmanager
    def record(self, node: Node, quotes: Sequence[str]) -> Iterator[None]:
        """The facts stated inside belong to the record whose node is ``node``.

        In ``record`` provenance they are not reified one by one: ``node`` carries the quotes once.
        """
        if not self.per_record:
            yield
            return
        self.holder = node
        try:
            yield
        finally:
            self.holder = None
        self.quote(node, quotes)

    def raw(self, s: Node, p: Node, o: Node) -> None:
        self.quads.add((s, p, o, self.graph_iri))

    def quote(self, subject: Node, quotes: Sequence[str]) -> None:
        """``subject ag:quote ... ; prov:wasDerivedFrom <source>``."""
        for q in quotes:
            self.raw(subject, AG.quote, Literal(q, lang=self.lang))
        self.raw(subject, PROV.wasDerivedFrom, self.graph_iri)

    def fact(
        self, s: Node, p: Node, o: Node, quotes: Sequence[str], qualifiers: Sequence[tuple[Node, Node]] = ()
    ) -> None:
        """Assert ``s p o`` in this source's graph and reify it with its quotes and qualifiers."""
        self.raw(s, p, o)
        if p in NOT_REIFIED or self.holder is not None:
            return
        st = _minted(derived_id("statement", self.sid, n3(s), n3(p), n3(o)))
        self.raw(st, RDF.type, RDF.Statement)
        self.raw(st, RDF.subject, s)
        self.raw(st, RDF.predicate, p)
        self.raw(st, RDF.object, o)
        for qp, qo in qualifiers:
            self.raw(st, qp, qo)
        self.quote(st, quotes)

    def facts(self, s: Node, pairs: Iterable[tuple[Node, Node | None]], quotes: Sequence[str]) -> None:
        """Several facts about ``s``; pairs whose object is ``None`` are skipped."""
        for p, o in pairs:
            if o is not None:
                self.fact(s, p, o, quotes)


def source_title(meta: SourceMeta) -> str:
    """The title a source is shown by: its own, else ``untitled article <file>``.

    >>> source_title(SourceMeta(file="x.txt", date="2024", quotes=["q"]))
    'untitled article x.txt'
    """
    return meta.title or f"untitled article {meta.file}"


def _note_qualifier(record: Quoted) -> list[tuple[Node, Node]]:
    """The curator's note of a direct-triple record, as a qualifier on its rdf:Statement.

    >>> _note_qualifier(Membership(member="person/a", group="group/b", quote="q", note="n"))
    [(rdflib.term.URIRef('https://w3id.org/alumnigraph/ontology#note'), rdflib.term.Literal('n', lang='en'))]
    """
    return [(AG.note, Literal(record.note, lang="en"))] if record.note else []


def _opt(value: object, make) -> Node | None:  # type: ignore[no-untyped-def]
    return None if value is None else make(value)


def _label(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


class _Builder:
    def __init__(self, provenance: str = "statement") -> None:
        if provenance not in PROVENANCE_MODES:
            raise ValueError(f"provenance must be one of {', '.join(PROVENANCE_MODES)}, not {provenance!r}")
        self.provenance = provenance
        self.g = nx.MultiDiGraph()
        self.quads: set[Quad] = set()
        self.names: dict[str, str] = {}  # id → English name of its first declaration

    # --- entities -------------------------------------------------------------------------
    def entity(self, em: _SourceEmitter, e: Entity) -> None:
        s, q = uri(e.id), e.quotes
        self.node(e, em)
        with em.record(s, q):
            self._entity_facts(em, e, s, q)
        em.raw(s, PROV.wasDerivedFrom, em.graph_iri)

    def _entity_facts(self, em: _SourceEmitter, e: Entity, s: URIRef, q: Sequence[str]) -> None:
        em.fact(s, RDF.type, ENTITY_CLASS[e.kind], q)
        em.fact(s, RDFS.label, Literal(e.name, lang="zh"), q)
        em.fact(s, RDFS.label, Literal(e.name_en, lang="en"), q)
        for alias in e.aliases:  # as the Chinese article writes it, even when in Latin letters (OKX, MAS)
            em.fact(s, SKOS.altLabel, Literal(alias, lang="zh"), q)
        for alias in e.aliases_en:
            em.fact(s, SKOS.altLabel, Literal(alias, lang="en"), q)
        em.facts(
            s,
            [
                (RDFS.comment, _opt(e.description, lambda d: Literal(d, lang="en"))),
                (AG.note, _opt(e.note, lambda d: Literal(d, lang="en"))),
            ],
            q,
        )
        if not isinstance(e, Event):
            em.fact(s, AG.isUnnamed, bool_literal(e.unnamed), q)
        if isinstance(e, Person):
            em.fact(s, AG.isPseudonym, bool_literal(e.pseudonym), q)
        if isinstance(e, Organization) and e.wikidata:
            em.fact(s, OWL.sameAs, WD[e.wikidata], q)
            em.fact(s, SCHEMA.sameAs, WD[e.wikidata], q)
        if isinstance(e, Event):
            em.facts(s, [(AG.date, _opt(e.date, date_literal)), (AG.location, _opt(e.location, text_literal))], q)
            for p in e.participants:
                em.fact(s, AG.participant, uri(p), q)
                self.edge(e.id, p, "participant", em, e.quotes)
            for p in e.organizers:
                em.fact(s, AG.organizer, uri(p), q)
                self.edge(e.id, p, "organizer", em, e.quotes)

    def node(self, e: Entity, em: _SourceEmitter) -> None:
        n = node_id(e.id)
        if "type" not in self.g.nodes.get(n, {}):
            self.names[e.id] = e.name_en
            self.g.add_node(
                n,
                type=NODE_TYPE[e.kind],
                label_zh=e.name,
                label_en=e.name_en,
                aliases=[],
                pseudonym=isinstance(e, Person) and e.pseudonym,
                unnamed=e.unnamed,
                description=e.description or "",
                wikidata=getattr(e, "wikidata", None) or "",
                sources=[],
                quotes=[],
            )
        data = self.g.nodes[n]
        for alias in (*e.aliases, *e.aliases_en):
            if alias not in data["aliases"]:
                data["aliases"].append(alias)
        if not data["wikidata"] and getattr(e, "wikidata", None):
            data["wikidata"] = e.wikidata
        if em.sid not in data["sources"]:
            data["sources"].append(em.sid)
        data["quotes"].extend({"source": em.sid, "quote": q} for q in e.quotes)

    def edge(
        self,
        src: str,
        target: str,
        kind: str,
        em: _SourceEmitter,
        quotes: Sequence[str],
        *,
        key: str | None = None,
        **attrs: object,
    ) -> None:
        """A networkx edge ``src → target`` of ``kind`` with its provenance and attributes."""
        u, v = node_id(src), node_id(target)
        k = key or derived_id("edge", em.sid, kind, u, v, *quotes)
        self.g.add_edge(
            u,
            v,
            key=k,
            kind=kind,
            source=em.sid,
            quote=" … ".join(quotes),
            **{a: val for a, val in attrs.items() if val is not None},
        )

    # --- n-ary statements -----------------------------------------------------------------
    def nary(
        self,
        em: _SourceEmitter,
        kind: str,
        cls: URIRef,
        record: object,
        label: str,
        pairs: Iterable[tuple[Node, Node | None]],
    ) -> URIRef:
        node = _minted(derived_id(kind, em.sid, record.model_dump_json()))  # type: ignore[attr-defined]
        q = record.quotes  # type: ignore[attr-defined]
        with em.record(node, q):
            em.fact(node, RDF.type, cls, q)
            em.fact(node, RDFS.label, Literal(label, lang="en"), q)
            em.facts(node, pairs, q)
            em.facts(node, [(AG.note, _opt(getattr(record, "note", None), lambda d: Literal(d, lang="en")))], q)
        em.quote(node, q)
        return node

    def en(self, entity_id: str | None) -> str:
        return self.names.get(entity_id, "?") if entity_id is not None else "?"

    def move(self, em: _SourceEmitter, m: Move) -> None:
        year = m.year if m.year is not None else (int(m.date[:4]) if m.date else None)
        label = f"{self.en(m.person)}: {self.en(m.from_) if m.from_ else '?'} → {self.en(m.to) if m.to else '?'}"
        label += f", {year}" if year else ""
        node = self.nary(
            em,
            "move",
            AG.Move,
            m,
            label,
            [
                (AG.person, uri(m.person)),
                (AG.fromOrganization, _opt(m.from_, uri)),
                (AG.toOrganization, _opt(m.to, uri)),
                (AG.year, _opt(year, year_literal)),
                (AG.date, _opt(m.date, date_literal)),
                (AG.role, _opt(m.role, text_literal)),
                (AG.fromRole, _opt(m.from_role, text_literal)),
                (AG.reason, _opt(m.reason, text_literal)),
            ],
        )
        move_id = str(node).removeprefix(iri(""))
        for target, kind, role in ((m.from_, "left", m.from_role), (m.to, "joined", m.role)):
            if target is not None:
                self.edge(
                    m.person,
                    target,
                    kind,
                    em,
                    m.quotes,
                    key=f"{move_id}#{kind}",
                    move=node_id(move_id),
                    year=year,
                    role=role,
                    reason=m.reason,
                )

    def _span(
        self,
        em: _SourceEmitter,
        record: Employment | Education,
        org_id: str,
        cls: URIRef,
        direct: URIRef,
        label: str,
        extra: list[tuple[Node, Node | None]],
        **edge_attrs: object,
    ) -> None:
        """A person–organization record over years: an n-ary node, a direct triple and an edge."""
        pairs = [
            (AG.person, uri(record.person)),
            (AG.organization, uri(org_id)),
            (AG.startYear, _opt(record.start, year_literal)),
            (AG.endYear, _opt(record.end, year_literal)),
            *extra,
        ]
        node = self.nary(em, str(cls).rsplit("#", 1)[1].lower(), cls, record, label, pairs)
        with em.record(node, record.quotes):
            em.fact(uri(record.person), direct, uri(org_id), record.quotes)
        kind = str(direct).rsplit("#", 1)[1]
        self.edge(record.person, org_id, kind, em, record.quotes, start=record.start, end=record.end, **edge_attrs)

    def employment(self, em: _SourceEmitter, e: Employment) -> None:
        label = f"{self.en(e.person)} at {self.en(e.organization)}"
        extra = [(AG.role, _opt(e.role, text_literal)), (AG.duration, _opt(e.duration, text_literal))]
        self._span(em, e, e.organization, AG.Employment, AG.worksFor, label, extra, role=e.role)

    def education(self, em: _SourceEmitter, e: Education) -> None:
        label = f"{self.en(e.person)} studied at {self.en(e.institution)}"
        extra = [(AG.degree, _opt(e.degree, text_literal))]
        self._span(em, e, e.institution, AG.Education, AG.studiedAt, label, extra, degree=e.degree)

    def membership(self, em: _SourceEmitter, m: Membership) -> None:
        qualifiers = [(AG.role, text_literal(m.role))] if m.role else []
        qualifiers += _note_qualifier(m)
        em.fact(uri(m.member), AG.memberOf, uri(m.group), m.quotes, qualifiers)
        self.edge(m.member, m.group, "memberOf", em, m.quotes, role=m.role)

    def founding(self, em: _SourceEmitter, f: Founding) -> None:
        org = uri(f.organization)
        prop = AG.founder if f.role == "founder" else AG.organizer
        for person in f.founders:
            em.fact(org, prop, uri(person), f.quotes, _note_qualifier(f))
            self.edge(f.organization, person, f.role, em, f.quotes, year=f.year)
        if f.year is not None:
            em.fact(org, AG.foundingYear, year_literal(f.year), f.quotes, _note_qualifier(f))

    def claim(self, em: _SourceEmitter, c: Claim) -> None:
        kind = CLAIM_VALUE_TYPES[c.property]
        value: Node = {
            "ref": lambda v: uri(v),
            "year": year_literal,
            "int": int_literal,
            "bool": bool_literal,
            "text": text_literal,
            "date": date_literal,
        }[kind](c.value)
        qualifiers = [(AG.year, year_literal(c.year))] if c.year is not None else []
        em.fact(uri(c.subject), AG[c.property], value, c.quotes, [*qualifiers, *_note_qualifier(c)])
        if kind == "ref":
            self.edge(c.subject, c.value, c.property, em, c.quotes)
        else:
            data = self.g.nodes[node_id(c.subject)]
            data[c.property] = c.value if kind != "bool" else bool(c.value)

    def figure(self, em: _SourceEmitter, f: Figure) -> None:
        subjects = ", ".join(self.en(s) for s in f.subjects)
        label = f"{subjects}: {f.measure} {f.qualifier} {f.value} {f.unit}"
        node = self.nary(
            em,
            "figure",
            AG.Figure,
            f,
            label,
            [
                (AG.measure, Literal(f.measure, lang="en")),
                (AG.value, decimal_literal(f.value)),
                (AG.unit, Literal(f.unit)),
                (AG.qualifier, Literal(f.qualifier)),
                (AG.year, _opt(f.year, year_literal)),
                (AG.date, _opt(f.date, date_literal)),
                (AG.reportedBy, _opt(f.reported_by, uri)),
            ],
        )
        for s in f.subjects:
            em.fact(node, AG.figureOf, uri(s), f.quotes)

    def investment(self, em: _SourceEmitter, i: Investment) -> None:
        label = f"{self.en(i.investor)} → {self.en(i.investee)}"
        label += f" {i.amount} {i.currency}" if i.amount is not None else ""
        self.nary(
            em,
            "investment",
            AG.Investment,
            i,
            label,
            [
                (AG.investor, uri(i.investor)),
                (AG.investee, uri(i.investee)),
                (AG.amount, _opt(i.amount, decimal_literal)),
                (AG.currency, _opt(i.currency, Literal)),
                (AG.year, _opt(i.year, year_literal)),
                (AG.date, _opt(i.date, date_literal)),
            ],
        )
        self.edge(
            i.investor,
            i.investee,
            "invested",
            em,
            i.quotes,
            year=i.year,
            amount=None if i.amount is None else float(i.amount),
            currency=i.currency,
        )

    # --- sources --------------------------------------------------------------------------
    def source(self, em: _SourceEmitter, meta: SourceMeta) -> None:
        s, q = em.graph_iri, meta.quotes
        lang = meta.language
        em.fact(s, RDF.type, AG.Source, q)
        if meta.title:
            em.fact(s, RDFS.label, Literal(meta.title, lang=lang), q)
            em.fact(s, AG.title, Literal(meta.title, lang=lang), q)
        else:
            em.fact(s, RDFS.label, Literal(source_title(meta), lang="en"), q)
        if meta.title_en:
            em.fact(s, RDFS.label, Literal(meta.title_en, lang="en"), q)
            em.fact(s, AG.title, Literal(meta.title_en, lang="en"), q)
        em.facts(
            s,
            [
                (AG.fileName, Literal(meta.file)),
                (AG.publicationDate, _opt(meta.date, date_literal)),
                (AG.dateNotBefore, _opt(meta.date_not_before, date_literal)),
                (AG.dateNotAfter, _opt(meta.date_not_after, date_literal)),
                (AG.note, _opt(meta.date_note, lambda d: Literal(d, lang="en"))),
                (
                    AG.url,
                    _opt(meta.url, lambda u: Literal(u, datatype=URIRef("http://www.w3.org/2001/XMLSchema#anyURI"))),
                ),
                (AG.outlet, _opt(meta.outlet, uri)),
            ],
            q,
        )
        for person in meta.authors:
            em.fact(s, AG.author, uri(person), q)
        for person in meta.editors:
            em.fact(s, AG.editor, uri(person), q)
        for quote in q:
            em.raw(s, AG.quote, Literal(quote, lang=lang))

    def add_file(self, facts: FactFile) -> set[Quad]:
        """Add one source's nodes and edges to the graph; returns the quads of its named graph."""
        em = _SourceEmitter(facts.source, self.provenance)
        for e in facts.entities():
            self.names.setdefault(e.id, e.name_en)
        for e in facts.entities():
            self.entity(em, e)
        self.source(em, facts.source)
        for m in facts.moves:
            self.move(em, m)
        for handler, records in (
            (self.employment, facts.employments),
            (self.education, facts.educations),
            (self.membership, facts.memberships),
            (self.founding, facts.foundings),
            (self.claim, facts.claims),
            (self.figure, facts.figures),
            (self.investment, facts.investments),
        ):
            for record in records:
                handler(em, record)  # type: ignore[operator]
        return em.quads

    def knowledge_graph(
        self, files: Sequence[LoadedFile] | Sequence[FactFile], facts: list[FactFile]
    ) -> KnowledgeGraph:
        """The sorted networkx graph with its metadata, and the collected quads sorted."""
        quads = sorted(self.quads, key=_triple_key)
        g = nx.MultiDiGraph()
        g.add_nodes_from(sorted(self.g.nodes(data=True)))
        g.add_edges_from(sorted(self.g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
        g.graph["sources"] = [source_id(f.source.file) for f in facts]
        g.graph["version"] = current_version()
        g.graph["content_hash"] = content_hash(files)
        g.graph["source_titles"] = {source_id(f.source.file): source_title(f.source) for f in facts}
        return KnowledgeGraph(graph=g, quads=quads, sources=g.graph["sources"])


def _in_order(files: Sequence[LoadedFile] | Sequence[FactFile]) -> list[FactFile]:
    facts = [f.facts if isinstance(f, LoadedFile) else f for f in files]
    facts.sort(key=lambda f: f.source.file)
    return facts


def build(files: Sequence[LoadedFile] | Sequence[FactFile], provenance: str = "statement") -> KnowledgeGraph:
    """Build the networkx graph and the RDF quads from loaded fact files (in name order).

    ``provenance`` is one of :data:`PROVENANCE_MODES`; the default reifies every curated triple.
    """
    b = _Builder(provenance)
    facts = _in_order(files)
    for f in facts:
        b.quads |= b.add_file(f)
    return b.knowledge_graph(files, facts)


def build_streaming(
    files: Sequence[LoadedFile] | Sequence[FactFile],
    sink: Callable[[set[Quad]], None],
    provenance: str = "statement",
    progress: Callable[[int], None] | None = None,
    *,
    release: bool = False,
) -> KnowledgeGraph:
    """Like :func:`build`, but hand each source's quads to ``sink`` instead of keeping them all.

    For graphs too large to hold as rdflib terms: the returned graph has the same networkx graph and
    metadata as :func:`build` and no ``quads``; ``progress`` is called with the count of sources done.
    With ``release``, each loaded file keeps only its source's metadata once it is built (its records
    are dropped to free memory: a bulk build holds the graph, never all the models and the graph).

    >>> from pathlib import Path
    >>> from alumnigraph.load import load_dir
    >>> files = load_dir(Path("graph"))
    >>> seen = []
    >>> kg = build_streaming(files, seen.append)
    >>> sum(map(len, seen)) == len(build(files).quads), kg.quads
    (True, [])
    """
    b = _Builder(provenance)
    facts = _in_order(files)
    loaded = {id(f.facts): f for f in files if isinstance(f, LoadedFile)}
    for done, f in enumerate(facts, start=1):
        sink(b.add_file(f))
        if release:
            facts[done - 1] = FactFile(source=f.source)
            if id(f) in loaded:
                loaded[id(f)].facts = facts[done - 1]
        if progress is not None:
            progress(done)
    return b.knowledge_graph(files, facts)
