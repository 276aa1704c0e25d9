"""The competency queries in ``queries/`` answer what the fact files say, on two SPARQL engines.

For every query the expected answer is computed here from the curated models (``graph/*.yaml`` as
loaded by :func:`alumnigraph.load.load_dir`), without SPARQL; ``queries/expected/*.tsv`` adds key rows
checked by reading the YAML. pyoxigraph (the engine of ``alumnigraph query``/``serve``) and rdflib
must give the same answers over the same TriG export.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import XSD
from typer.testing import CliRunner

from alumnigraph.cli import app
from alumnigraph.ids import ID_BASE, kind_of, source_id
from alumnigraph.load import LoadedFile
from alumnigraph.models import STATEMENT_LISTS, Entity, FactFile, Move
from alumnigraph.query import question_of, read_query, render
from alumnigraph.store import EXPORT_FILE, QUERY_PREFIXES, QueryError, load_store, run_query, with_prefixes
from alumnigraph.vocab import PREFIXES

QUERIES = Path(__file__).resolve().parent.parent / "queries"
EXPECTED = QUERIES / "expected"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
NAMES = [p.stem for p in QUERY_FILES]

Row = tuple[str | None, ...]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def store(built_exports: Path) -> ox.Store:
    return load_store(built_exports)


@pytest.fixture(scope="session")
def rdflib_union(built_exports: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(built_exports / EXPORT_FILE, format="trig")
    return ds


@pytest.fixture(scope="session")
def curated(loaded: list[LoadedFile]) -> Curated:
    return Curated(loaded)


@pytest.fixture(scope="session")
def answers(store: ox.Store) -> dict[str, list[Row] | bool]:
    """Every query's answer from pyoxigraph, in simple form, in result order."""
    return {p.stem: simple_answer(run_query(store, p.read_text(encoding="utf-8"))) for p in QUERY_FILES}


# --- result normalisation ---------------------------------------------------------------------


