"""Generate ``docs/ontology.md`` from the ontology and the SHACL shapes.

Every class and property is listed with its labels (en, zh), comments, domain, range and
alignments; every node shape with its targets and constraints; then how to find the quote behind
any statement and how to load the exports into a triple store. The output depends only on the two
Turtle files, so generating twice gives the same bytes.

>>> text = ontology_markdown()
>>> "### ag:Person" in text and "## Provenance: the quote behind any statement" in text
True
>>> import tempfile
>>> write_ontology_docs(Path(tempfile.mkdtemp()) / "ontology.md").read_text(encoding="utf-8") == text
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .export.atomic import write_atomic
from .shacl import SH, SHAPES_NS, ontology_graph, shapes_graph
from .vocab import AG, PREFIXES

ONTOLOGY_IRI = URIRef("https://w3id.org/alumnigraph/ontology")
SECTIONS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
)
EXAMPLE_SUBJECT = "https://w3id.org/alumnigraph/id/group/nanji-quan"
EXAMPLE_OBJECT = "https://w3id.org/alumnigraph/id/company/tencent"
_SPARQL_PREFIXES = (
    "PREFIX ag: <https://w3id.org/alumnigraph/ontology#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
)

QUOTE_OF_STATEMENT = _SPARQL_PREFIXES + f"""
SELECT DISTINCT ?quote ?file WHERE {{
  ?statement a rdf:Statement ;
      rdf:subject <{EXAMPLE_SUBJECT}> ;
      rdf:predicate ag:alumniGroupOf ;
      rdf:object <{EXAMPLE_OBJECT}> ;
      ag:quote ?quote ;
      prov:wasDerivedFrom ?source .
  ?source ag:fileName ?file .
}}
ORDER BY ?file ?quote
"""
"""The quotes (and article files) behind one triple, through its ``rdf:Statement``.

