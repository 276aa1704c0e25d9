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

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, URIRef
from rdflib.term import Node

from . import vocab
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
from .rdfterms import (
    XSD,
    bool_literal,
    date_literal,
    decimal_literal,
    int_literal,
    iri_term,
    lang_literal,
    plain_literal,
    text_literal,
    to_rdflib,
    typed_literal,
    year_literal,
)

Term = bytes
"""An RDF term in N-Triples syntax, UTF-8 encoded (see :mod:`alumnigraph.rdfterms`)."""
Triple = tuple[Term, Term, Term]
Quad = tuple[Node, Node, Node, URIRef]
"""A quad of rdflib terms, as :attr:`KnowledgeGraph.quads` gives them."""


class _Terms:
    """The terms of a namespace, as N-Triples IRIs, each made once.

    >>> _Terms("urn:x#").a
    b'<urn:x#a>'
    """

    def __init__(self, base: object):
        self._base = str(base)

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = iri_term(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> Term:
        return getattr(self, name)


AG, OWL, PROV, RDF, RDFS, SKOS, SCHEMA, WD = (
    _Terms(ns)
    for ns in (vocab.AG, vocab.OWL, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SKOS, vocab.SCHEMA, vocab.WD)
)

ENTITY_CLASS = {
    "person": AG.Person,
    "company": AG.Company,
    "group": AG.AlumniGroup,
    "org": AG.Organization,
    "event": AG.Event,
}
NODE_TYPE = {"person": "Person", "company": "Company", "group": "AlumniGroup", "org": "Organization", "event": "Event"}
QUOTE, DERIVED_FROM = AG.quote, PROV.wasDerivedFrom
NOT_REIFIED = frozenset({DERIVED_FROM, QUOTE})
ANY_URI = XSD + "anyURI"


@functools.lru_cache(maxsize=1 << 16)
def uri(entity_id: str) -> Term:
    """The RDF resource of an id, as an N-Triples term (cached: an id is met many times).

    >>> uri("company/tencent")
    b'<https://w3id.org/alumnigraph/id/company/tencent>'
    """
    return iri_term(iri(entity_id))


def minted(derived: str) -> Term:
    """The resource of an id the builder mints (a statement, a move, ...): met once, so not cached.

    >>> minted("move/1c69898eeca5")
    b'<https://w3id.org/alumnigraph/id/move/1c69898eeca5>'
    """
    return iri_term(iri(derived))


def n3(term: Node) -> str:
    """``term.n3()`` of an rdflib term, faster for IRIs: the sort key of :attr:`KnowledgeGraph.quads`.

    >>> from rdflib import Literal
    >>> n3(URIRef("urn:x")), n3(Literal("x", lang="en"))
    ('<urn:x>', '"x"@en')
    """
    return f"<{term}>" if type(term) is URIRef else term.n3()


@dataclass
class KnowledgeGraph:
    """The built graph: networkx for analysis and drawing, and the triples of each source graph.

    ``blocks`` holds, per source in build order, its graph IRI and its triples as N-Triples terms;
    :attr:`quads` gives the same as rdflib quads.
    """

    graph: nx.MultiDiGraph
    blocks: list[tuple[Term, set[Triple]]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @functools.cached_property
    def quads(self) -> list[Quad]:
        """Every quad as rdflib terms, sorted (the graph is the source's named graph)."""
        quads = [
            (to_rdflib(s), to_rdflib(p), to_rdflib(o), to_rdflib(g))
            for g, triples in self.blocks
            for s, p, o in triples
        ]
        return sorted(quads, key=_triple_key)  # type: ignore[arg-type]

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
        for prefix, ns in vocab.PREFIXES.items():
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
    """Collects the triples of one source graph, reifying each curated triple with its quotes."""

    def __init__(self, meta: SourceMeta, provenance: str = "statement"):
        self.sid = source_id(meta.file)
        self.graph_iri = uri(self.sid)
        self.lang = meta.language
        self.triples: set[Triple] = set()
        self.per_record = provenance == "record"

    def raw(self, s: Term, p: Term, o: Term) -> None:
        self.triples.add((s, p, o))

    def quote(self, subject: Term, quotes: Sequence[str]) -> None:
        """``subject ag:quote ... ; prov:wasDerivedFrom <source>``."""
        add, lang = self.triples.add, self.lang
        for q in quotes:
            add((subject, QUOTE, lang_literal(q, lang)))
        add((subject, DERIVED_FROM, self.graph_iri))

    def fact(
        self,
        s: Term,
        p: Term,
        o: Term,
        quotes: Sequence[str],
        qualifiers: Sequence[tuple[Term, Term]] = (),
        *,
        held: bool = False,
    ) -> None:
        """Assert ``s p o`` in this source's graph and reify it with its quotes and qualifiers.

        A ``held`` fact belongs to a record whose own node carries its quotes: in ``record`` provenance it
        is not reified.
        """
        self.triples.add((s, p, o))
        if (held and self.per_record) or p in NOT_REIFIED:
            return
        st = minted(derived_id("statement", self.sid, s, p, o))
        add = self.triples.add
        add((st, RDF.type, RDF.Statement))
        add((st, RDF.subject, s))
        add((st, RDF.predicate, p))
        add((st, RDF.object, o))
        for qp, qo in qualifiers:
            add((st, qp, qo))
        self.quote(st, quotes)

    def facts(self, s: Term, pairs: Iterable[tuple[Term, Term | None]], quotes: Sequence[str]) -> None:
        """Several facts about ``s``; pairs whose object is ``None`` are skipped."""
        for p, o in pairs:
            if o is not None:
                self.fact(s, p, o, quotes)

    def record_facts(self, node: Term, pairs: Iterable[tuple[Term, Term | None]], quotes: Sequence[str]) -> None:
        """The facts of a record (an entity, a move, ...) about its own node; pairs whose object is ``None`` are
        skipped. Each is reified with the quotes, or — in ``record`` provenance — asserted plainly, and the node
        carries the quotes once."""
        if not self.per_record:
            self.facts(node, pairs, quotes)
            return
        self.triples.update([(node, p, o) for p, o in pairs if o is not None])
        self.quote(node, quotes)


def source_title(meta: SourceMeta) -> str:
    """The title a source is shown by: its own, else ``untitled article <file>``.

    >>> source_title(SourceMeta(file="x.txt", date="2024", quotes=["q"]))
    'untitled article x.txt'
    """
    return meta.title or f"untitled article {meta.file}"


def _note_qualifier(record: Quoted) -> list[tuple[Term, Term]]:
    """The curator's note of a direct-triple record, as a qualifier on its rdf:Statement.

    >>> _note_qualifier(Membership(member="person/a", group="group/b", quote="q", note="n"))
    [(b'<https://w3id.org/alumnigraph/ontology#note>', b'"n"@en')]
    """
    return [(AG.note, _en(record.note))] if record.note else []


def _opt(value: object, make) -> Term | None:  # type: ignore[no-untyped-def]
    return None if value is None else make(value)


def _en(text: str) -> Term:
    return lang_literal(text, "en")


def _zh(text: str) -> Term:
    return lang_literal(text, "zh")


def _label(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _entity_pairs(e: Entity) -> list[tuple[Term, Term | None]]:
    """The (property, object) pairs an entity's declaration states about it."""
    pairs: list[tuple[Term, Term | None]] = [
        (RDF.type, ENTITY_CLASS[e.kind]),
        (RDFS.label, _zh(e.name)),
        (RDFS.label, _en(e.name_en)),
        # aliases as the Chinese article writes them, even when in Latin letters (OKX, MAS)
        *((SKOS.altLabel, _zh(alias)) for alias in e.aliases),
        *((SKOS.altLabel, _en(alias)) for alias in e.aliases_en),
        (RDFS.comment, e.description and _en(e.description)),
        (AG.note, e.note and _en(e.note)),
    ]
    if isinstance(e, Event):
        pairs += [(AG.date, e.date and date_literal(e.date)), (AG.location, e.location and text_literal(e.location))]
        pairs += [(AG.participant, uri(p)) for p in e.participants]
        pairs += [(AG.organizer, uri(p)) for p in e.organizers]
        return pairs
    pairs.append((AG.isUnnamed, bool_literal(e.unnamed)))
    if isinstance(e, Person):
        pairs.append((AG.isPseudonym, bool_literal(e.pseudonym)))
    if isinstance(e, Organization) and e.wikidata:
        pairs += [(OWL.sameAs, WD[e.wikidata]), (SCHEMA.sameAs, WD[e.wikidata])]
    return pairs


class _Builder:
    def __init__(self, provenance: str = "statement", with_graph: bool = True) -> None:
        if provenance not in PROVENANCE_MODES:
            raise ValueError(f"provenance must be one of {', '.join(PROVENANCE_MODES)}, not {provenance!r}")
        self.provenance = provenance
        self.g = nx.MultiDiGraph()
        self.with_graph = with_graph  # without it, only the RDF is built (nodes and edges are skipped)
        self.names: dict[str, str] = {}  # id → English name of its first declaration

    # --- entities -------------------------------------------------------------------------
    def entity(self, em: _SourceEmitter, e: Entity) -> None:
        s = uri(e.id)
        em.record_facts(s, _entity_pairs(e), e.quotes)
        em.raw(s, DERIVED_FROM, em.graph_iri)
        if not self.with_graph:
            return
        self.node(e, em)
        if isinstance(e, Event):
            for kind, people in (("participant", e.participants), ("organizer", e.organizers)):
                for p in people:
                    self.edge(e.id, p, kind, em, e.quotes)

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
        if not self.with_graph:
            return
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
        cls: Term,
        record: object,
        label: str,
        pairs: Iterable[tuple[Term, Term | None]],
    ) -> str:
        """The n-ary node of ``record``; returns its id (``move/…``)."""
        node_ref = derived_id(kind, em.sid, record.model_dump_json())  # type: ignore[attr-defined]
        node = minted(node_ref)
        q = record.quotes  # type: ignore[attr-defined]
        note = getattr(record, "note", None)
        em.record_facts(node, [(RDF.type, cls), (RDFS.label, _en(label)), *pairs, (AG.note, note and _en(note))], q)
        if not em.per_record:
            em.quote(node, q)
        return node_ref

    def en(self, entity_id: str | None) -> str:
        return self.names.get(entity_id, "?") if entity_id is not None else "?"

    def move(self, em: _SourceEmitter, m: Move) -> None:
        year = m.year if m.year is not None else (int(m.date[:4]) if m.date else None)
        label = f"{self.en(m.person)}: {self.en(m.from_) if m.from_ else '?'} → {self.en(m.to) if m.to else '?'}"
        label += f", {year}" if year else ""
        move_id = self.nary(
            em,
            "move",
            AG.Move,
            m,
            label,
            [
                (AG.person, uri(m.person)),
                (AG.fromOrganization, m.from_ and uri(m.from_)),
                (AG.toOrganization, m.to and uri(m.to)),
                (AG.year, None if year is None else year_literal(year)),
                (AG.date, m.date and date_literal(m.date)),
                (AG.role, m.role and text_literal(m.role)),
                (AG.fromRole, m.from_role and text_literal(m.from_role)),
                (AG.reason, m.reason and text_literal(m.reason)),
            ],
        )
        if not self.with_graph:
            return
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
        kind: str,
        cls: str,
        direct: str,
        label: str,
        extra: list[tuple[Term, Term | None]],
        **edge_attrs: object,
    ) -> None:
        """A person–organization record over years: an n-ary node (``kind``, of class ``ag:<cls>``), a direct
        triple (``ag:<direct>``) and an edge of kind ``direct``."""
        pairs = [
            (AG.person, uri(record.person)),
            (AG.organization, uri(org_id)),
            (AG.startYear, None if record.start is None else year_literal(record.start)),
            (AG.endYear, None if record.end is None else year_literal(record.end)),
            *extra,
        ]
        self.nary(em, kind, AG[cls], record, label, pairs)
        em.fact(uri(record.person), AG[direct], uri(org_id), record.quotes, held=True)
        if self.with_graph:
            span = {"start": record.start, "end": record.end, **edge_attrs}
            self.edge(record.person, org_id, direct, em, record.quotes, **span)

    def employment(self, em: _SourceEmitter, e: Employment) -> None:
        label = f"{self.en(e.person)} at {self.en(e.organization)}"
        extra = [(AG.role, e.role and text_literal(e.role)), (AG.duration, e.duration and text_literal(e.duration))]
        self._span(em, e, e.organization, "employment", "Employment", "worksFor", label, extra, role=e.role)

    def education(self, em: _SourceEmitter, e: Education) -> None:
        label = f"{self.en(e.person)} studied at {self.en(e.institution)}"
        extra = [(AG.degree, e.degree and text_literal(e.degree))]
        self._span(em, e, e.institution, "education", "Education", "studiedAt", label, extra, degree=e.degree)

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
        value: Term = {
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
        elif self.with_graph:
            data = self.g.nodes[node_id(c.subject)]
            data[c.property] = c.value if kind != "bool" else bool(c.value)

    def figure(self, em: _SourceEmitter, f: Figure) -> None:
        subjects = ", ".join(self.en(s) for s in f.subjects)
        label = f"{subjects}: {f.measure} {f.qualifier} {f.value} {f.unit}"
        node = minted(self.nary(
            em,
            "figure",
            AG.Figure,
            f,
            label,
            [
                (AG.measure, _en(f.measure)),
                (AG.value, decimal_literal(f.value)),
                (AG.unit, plain_literal(f.unit)),
                (AG.qualifier, plain_literal(f.qualifier)),
                (AG.year, _opt(f.year, year_literal)),
                (AG.date, _opt(f.date, date_literal)),
                (AG.reportedBy, _opt(f.reported_by, uri)),
            ],
        ))
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
                (AG.currency, _opt(i.currency, plain_literal)),
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
            em.fact(s, RDFS.label, lang_literal(meta.title, lang), q)
            em.fact(s, AG.title, lang_literal(meta.title, lang), q)
        else:
            em.fact(s, RDFS.label, _en(source_title(meta)), q)
        if meta.title_en:
            em.fact(s, RDFS.label, _en(meta.title_en), q)
            em.fact(s, AG.title, _en(meta.title_en), q)
        em.facts(
            s,
            [
                (AG.fileName, plain_literal(meta.file)),
                (AG.publicationDate, _opt(meta.date, date_literal)),
                (AG.dateNotBefore, _opt(meta.date_not_before, date_literal)),
                (AG.dateNotAfter, _opt(meta.date_not_after, date_literal)),
                (AG.note, _opt(meta.date_note, _en)),
                (AG.url, _opt(meta.url, lambda u: typed_literal(u, ANY_URI))),
                (AG.outlet, _opt(meta.outlet, uri)),
            ],
            q,
        )
        for person in meta.authors:
            em.fact(s, AG.author, uri(person), q)
        for person in meta.editors:
            em.fact(s, AG.editor, uri(person), q)
        for quote in q:
            em.raw(s, AG.quote, lang_literal(quote, lang))

    def add_file(self, facts: FactFile) -> tuple[Term, set[Triple]]:
        """Add one source's nodes and edges to the graph; returns its graph IRI and its triples."""
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
        return em.graph_iri, em.triples

    def knowledge_graph(
        self,
        files: Sequence[LoadedFile] | Sequence[FactFile],
        facts: list[FactFile],
        blocks: list[tuple[Term, set[Triple]]],
    ) -> KnowledgeGraph:
        """The sorted networkx graph with its metadata, and the triples of each source."""
        g = nx.MultiDiGraph()
        g.add_nodes_from(sorted(self.g.nodes(data=True)))
        g.add_edges_from(sorted(self.g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
        g.graph.update(graph_metadata([f.source for f in facts], content_hash(files)))
        return KnowledgeGraph(graph=g, blocks=blocks, sources=g.graph["sources"])


def graph_metadata(sources: Sequence[SourceMeta], digest: str) -> dict[str, object]:
    """What the built graph says about itself: its sources (in build order), version and content hash.

    >>> graph_metadata([SourceMeta(file="x.txt", date="2024", quotes=["q"])], "ab")["source_titles"]
    {'source/x': 'untitled article x.txt'}
    """
    return {
        "sources": [source_id(m.file) for m in sources],
        "version": current_version(),
        "content_hash": digest,
        "source_titles": {source_id(m.file): source_title(m) for m in sources},
    }


def build_order(files: Sequence[LoadedFile] | Sequence[FactFile]) -> list[FactFile]:
    """The fact files in the order they are built and exported: by fact-file name, then by source file
    (a JSON Lines file holds many sources); fact files given as models are ordered by source file."""
    def key(f: LoadedFile | FactFile) -> tuple[str, str]:
        return (f.name, f.facts.source.file) if isinstance(f, LoadedFile) else ("", f.source.file)

    return [f.facts if isinstance(f, LoadedFile) else f for f in sorted(files, key=key)]


def source_graphs(facts: Iterable[FactFile], provenance: str = "statement") -> Iterator[tuple[Term, set[Triple]]]:
    """The graph IRI and triples of each source, in the order given, built without a networkx graph.

    >>> from pathlib import Path
    >>> from alumnigraph.load import load_dir
    >>> [g for g, _ in source_graphs(build_order(load_dir(Path("graph"))))][0]
    b'<https://w3id.org/alumnigraph/id/source/000-4f7deda417ad9362>'
    """
    builder = _Builder(provenance, with_graph=False)
    for f in facts:
        yield builder.add_file(f)


def build(files: Sequence[LoadedFile] | Sequence[FactFile], provenance: str = "statement") -> KnowledgeGraph:
    """Build the networkx graph and the RDF triples of each source from loaded fact files.

    ``provenance`` is one of :data:`PROVENANCE_MODES`; the default reifies every curated triple.
    Sources are built in :func:`build_order`.
    """
    blocks: list[tuple[Term, set[Triple]]] = []
    kg = build_streaming(files, lambda g, triples: blocks.append((g, triples)), provenance)
    kg.blocks = blocks
    return kg


def build_streaming(
    files: Sequence[LoadedFile] | Sequence[FactFile],
    sink: Callable[[Term, set[Triple]], None],
    provenance: str = "statement",
    progress: Callable[[int], None] | None = None,
    *,
    release: bool = False,
    with_graph: bool = True,
) -> KnowledgeGraph:
    """Like :func:`build`, but hand each source's graph IRI and triples to ``sink`` instead of keeping them.

    The returned graph has the same networkx graph (none, without ``with_graph``) and metadata as
    :func:`build` and no ``blocks``; ``progress`` is called with the count of sources done. With
    ``release``, each loaded file keeps only its source's metadata once it is built (its records are
    dropped to free memory: a bulk build holds the graph, never all the models and the graph).

    >>> from pathlib import Path
    >>> from alumnigraph.load import load_dir
    >>> files = load_dir(Path("graph"))
    >>> seen = []
    >>> kg = build_streaming(files, lambda g, triples: seen.append(triples))
    >>> sum(map(len, seen)) == len(build(files).quads), kg.quads
    (True, [])
    """
    b = _Builder(provenance, with_graph)
    facts = build_order(files)
    loaded = {id(f.facts): f for f in files if isinstance(f, LoadedFile)}
    for done, f in enumerate(facts, start=1):
        sink(*b.add_file(f))
        if release:
            facts[done - 1] = FactFile(source=f.source)
            if id(f) in loaded:
                loaded[id(f)].facts = facts[done - 1]
        if progress is not None:
            progress(done)
    return b.knowledge_graph(files, facts, [])