def simple(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    """ids relative to the id base, vocabulary terms as prefix:name, literals as their text."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        value = term.value
        if value.startswith(ID_BASE):
            return value[len(ID_BASE) :]
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns) and prefix != "id":
                return f"{prefix}:{value[len(ns) :]}"
        return value
    return term.value


def simple_answer(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> list[Row] | bool:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return [tuple(simple(t) for t in (tr.subject, tr.predicate, tr.object)) for tr in result]
    names = [v.value for v in result.variables]
    return [tuple(simple(s[n]) for n in names) for s in result]


def literal_key(lexical: str, language: str, datatype: str) -> tuple[str, ...]:
    """A literal as (lexical form, language, datatype); decimals by value, since rdflib rewrites
    ``"3000000"^^xsd:decimal`` as ``"3000000.0"`` when it parses (XSD 1.0 canonical form)."""
    if datatype == str(XSD.decimal):
        lexical = decimal_text(Decimal(lexical))
    return ("literal", lexical, language, datatype)


def exact_ox(term: object) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return literal_key(term.value, term.language or "", "" if term.language else term.datatype.value)
    return ("bnode",)


def exact_rdflib(term: object) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, RdfLiteral):
        lang = term.language or ""
        datatype = "" if lang else str(term.datatype or XSD.string)
        return literal_key(str(term), lang, datatype)
    return ("bnode",)


# --- the curated models -----------------------------------------------------------------------


class Curated:
    """Lookups over the fact files, the way a reader of the YAML would do them."""

    def __init__(self, loaded: list[LoadedFile]):
        self.files: list[FactFile] = [lf.facts for lf in loaded]
        self.declared: dict[str, list[tuple[FactFile, Entity]]] = defaultdict(list)
        for f in self.files:
            for e in f.entities():
                self.declared[e.id].append((f, e))

    def name(self, entity_id: str) -> str:
        return self.declared[entity_id][0][1].name

    def name_en(self, entity_id: str) -> str:
        return self.declared[entity_id][0][1].name_en

    def descriptions(self, entity_id: str) -> set[str]:
        return {e.description for _, e in self.declared[entity_id] if e.description}

    def records(self, kind: str) -> list[tuple[FactFile, object]]:
        """Distinct records of one list (``moves``, ``figures``...) over all files, with their file."""
        seen: dict[tuple[str, str], tuple[FactFile, object]] = {}
        for f in self.files:
            for r in getattr(f, kind):
                seen.setdefault((f.source.file, r.model_dump_json()), (f, r))
        return list(seen.values())

    def moves(self) -> list[Move]:
        return [m for _, m in self.records("moves")]  # type: ignore[misc]


def sid(f: FactFile) -> str:
    return source_id(f.source.file)


def year_of(move: Move) -> int | None:
    return move.year if move.year is not None else (int(move.date[:4]) if move.date else None)


def year_text(year: int | None) -> str | None:
    return None if year is None else f"{year:04d}"


def decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


BIG_COMPANIES = {
    "tencent",
    "alibaba",
    "ant-group",
    "baidu",
    "bytedance",
    "netease",
    "netease-games",
    "jd",
    "sina",
    "meituan",
    "didi",
    "pinduoduo",
    "google",
    "amazon",
    "youtube",
}
WEB3_OR_OVERSEAS = re.compile("Web3|blockchain|区块链|crypto|加密|overseas|出海|海外|Singapore|新加坡", re.I)


# --- expected answers, one function per query ---------------------------------------------------


def exp_alumni_groups(c: Curated) -> set[Row]:
    rows: set[Row] = set()
    for f in c.files:
        for claim in f.claims:
            if claim.property != "alumniGroupOf" or kind_of(claim.subject) != "group":
                continue
            group, company = claim.subject, claim.value
            leaders = {
                (fd.role, p)
                for _, fd in c.records("foundings")
                if fd.organization == group  # type: ignore[attr-defined]
                for p in fd.founders
            }  # type: ignore[attr-defined]
            base = (company, c.name(company), group, c.name(group))
            rows |= {(*base, role, p, c.name(p)) for role, p in leaders} or {(*base, None, None, None)}
    return rows


def exp_bigtech_to_web3_or_overseas(c: Curated) -> set[Row]:
    rows: set[Row] = set()
    for m in c.moves():
        if m.from_ is None or m.to is None:
            continue
        big = m.from_.removeprefix("company/") in BIG_COMPANIES or "大厂" in c.name(m.from_)
        texts = [c.name(m.to) + " " + c.name_en(m.to), *c.descriptions(m.to)]
        if big and any(WEB3_OR_OVERSEAS.search(t) for t in texts):
            rows.add(
                (
                    m.person,
                    c.name(m.person),
                    m.from_,
                    c.name(m.from_),
                    m.to,
                    c.name(m.to),
                    year_text(year_of(m)),
                    m.date,
                )
            )
    return rows


def exp_organization_flows(c: Curated) -> set[Row]:
    out = Counter(m.from_ for m in c.moves() if m.from_)
    into = Counter(m.to for m in c.moves() if m.to)
    return {(org, c.name(org), str(out[org]), str(into[org]), str(into[org] - out[org])) for org in out | into}


def exp_moves_per_year(c: Curated) -> set[Row]:
    years = Counter(year_of(m) for m in c.moves() if year_of(m) is not None)
    return {(year_text(y), str(n)) for y, n in years.items()}


def exp_pseudonymous_vs_named(c: Curated) -> set[Row]:
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in c.files:
        for p in f.people:
            status = "pseudonym" if p.pseudonym else "unnamed" if p.unnamed else "named"
            counts[(sid(f), status)].add(p.id)
    return {(s, status, str(len(ids))) for (s, status), ids in counts.items()}


def exp_groups_by_last_update(c: Curated) -> set[Row]:
    claims = [cl for f in c.files for cl in f.claims if kind_of(cl.subject) == "group"]
    active: dict[str, set[str]] = defaultdict(set)
    for cl in claims:
        if cl.property == "accountActive":
            active[cl.subject].add("true" if cl.value else "false")
    return {
        (cl.value, cl.subject, c.name(cl.subject), a)
        for cl in claims
        if cl.property == "accountLastUpdated"
        for a in (active[cl.subject] or {None})
    }


def exp_meeting_2015_attendees(c: Curated) -> set[Row]:
    return {
        (e.id, e.name, e.date, p, c.name(p))
        for f in c.files
        for e in f.events
        if e.date and e.date.startswith("2015")
        for p in e.participants
    }


def exp_quote_behind_triple(c: Curated) -> set[Row]:
    return {
        (sid(f), f.source.file, q)
        for f in c.files
        for cl in f.claims
        if (cl.subject, cl.property, cl.value) == ("group/nanji-quan", "alumniGroupOf", "company/tencent")
        for q in cl.quotes
    }


def exp_headcounts(c: Curated) -> set[Row]:
    return {
        (s, c.name(s), fig.measure, fig.qualifier, decimal_text(fig.value), year_text(fig.year), q)
        for f in c.files
        for fig in f.figures
        if fig.unit == "people"
        for s in fig.subjects
        if kind_of(s) in ("company", "group", "org")
        for q in fig.quotes
    }


def exp_sources(c: Curated) -> set[Row]:
    rows: set[Row] = set()
    for f in c.files:
        s = f.source
        original = {s.title} if s.language != "en" else set()
        english = {t for t in (s.title_en, s.title if s.language == "en" else None) if t}
        authors = {c.name(a) for a in s.authors}
        outlet = c.name(s.outlet) if s.outlet else None
        rows |= {
            (sid(f), s.file, t, te, a, outlet, s.date, s.date_not_before, s.date_not_after, s.url)
            for t in original or {None}
            for te in english or {None}
            for a in authors or {None}
        }
    return rows


def career_move(c: Curated, m: Move) -> Row:
    return (
        m.person,
        c.name(m.person),
        year_text(year_of(m)),
        m.from_,
        c.name(m.from_) if m.from_ else None,
        m.to,
        c.name(m.to) if m.to else None,
    )


def exp_career_paths(c: Curated) -> set[Row]:
    per_person = Counter(m.person for m in c.moves())
    return {career_move(c, m) for m in c.moves() if per_person[m.person] > 1}


def exp_unnamed_organizations(c: Curated) -> set[Row]:
    return {
        (o.id, o.name, o.name_en, sid(f), q) for f in c.files for o in f.organizations if o.unnamed for q in o.quotes
    }


def exp_investments(c: Curated) -> set[Row]:
    return {
        (
            i.investor,
            c.name(i.investor),
            i.investee,
            c.name(i.investee),  # type: ignore[attr-defined]
            None if i.amount is None else decimal_text(i.amount),
            i.currency,  # type: ignore[attr-defined]
            year_text(i.year),
            q,
        )  # type: ignore[attr-defined]
        for _, i in c.records("investments")
        for q in i.quotes
    }  # type: ignore[attr-defined]


def exp_educations(c: Curated) -> set[Row]:
    return {
        (
            e.person,
            c.name(e.person),
            e.institution,
            c.name(e.institution),
            e.degree,  # type: ignore[attr-defined]
            year_text(e.start),
            year_text(e.end),
        )  # type: ignore[attr-defined]
        for _, e in c.records("educations")
    }


def exp_ask_pan_founded_nanjiquan(c: Curated) -> bool:
    return any(
        fd.organization == "group/nanji-quan" and fd.role == "founder" and "person/pan-guohua" in fd.founders
        for f in c.files
        for fd in f.foundings
    )


def exp_alumni_network_graph(c: Curated) -> set[Row]:
    rows: set[Row] = set()

    def labelled(entity_id: str) -> None:
        rows.add((entity_id, "rdfs:label", c.name(entity_id)))
        rows.add((entity_id, "rdfs:label", c.name_en(entity_id)))

    for f in c.files:
        for claim in f.claims:
            if claim.property == "alumniGroupOf" and kind_of(claim.subject) == "group":
                rows.add((claim.subject, "ag:alumniGroupOf", claim.value))
                labelled(claim.subject)
                labelled(claim.value)
                for _, fd in c.records("foundings"):
                    if fd.organization == claim.subject:  # type: ignore[attr-defined]
                        for p in fd.founders:  # type: ignore[attr-defined]
                            rows.add((claim.subject, f"ag:{fd.role}", p))  # type: ignore[attr-defined]
                            labelled(p)
    return rows


EXPECTATIONS: dict[str, Callable[[Curated], set[Row] | bool]] = {
    name.removeprefix("exp_"): fn for name, fn in globals().items() if name.startswith("exp_")
}


# --- the queries themselves -------------------------------------------------------------------


def test_there_are_at_least_15_competency_questions() -> None:
    assert len(QUERY_FILES) >= 15


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_query_starts_with_its_question(path: Path) -> None:
    question = question_of(path.read_text(encoding="utf-8"))
    assert question is not None and question.endswith("?"), question


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_select_queries_order_by_every_selected_variable(path: Path) -> None:
    """Deterministic output: every projected variable appears in ORDER BY."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    head = re.search(r"SELECT(.*?)WHERE", text, re.S)
    if head is None:
        return  # ASK / CONSTRUCT: no row order
    order = re.search(r"ORDER BY(.*)$", text, re.S)
    assert order is not None, f"{path.name} has no ORDER BY"
    assert projected(head.group(1)) <= set(re.findall(r"\?(\w+)", order.group(1))), path.name


def projected(head: str) -> set[str]:
    """The variables a SELECT clause projects: bare ``?v`` and the aliases of ``(expr AS ?v)``."""
    names, depth, group = set(), 0, ""
    for token in re.findall(r"\(|\)|\?\w+|[^()?]+", head):
        depth += token == "("
        if depth == 0 and token.startswith("?"):
            names.add(token[1:])
        elif depth:
            group += token
        depth -= token == ")"
        if token == ")" and depth == 0:
            names.add(re.findall(r"AS\s+\?(\w+)", group)[-1])
            group = ""
    return names


def test_every_query_has_an_expectation_and_key_rows() -> None:
    missing = set(NAMES) - set(EXPECTATIONS) - {"about_pan_guohua"}
    assert not missing, f"no expected answer computed for {sorted(missing)}"
    assert {p.stem for p in EXPECTED.glob("*.tsv")} == set(NAMES)


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"about_pan_guohua"}))
def test_answer_matches_the_fact_files(name: str, curated: Curated, answers: dict[str, list[Row] | bool]) -> None:
    expected = EXPECTATIONS[name](curated)
    got = answers[name]
    if isinstance(expected, bool):
        assert got is expected
        return
    assert isinstance(got, list)
    rows = [r[:2] + r[3:] for r in got] if name == "career_paths" else got  # ?step is checked below
    assert len(rows) == len(set(rows)), f"{name} repeats rows"
    assert set(rows) == expected, (
        f"{name}: missing {sorted(expected - set(rows), key=repr)[:5]}, "
        f"unexpected {sorted(set(rows) - expected, key=repr)[:5]}"
    )
    assert expected, f"{name} has an empty answer: the facts should give it some rows"