Runs on the union default graph: the Turtle export, or the TriG export in a store whose default
graph is the union of the named graphs.
"""

SOURCES_OF_TRIPLE = _SPARQL_PREFIXES + f"""
SELECT ?source ?file WHERE {{
  GRAPH ?source {{
    <{EXAMPLE_SUBJECT}> ag:alumniGroupOf <{EXAMPLE_OBJECT}> .
    ?source ag:fileName ?file .
  }}
}}
ORDER BY ?file
"""
"""The source graphs that assert one triple (no reification needed, any store)."""

QUOTES_OF_MOVES = _SPARQL_PREFIXES + """
SELECT ?person ?from ?to ?year ?quote ?file WHERE {
  GRAPH ?source {
    ?move a ag:Move ;
        ag:person ?person ;
        ag:quote ?quote .
    OPTIONAL { ?move ag:fromOrganization ?from }
    OPTIONAL { ?move ag:toOrganization ?to }
    OPTIONAL { ?move ag:year ?year }
    ?source ag:fileName ?file .
  }
}
ORDER BY ?file ?person ?quote
"""
"""Every move with its quote and article: n-ary records carry ``ag:quote`` themselves."""

PROVENANCE_QUERIES = {
    "quote_of_statement": QUOTE_OF_STATEMENT,
    "sources_of_triple": SOURCES_OF_TRIPLE,
    "quotes_of_moves": QUOTES_OF_MOVES,
}
"""The SPARQL queries shown in the provenance section (tests run each on the real graph)."""


def _names() -> Graph:
    names = Graph()
    for prefix, ns in (*PREFIXES.items(), ("ags", SHAPES_NS), ("sh", str(SH)),
                       ("vann", "http://purl.org/vocab/vann/")):
        names.bind(prefix, ns, replace=True)
    return names


_NAMES = _names()


def _md(text: str) -> str:
    """Text safe for Markdown: ``<`` would open an HTML tag.

    >>> _md("id/<kind>/<slug>")
    'id/\\\\<kind>/\\\\<slug>'
    """
    return text.replace("<", "\\<")


def _code(node: Node, g: Graph) -> str:
    """A term as inline code (``ag:Person``), a union as ``A ∪ B``, a literal as its text."""
    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return " ∪ ".join(_code(m, g) for m in Collection(g, members))
        return "(anonymous)"
    if isinstance(node, Literal):
        return f'"{node}"'
    return f"`{node.n3(_NAMES.namespace_manager)}`"


def _codes(nodes: Iterable[Node], g: Graph) -> str:
    return ", ".join(sorted(_code(n, g) for n in nodes))


def _texts(g: Graph, subject: Node, predicate: URIRef, lang: str) -> list[str]:
    return sorted(str(o) for o in g.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang)


def _first(g: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    found = _texts(g, subject, predicate, lang)
    return found[0] if found else ""


def _external(g: Graph, term: URIRef, predicate: URIRef) -> list[Node]:
    return [o for o in g.objects(term, predicate) if not (isinstance(o, URIRef) and o.startswith(str(AG)))]


def _internal(g: Graph, term: URIRef, predicate: URIRef) -> list[Node]:
    return [o for o in g.objects(term, predicate) if isinstance(o, URIRef) and o.startswith(str(AG))]


def _term_facts(g: Graph, term: URIRef) -> Iterator[tuple[str, str]]:
    """(name, rendered value) rows of one term, only those that are present."""
    characteristics = [str(t).removeprefix(str(OWL)).removesuffix("Property").lower() for t in g.objects(term, RDF.type)
                       if t not in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)]
    rows = (
        ("IRI", f"`{term}`"),
        ("Subclass of", _codes(_internal(g, term, RDFS.subClassOf), g)),
        ("Subproperty of", _codes(_internal(g, term, RDFS.subPropertyOf), g)),
        ("Domain", _codes(g.objects(term, RDFS.domain), g)),
        ("Range", _codes(g.objects(term, RDFS.range), g)),
        ("Characteristics", ", ".join(sorted(characteristics))),
        ("Disjoint with", _codes(g.objects(term, OWL.disjointWith), g)),
        ("Aligned with (subclass of)", _codes(_external(g, term, RDFS.subClassOf), g)),
        ("Aligned with (subproperty of)", _codes(_external(g, term, RDFS.subPropertyOf), g)),
        ("Equivalent to", _codes((*g.objects(term, OWL.equivalentClass), *g.objects(term, OWL.equivalentProperty)), g)),
        ("See also", _codes(g.objects(term, RDFS.seeAlso), g)),
    )
    yield from ((name, value) for name, value in rows if value)


def _term_section(g: Graph, term: URIRef) -> list[str]:
    name = term.n3(_NAMES.namespace_manager)
    labels = f"**{_first(g, term, RDFS.label, 'en')}** · **{_first(g, term, RDFS.label, 'zh')}**"
    lines = [f"### {name}", "", labels, ""]
    lines += [f"- {key}: {value}" for key, value in _term_facts(g, term)]
    lines.append("")
    for lang in ("en", "zh"):
        lines += [_md(text) for text in _texts(g, term, RDFS.comment, lang)] + [""]
    for note in _texts(g, term, SKOS.editorialNote, "en"):
        lines += [f"> Alignment note: {_md(note)}", ""]
    return lines


def _terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted((t for t in g.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(str(AG))),
                  key=lambda t: str(t).lower() + str(t))


def _summary_table(g: Graph, terms: list[URIRef]) -> list[str]:
    lines = ["| term | label (en) | label (zh) |", "|---|---|---|"]
    for t in terms:
        lines.append(f"| {_code(t, g)} | {_first(g, t, RDFS.label, 'en')} | {_first(g, t, RDFS.label, 'zh')} |")
    return [*lines, ""]


def _header(g: Graph) -> list[str]:
    o = ONTOLOGY_IRI
    lines = [
        "# The alumnigraph ontology",
        "",
        "<!-- Generated by `alumnigraph docs ontology` from ontology/alumnigraph.ttl and ontology/shapes.ttl."
        " Do not edit by hand. -->",
        "",
        f"- Ontology IRI: `{o}`",
        f"- Namespace: `{AG}` (prefix `ag:`)",
        f"- Version: {g.value(o, OWL.versionInfo)}",
        f"- License: <{g.value(o, DCTERMS.license)}> (CC BY 4.0)",
        f"- Creator: {g.value(o, DCTERMS.creator)}",
        "- Files: [`ontology/alumnigraph.ttl`](../ontology/alumnigraph.ttl) (OWL),"
        " [`ontology/shapes.ttl`](../ontology/shapes.ttl) (SHACL)",
        "",
    ]
    for lang in ("en", "zh"):
        for text in _texts(g, o, DCTERMS.description, lang):
            lines += [_md(text), ""]
    lines += ["## Prefixes", "", "| prefix | namespace |", "|---|---|"]
    lines += [f"| `{p}:` | `{ns}` |" for p, ns in sorted(PREFIXES.items())]
    return [*lines, ""]


def _count(g: Graph, shape: Node) -> str:
    low, high = g.value(shape, SH.minCount), g.value(shape, SH.maxCount)
    if low is not None and high is not None:
        return f"exactly {low}" if low == high else f"{low} to {high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return "none" if int(high) == 0 else f"at most {high}"
    return ""


def _constraint_parts(g: Graph, shape: Node) -> list[str]:
    """The value constraints of a shape, in words (classes, datatypes, lists, nested shapes)."""
    parts = []
    for predicate, word in ((SH["class"], "class"), (SH.datatype, "datatype"), (SH.nodeKind, "node kind"),
                            (SH.minInclusive, "minimum")):
        parts += [f"{word} {_code(v, g)}" for v in sorted(g.objects(shape, predicate))]
    for predicate, word in ((SH.languageIn, "languages"), (SH["in"], "one of")):
        for items in g.objects(shape, predicate):
            parts.append(f"{word} " + ", ".join(_code(i, g) for i in Collection(g, items)))
    if g.value(shape, SH.uniqueLang) is not None:
        parts.append("one per language")
    for items in g.objects(shape, SH["or"]):
        options = [_describe(g, s) for s in Collection(g, items)]
        parts.append("(" + " or ".join(f"({o})" if " and " in o else o for o in options) + ")")
    parts += [f"not ({_describe(g, s)})" for s in sorted(g.objects(shape, SH["not"]), key=lambda s: _describe(g, s))]
    return parts


def _describe(g: Graph, shape: Node) -> str:
    """A nested shape in one phrase, e.g. ```ag:amount` at least 1``."""
    path = g.value(shape, SH.path)
    head = " ".join(p for p in (_code(path, g) if path is not None else "", _count(g, shape)) if p)
    nested = [_describe(g, p) for p in _property_shapes(g, shape)]
    return " and ".join(p for p in (head, ", ".join(_constraint_parts(g, shape)), *nested) if p)


def _property_shapes(g: Graph, shape: Node) -> list[Node]:
    return sorted(g.objects(shape, SH.property), key=lambda p: (str(g.value(p, SH.path)), str(g.value(p, SH.message))))


def _targets(g: Graph, shape: Node) -> str:
    parts = []
    for predicate, word in ((SH.targetClass, "instances of"), (SH.targetSubjectsOf, "subjects of"),
                            (SH.targetObjectsOf, "objects of"), (SH.targetNode, "the node")):
        values = list(g.objects(shape, predicate))
        if values:
            parts.append(f"{word} {_codes(values, g)}")
    return "; ".join(parts)


def _shape_section(g: Graph, shape: URIRef) -> list[str]:
    lines = [f"### {shape.n3(_NAMES.namespace_manager)}", ""]
    lines += [_md(c) for c in _texts(g, shape, RDFS.comment, "en")]
    lines += ["", f"- Targets: {_targets(g, shape)}"]
    own = _constraint_parts(g, shape)
    if own:
        message = _first(g, shape, SH.message, "en")
        lines.append(f"- Node constraints: {'; '.join(own)}" + (f" ({message})" if message else ""))
    props = _property_shapes(g, shape)
    if props:
        lines += ["", "| path | count | values | message |", "|---|---|---|---|"]
        for p in props:
            values = ", ".join(_constraint_parts(g, p)).replace("|", "\\|")
            lines.append(f"| {_code(g.value(p, SH.path), g)} | {_count(g, p) or 'any'} | {values} | "
                         f"{_first(g, p, SH.message, 'en')} |")
    return [*lines, ""]


def _shapes(shapes: Graph) -> list[str]:
    lines = [
        "## Validation: the SHACL shapes",
        "",
        "`alumnigraph check` validates the union of all source graphs against these shapes (SHACL Core, with"
        " pyshacl; the ontology is mixed in for `rdfs:subClassOf`, without RDFS inference, so `sh:class`"
        " checks what the data states). Property values are checked for every target node.",
        "",
    ]
    for shape in sorted(s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
        lines += _shape_section(shapes, shape)
    return lines


def _sparql_block(query: str) -> list[str]:
    return ["```sparql", query.strip("\n"), "```", ""]


def _provenance() -> list[str]:
    return [
        "## Provenance: the quote behind any statement",
        "",
        "Every source article is an `ag:Source` and the facts curated from it form one named graph, named by the"
        " `ag:Source` IRI (the TriG export `alumnigraph.trig` keeps the graphs; the Turtle and N-Triples exports"
        " hold their union). Inside each graph, every curated triple `s p o` is also described by an"
        " `rdf:Statement` node with `rdf:subject s`, `rdf:predicate p`, `rdf:object o`, the verbatim `ag:quote`(s)"
        " that support it, `prov:wasDerivedFrom` the source, and qualifiers such as `ag:role` or `ag:year`."
        " N-ary records (`ag:Move`, `ag:Employment`, `ag:Education`, `ag:Investment`, `ag:Figure`) carry"
        " `ag:quote` and `prov:wasDerivedFrom` themselves.",
        "",
        "The quotes behind one triple, through its reification (on the Turtle export, or a store whose default"
        " graph is the union of the named graphs):",
        "",
        *_sparql_block(QUOTE_OF_STATEMENT),
        "The source graphs that assert a triple, without reification (works in any store that keeps the named"
        " graphs; the source's own metadata, such as `ag:fileName`, is in its graph):",
        "",
        *_sparql_block(SOURCES_OF_TRIPLE),
        "Every move with its quote and article:",
        "",
        *_sparql_block(QUOTES_OF_MOVES),
    ]


def _loading() -> list[str]:
    return [
        "## Loading the exports into Apache Jena Fuseki or Virtuoso",
        "",
        "Build the exports first (`alumnigraph build` writes `exports/alumnigraph.trig`, `.ttl` and `.nt`)."
        " Load `alumnigraph.trig` to keep one named graph per source, and make the default graph the union of"
        " the named graphs so that the queries above work unchanged. Optionally load `ontology/alumnigraph.ttl`"
        " into the graph `https://w3id.org/alumnigraph/ontology` to query labels and alignments of the terms.",
        "",
        "### Apache Jena Fuseki (TDB2)",
        "",
        "```sh",
        "tdb2.tdbloader --loc /srv/alumnigraph-tdb2 exports/alumnigraph.trig",
        "tdb2.tdbloader --loc /srv/alumnigraph-tdb2 --graph https://w3id.org/alumnigraph/ontology"
        " ontology/alumnigraph.ttl",
        "fuseki-server --tdb2 --loc /srv/alumnigraph-tdb2 --set tdb:unionDefaultGraph=true /alumnigraph",
        "```",
        "",
        "The SPARQL endpoint is then `http://localhost:3030/alumnigraph/sparql`. With the Fuseki UI instead:"
        " create a persistent (TDB2) dataset `alumnigraph`, choose *add data* and upload `alumnigraph.trig`"
        " (the named graphs are kept); then either add `tdb2:unionDefaultGraph true ;` to the dataset's"
        " configuration file under `run/configuration/` and restart, or query the union explicitly with"
        " `GRAPH <urn:x-arq:UnionGraph> { ... }`.",
        "",
        "### OpenLink Virtuoso",
        "",
        "The folder must be listed in `DirsAllowed` of `virtuoso.ini`. In `isql`:",
        "",
        "```sql",
        "ld_dir('/data/alumnigraph/exports', 'alumnigraph.trig', 'https://w3id.org/alumnigraph/');",
        "ld_dir('/data/alumnigraph/ontology', 'alumnigraph.ttl', 'https://w3id.org/alumnigraph/ontology');",
        "rdf_loader_run();",
        "checkpoint;",
        "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list;",
        "```",
        "",
        "The TriG file names its own graphs (the third argument of `ld_dir` only applies to triples outside"
        " any graph). Virtuoso's endpoint (`http://localhost:8890/sparql`) queries all graphs when a query"
        " names no default graph, which is the union the queries above expect.",
        "",
        "### Oxigraph",
        "",
        "```sh",
        "oxigraph load --location alumnigraph.oxigraph --file exports/alumnigraph.trig",
        "oxigraph load --location alumnigraph.oxigraph --file ontology/alumnigraph.ttl"
        " --graph https://w3id.org/alumnigraph/ontology",
        "oxigraph serve --location alumnigraph.oxigraph --union-default-graph",
        "```",
        "",
        "Oxigraph's union default graph is a bag: a triple that several sources state matches once per source,"
        " so use `SELECT DISTINCT` (or `GRAPH ?source`) when counting. From Python,"
        " `store.query(query, use_default_graph_as_union=True)` on a `pyoxigraph.Store` does the same;"
        " `alumnigraph query` needs no server and loads the TriG export with the deduplicated union as its"
        " default graph.",
        "",
    ]


def ontology_markdown(ontology: Graph | None = None, shapes: Graph | None = None) -> str:
    """The whole ``docs/ontology.md`` text for the given (by default the packaged) ontology and shapes.

    >>> "ag:Move" in ontology_markdown()
    True
    """
    g = ontology if ontology is not None else ontology_graph()
    s = shapes if shapes is not None else shapes_graph()
    lines = _header(g)
    for kind, title in SECTIONS:
        terms = _terms(g, kind)
        lines += [f"## {title}", "", *_summary_table(g, terms)]
        for term in terms:
            lines += _term_section(g, term)
    lines += _shapes(s) + _provenance() + _loading()
    return "\n".join(lines).rstrip("\n") + "\n"


def write_ontology_docs(out: Path) -> Path:
    """Write :func:`ontology_markdown` to ``out`` atomically; returns ``out``."""
    write_atomic(out, ontology_markdown())
    return out
