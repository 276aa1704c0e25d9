"""The curated facts: verbatim quotes, reference ids, and key facts of every source, asked in SPARQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alumnigraph.build import KnowledgeGraph
from alumnigraph.check import check_facts, read_wikidata_reference
from alumnigraph.load import LoadedFile
from alumnigraph.vocab import PREFIXES
from tests.conftest import WIKIDATA_REFERENCE

HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@pytest.fixture(scope="module")
def union(kg: KnowledgeGraph) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in kg.triples():
        g.add(t)
    return g


def ask(g: rdflib.Graph, where: str) -> bool:
    return bool(g.query(HEADER + "ASK {" + where + "}").askAnswer)


def select(g: rdflib.Graph, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in g.query(HEADER + query))


def test_every_quote_is_verbatim_and_every_check_passes(loaded: list[LoadedFile], sources_dir: Path) -> None:
    assert len(loaded) == len(list(sources_dir.glob("*.txt"))) == 5
    assert check_facts(loaded, sources_dir=sources_dir, wikidata_reference=WIKIDATA_REFERENCE) == []
    # and the check really reads the quotes: one changed character is caught
    text = {p.name: p.read_text("utf-8") for p in sources_dir.glob("*.txt")}
    for lf in loaded:
        for record in lf.facts.moves:
            for quote in record.quotes:
                assert quote in text[lf.facts.source.file]


def test_wikidata_links_come_only_from_the_reference(kg: KnowledgeGraph, union: rdflib.Graph) -> None:
    known = read_wikidata_reference(WIKIDATA_REFERENCE)
    linked = select(union, "SELECT ?s ?wd WHERE { ?s owl:sameAs ?wd }")
    assert linked, "no owl:sameAs links"
    assert {wd.rsplit("/", 1)[1] for _, wd in linked} <= set(known)
    assert ("https://w3id.org/alumnigraph/id/company/tencent", "http://www.wikidata.org/entity/Q860580") in linked
    assert ask(union, "id:company\\/alibaba schema:sameAs wd:Q1359568") or ask(
        union, "<https://w3id.org/alumnigraph/id/company/alibaba> schema:sameAs wd:Q1359568"
    )


def test_pseudonyms_are_marked_and_never_merged(loaded: list[LoadedFile], union: rdflib.Graph) -> None:
    declared_in: dict[str, set[str]] = {}
    for lf in loaded:
        for p in lf.facts.people:
            declared_in.setdefault(p.id, set()).add(lf.name)
    pseudonyms = select(union, "SELECT ?p WHERE { ?p ag:isPseudonym true }")
    assert len(pseudonyms) >= 9
    for (p,) in pseudonyms:
        assert len(declared_in[p.split("/id/", 1)[1]]) == 1
        assert not ask(union, f"<{p}> owl:sameAs ?x")


def person(slug: str) -> str:
    return f"<https://w3id.org/alumnigraph/id/person/{slug}>"


def org(path: str) -> str:
    return f"<https://w3id.org/alumnigraph/id/{path}>"


def move(who: str, frm: str | None, to: str | None, year: int | None = None) -> str:
    parts = [f"?m a ag:Move ; ag:person {person(who)}"]
    if frm:
        parts.append(f"ag:fromOrganization {org(frm)}")
    if to:
        parts.append(f"ag:toOrganization {org(to)}")
    if year:
        parts.append(f'ag:year "{year}"^^xsd:gYear')
    return " ; ".join(parts) + " ; ag:quote ?q ; prov:wasDerivedFrom ?src ."


KEY_FACTS = {
    "000 Web3 and OKX": [
        move("zhou-shan-s000", "company/sina", "company/okx", 2021),
        move("an-shuo-s000", None, "company/okx", 2020),
        f"{person('zhou-shan-s000')} ag:isPseudonym true ; rdfs:label '周杉'@zh",
        "?s a ag:Source ; ag:fileName '000_4f7deda417ad9362.txt' ; ag:author ?a ; ag:editor ?e ; "
        "ag:dateNotBefore '2025-08-01'^^xsd:date . ?a rdfs:label '沈知'@zh . ?e rdfs:label '夏龙心'@zh",
        move("surojit-chatterjee", "company/google", None),
        f"{org('company/google')} owl:sameAs wd:Q95",
    ],
    "001 laid off": [
        move("lao-zhang-s001", "company/tencent", None, 2024),
        move("wang-jie-s001", "company/alibaba", None, 2024),
        move("lao-zhou-s001", "company/netease-games", None),
        f"{person('lao-zhou-s001')} ag:age 40",
        "?s a ag:Source ; ag:publicationDate '2025-03-02'^^xsd:date ; ag:author ?a . ?a rdfs:label '骆齐'@zh",
        f"{person('lao-zhang-s001')} ag:isPseudonym false "
        f"FILTER NOT EXISTS {{ ?x owl:sameAs {person('lao-zhang-s001')} }}",
    ],
    "002 going overseas": [
        move("wu-haoran-s002", "company/tencent", "company/mico-world", 2023),
        move("frank-s002", None, "company/mico-world", 2021),
        move("fazai-s002", "company/bytedance", None, 2023),
        f"?m ag:person {person('fazai-s002')} ; ag:toOrganization ?o . ?o ag:isUnnamed true",
        f"{org('company/hellocareer')} ag:founder {person('leo-s002')}",
        "?s a ag:Source ; ag:publicationDate '2024-04-02'^^xsd:date ; ag:editor ?e . ?e rdfs:label '韦伯Kyle'@zh",
    ],
    "003 alumni groups": [
        f"{org('group/nanji-quan')} a ag:AlumniGroup ; ag:alumniGroupOf {org('company/tencent')} ; "
        f"ag:founder {person('pan-guohua')} ; ag:formerName '永远一家人'@zh",
        f"{org('group/bailao-hui')} ag:alumniGroupOf {org('company/baidu')} ; ag:founder {person('chen-feng')} ; "
        "ag:foundingYear '2010'^^xsd:gYear",
        f"{org('group/qiancheng-hui')} ag:alumniGroupOf {org('company/alibaba')} ; "
        f"ag:organizer {person('shou-yuan')} ; "
        "ag:accountLastUpdated '2022-01-17'^^xsd:date",
        f"?i a ag:Investment ; ag:investor {org('company/tencent')} ; ag:investee {org('group/nanji-quan')} ; "
        "ag:amount 9000000.0 ; ag:year '2014'^^xsd:gYear",
        f"?e a ag:Event ; ag:date '2015-01-13'^^xsd:date ; "
        f"ag:participant {person('pan-guohua')}, {person('chen-feng')}, "
        f"{person('shou-yuan')}, {person('wu-xiaoguang')}, {person('wang-xiao-baidu')}",
        f"{org('group/sankuaiqian')} ag:alumniGroupOf {org('company/meituan')} ; ag:foundingYear '2019'^^xsd:gYear",
        f"{org('group/tencent-alumni-association')} ag:accountLastUpdated '2021-11-17'^^xsd:date ; "
        "ag:officialBacking true",
        f"{person('pan-guohua')} skos:altLabel '老潘'@zh ; rdfs:label '潘国华'@zh, 'Pan Guohua'@en",
    ],
    "004 Ant resignation": [
        move("lao-zeng-s004", None, "company/ant-group"),
        move("lao-zeng-s004", "company/ant-group", None),
        f"?e a ag:Employment ; ag:person {person('lao-zeng-s004')} ; ag:organization {org('company/ant-group')} ; "
        "ag:duration '2513天'@zh",
        f"?m ag:person {person('lao-zeng-s004')} ; ag:toOrganization {org('company/ant-group')} ; "
        "ag:fromOrganization ?bank . "
        "?bank ag:isUnnamed true ; rdfs:label ?l FILTER(CONTAINS(STR(?l), '(unnamed)'))",
        "?s a ag:Source ; ag:fileName '004_c05e9131e338b01a.txt' ; ag:dateNotBefore '2023-07'^^xsd:gYearMonth "
        "FILTER NOT EXISTS { ?s ag:title ?t }",
        f"{person('lao-zeng-s004')} ag:studiedAt ?school",
    ],
}


@pytest.mark.parametrize(("source", "pattern"), [(s, p) for s, ps in KEY_FACTS.items() for p in ps])
def test_key_fact(union: rdflib.Graph, source: str, pattern: str) -> None:
    assert ask(union, pattern), f"{source}: not in the graph: {pattern}"


def test_quote_behind_a_statement_is_one_pattern_away(union: rdflib.Graph) -> None:
    rows = select(
        union,
        f"""SELECT ?quote ?file WHERE {{
        ?st rdf:subject {org("group/nanji-quan")} ; rdf:predicate ag:founder ; rdf:object {person("pan-guohua")} ;
            ag:quote ?quote ; prov:wasDerivedFrom ?src . ?src ag:fileName ?file }}""",
    )
    assert rows and all(file == "003_0624c5519d2bf45e.txt" and "潘国华" in quote for quote, file in rows)


def test_every_move_and_entity_has_provenance(union: rdflib.Graph) -> None:
    assert not ask(union, "?m a ag:Move FILTER NOT EXISTS { ?m ag:quote ?q ; prov:wasDerivedFrom ?s . ?s a ag:Source }")
    for cls in ("Person", "Organization", "Company", "AlumniGroup", "Event"):
        assert not ask(union, f"?e a ag:{cls} FILTER NOT EXISTS {{ ?e prov:wasDerivedFrom ?s . ?s a ag:Source }}")
    assert not ask(
        union,
        "?s ?p ?o FILTER(?p NOT IN (prov:wasDerivedFrom, ag:quote, rdf:type, rdf:subject, "
        "rdf:predicate, rdf:object)) FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
        " FILTER NOT EXISTS { ?s a rdf:Statement }",
    )