def key_rows(name: str) -> tuple[list[str], list[Row]]:
    lines = [
        line
        for line in (EXPECTED / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    table = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return table[0], [tuple(cell or None for cell in row) for row in table[1:]]


@pytest.mark.parametrize("name", NAMES)
def test_key_rows_read_from_the_yaml_are_in_the_answer(
    name: str, answers: dict[str, list[Row] | bool], store: ox.Store
) -> None:
    header, rows = key_rows(name)
    result = run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    got = answers[name]
    if isinstance(got, bool):
        assert rows == [(str(got).lower(),)]
        return
    if isinstance(result, ox.QuerySolutions):
        assert header == [v.value for v in result.variables]
    for row in rows:
        assert row in got, f"{name}: key row {row} not in the answer"


def test_pan_guohua_statements_carry_the_quotes_of_the_records_about_him(
    curated: Curated, answers: dict[str, list[Row] | bool]
) -> None:
    pan = "person/pan-guohua"
    got = answers["about_pan_guohua"]
    assert isinstance(got, list) and got
    assert all(pan in (subject, obj) for _, subject, _, obj, _ in got)

    def mentions(record: object) -> bool:
        return pan in json.dumps(record.model_dump(mode="json", by_alias=True))  # type: ignore[attr-defined]

    expected: set[tuple[str, str]] = set()
    for f in curated.files:
        records = [e for e in f.entities() if e.id == pan or mentions(e)]
        records += [r for kind in STATEMENT_LISTS for r in getattr(f, kind) if mentions(r)]
        expected |= {(sid(f), q) for r in records for q in r.quotes}  # type: ignore[attr-defined]
        if pan in (*f.source.authors, *f.source.editors):
            expected |= {(sid(f), q) for q in f.source.quotes}
    assert {(source, quote) for source, _, _, _, quote in got} == expected
    declared_in = {sid(f) for f, _ in curated.declared[pan]}
    assert {source for source, *_ in got} == declared_in
    about_him = {(p, o) for _, s, p, o, _ in got if s == pan}
    assert {
        ("rdf:type", "ag:Person"),
        ("rdfs:label", "潘国华"),
        ("rdfs:label", "Pan Guohua"),
        ("ag:isPseudonym", "false"),
    } <= about_him


def test_career_paths_are_in_order(curated: Curated, answers: dict[str, list[Row] | bool]) -> None:
    """Within a person, a move comes after any move of an earlier year and, when the years do not
    both say, after a move that arrives where it leaves from (unless the two chain both ways)."""
    got = answers["career_paths"]
    assert isinstance(got, list)
    by_person: dict[str, list[Row]] = defaultdict(list)
    for row in got:
        by_person[row[0]].append(row)  # type: ignore[index]
    assert [r[0] for r in got] == sorted(r[0] for r in got)  # type: ignore[type-var]
    for person, rows in by_person.items():
        assert len(rows) > 1, person
        for i, (_, _, _, year_a, from_a, _, to_a, _) in enumerate(rows):
            for _, _, _, year_b, from_b, _, to_b, _ in rows[:i]:
                if year_a and year_b:
                    assert year_a >= year_b, f"{person}: {year_a} listed after {year_b}"
                    continue
                feeds = to_a is not None and to_a == from_b
                fed = to_b is not None and to_b == from_a
                assert not (feeds and not fed), f"{person}: a move to {to_a} listed after one leaving it"


@pytest.mark.parametrize("name", NAMES)
def test_pyoxigraph_and_rdflib_agree(name: str, store: ox.Store, rdflib_union: Dataset) -> None:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    ours = run_query(store, text)
    theirs = rdflib_union.query(text, initNs=QUERY_PREFIXES)
    if isinstance(ours, ox.QueryBoolean):
        assert theirs.type == "ASK" and bool(ours) is theirs.askAnswer
    elif isinstance(ours, ox.QueryTriples):
        assert theirs.type == "CONSTRUCT"
        a = {tuple(exact_ox(t) for t in (tr.subject, tr.predicate, tr.object)) for tr in ours}
        b = {tuple(exact_rdflib(t) for t in triple) for triple in theirs}
        assert a == b and a
    else:
        names = [v.value for v in ours.variables]
        a = [tuple(exact_ox(s[n]) for n in names) for s in ours]
        b = [tuple(exact_rdflib(row[n]) for n in names) for row in theirs]  # type: ignore[index]
        assert sorted(a, key=repr) == sorted(b, key=repr) and a


def test_queries_give_the_same_rows_in_the_same_order_every_time(
    store: ox.Store, answers: dict[str, list[Row] | bool]
) -> None:
    fresh = {p.stem: simple_answer(run_query(store, p.read_text(encoding="utf-8"))) for p in QUERY_FILES}
    assert fresh == answers


# --- the store ----------------------------------------------------------------------------------


def test_default_graph_is_the_set_union_of_the_source_graphs(store: ox.Store, kg: object) -> None:
    count = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(next(iter(count))["n"].value) == len(kg.triples())  # type: ignore[attr-defined]
    graphs = run_query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {s["g"].value for s in graphs} == {ID_BASE + s for s in kg.sources}  # type: ignore[attr-defined]


def test_a_source_graph_holds_only_its_own_facts(store: ox.Store) -> None:
    assert not run_query(store, "ASK { GRAPH source:003-0624c5519d2bf45e { person:lao-zeng-s004 ?p ?o } }")
    assert run_query(store, "ASK { GRAPH source:004-c05e9131e338b01a { person:lao-zeng-s004 a ag:Person } }")


def test_query_prefixes_are_predeclared_and_a_query_may_redefine_them(store: ox.Store) -> None:
    row = next(iter(run_query(store, "SELECT (ag:Person AS ?c) (person:x AS ?p) {}")))
    assert row["c"].value == PREFIXES["ag"] + "Person" and row["p"].value == ID_BASE + "person/x"
    row = next(iter(run_query(store, "PREFIX ag: <urn:mine#> SELECT (ag:Person AS ?c) {}")))
    assert row["c"].value == "urn:mine#Person"
    standalone = with_prefixes("PREFIX ag: <urn:mine#> SELECT * {}")
    assert standalone.count("PREFIX ag:") == 1 and f"PREFIX rdfs: <{PREFIXES['rdfs']}>" in standalone


@pytest.mark.parametrize(
    ("query", "line", "column"),
    [
        ("SELECT ?x WHERE { ?x ?y }", 1, 26),
        ("SELECT ?x\nWHERE {\n  ?x a ag:Person .\n  FILTER(?x = ) }", 4, 18),
        ("SELECT ?x WHERE { ?x nope:p ?o }", 1, 28),
    ],
)
def test_a_syntax_error_names_line_and_column(store: ox.Store, query: str, line: int, column: int) -> None:
    with pytest.raises(QueryError) as err:
        run_query(store, query)
    assert (err.value.line, err.value.column, err.value.kind) == (line, column, "syntax")
    assert f"line {line}, column {column}" in str(err.value)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { person:x a ag:Person }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH source:003-0624c5519d2bf45e",
        "CREATE GRAPH <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_and_change_nothing(store: ox.Store, update: str) -> None:
    before = len(store)
    with pytest.raises(QueryError) as err:
        run_query(store, update)
    assert err.value.kind == "update" and "read-only" in str(err.value)
    assert len(store) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . service silent ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(store: ox.Store, query: str) -> None:
    with pytest.raises(QueryError) as err:
        run_query(store, query)
    assert err.value.kind == "service" and "SERVICE" in str(err.value)


def test_the_word_service_inside_strings_iris_and_names_is_fine(store: ox.Store) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) FILTER(?service != <urn:SERVICE>) } # SERVICE'
    assert [s["service"].value for s in run_query(store, query)] == ["SERVICE"]


def test_missing_exports_say_how_to_make_them(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="alumnigraph build"):
        load_store(tmp_path)


# --- the command line -----------------------------------------------------------------------------

runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_prints_a_table_from_a_query_file(built_exports: Path) -> None:
    code, out, _ = cli(str(QUERIES / "meeting_2015_attendees.rq"), "--exports", str(built_exports))
    assert code == 0
    assert "潘国华" in out and "participantName" in out and "row(s)" in out


def test_a_long_one_line_query_is_text_not_a_file_name() -> None:
    long_query = (
        "SELECT ?s WHERE { ?s a ag:Person . "
        + " ".join(f"OPTIONAL {{ ?s rdfs:label ?l{i} }}" for i in range(20))
        + " }"
    )
    assert len(long_query) > 300 and "\n" not in long_query
    assert read_query(long_query) == long_query


def test_read_query_takes_files_or_text() -> None:
    assert read_query(str(QUERIES / "moves_per_year.rq")).startswith("# Question:")
    assert read_query("ASK {}") == "ASK {}"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_cli_result_formats_parse_back_to_the_same_rows(built_exports: Path, store: ox.Store, fmt: str) -> None:
    path = QUERIES / "alumni_groups.rq"
    code, out, _ = cli(str(path), "--exports", str(built_exports), "--format", fmt)
    assert code == 0
    solutions = run_query(store, path.read_text(encoding="utf-8"))
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    rows = [[solution[n] for n in names] for solution in solutions]  # type: ignore[union-attr]
    if fmt == "csv":  # CSV keeps only the text of each term (SPARQL 1.1 CSV)
        table = list(csv.reader(io.StringIO(out, newline="")))
        assert table == [names, *[["" if t is None else t.value for t in row] for row in rows]]
        return
    fmt_enum = {"tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[
        fmt
    ]
    parsed = ox.parse_query_results(out.encode("utf-8"), fmt_enum)
    assert [v.value for v in parsed.variables] == names
    assert [[exact_ox(s[n]) for n in names] for s in parsed] == [[exact_ox(t) for t in row] for row in rows]


def test_cli_ask_and_construct(built_exports: Path) -> None:
    code, out, _ = cli(str(QUERIES / "ask_pan_founded_nanjiquan.rq"), "--exports", str(built_exports))
    assert (code, out.strip()) == (0, "true")
    code, out, _ = cli(str(QUERIES / "alumni_network_graph.rq"), "--exports", str(built_exports), "--format", "csv")
    assert code == 0 and "@prefix ag:" in out
    turtle = Graph().parse(data=out, format="turtle")
    code, out, _ = cli(str(QUERIES / "alumni_network_graph.rq"), "--exports", str(built_exports), "--format", "nt")
    assert code == 0 and not out.startswith("@prefix")
    nt = Graph().parse(data=out, format="nt")
    assert set(turtle) == set(nt) and len(nt) > 0
    assert (
        URIRef(ID_BASE + "group/nanji-quan"),
        URIRef(PREFIXES["ag"] + "founder"),
        URIRef(ID_BASE + "person/pan-guohua"),
    ) in nt


def test_cli_describe_prints_turtle(built_exports: Path) -> None:
    code, out, _ = cli("DESCRIBE group:nanji-quan", "--exports", str(built_exports))
    assert code == 0
    graph = Graph().parse(data=out, format="turtle")
    nanjiquan = URIRef(ID_BASE + "group/nanji-quan")
    assert (nanjiquan, URIRef(PREFIXES["ag"] + "alumniGroupOf"), URIRef(ID_BASE + "company/tencent")) in graph
    assert set(graph.subjects()) == {nanjiquan}


def test_cli_syntax_error_exits_2_with_the_position(built_exports: Path) -> None:
    code, out, err = cli("SELECT ?x WHERE {\n ?x a ag:Person", "--exports", str(built_exports))
    assert code == 2 and out == ""
    assert "syntax error at line 2, column" in err


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_cli_refuses_updates_and_service(built_exports: Path, query: str, message: str) -> None:
    code, _, err = cli(query, "--exports", str(built_exports))
    assert code == 2 and message in err


def test_cli_rejects_unknown_formats_and_missing_exports(built_exports: Path, tmp_path: Path) -> None:
    code, _, err = cli("ASK {}", "--exports", str(built_exports), "--format", "yaml")
    assert code == 2 and "unknown format 'yaml'" in err
    code, _, err = cli("SELECT * {}", "--exports", str(built_exports), "--format", "nt")
    assert code == 2 and "CONSTRUCT" in err
    code, _, err = cli("ASK {}", "--exports", str(tmp_path))
    assert code == 2 and "alumnigraph build" in err


def test_render_is_streamable_csv(store: ox.Store) -> None:
    data = render(run_query(store, "SELECT ?n WHERE { VALUES ?n { 1 2 } } ORDER BY ?n"), "csv")
    assert list(csv.reader(io.StringIO(data.decode("utf-8")))) == [["n"], ["1"], ["2"]]
