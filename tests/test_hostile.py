"""Hostile text survives every export exactly and stays inert in the viewer.

One fact file puts markup, quotes, backslashes, line breaks, tabs, bidi controls, line/paragraph
separators, emoji and control characters into labels, aliases, quotes, notes and roles. It is built
into a temporary folder; every RDF export is parsed by rdflib and by pyoxigraph and must give back
exactly the built quads (so exactly these strings), GraphML read by networkx must give back exactly
the built attributes, and in Chromium the viewer must show each string as literal text with the
same DOM as a harmless twin of the same facts. ``tests/test_html.py`` covers search and tooltips.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
import yaml
from playwright.sync_api import Browser, Page

from alumnigraph.build import KnowledgeGraph
from alumnigraph.export import FORMATS
from alumnigraph.export.graphml import graphml_ready
from alumnigraph.exports import build_exports, load_graph
from tests.html_browser import PageLog, open_viewer, watch

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "end_script": "</script><script>alert(2)</script>",
    "img": "<img src=x onerror=alert(3)>",
    "quotes": "\"double\" and 'single' quotes",
    "backslash": "back\\slash \\n \\u0041 \\\\ \\\"",
    "newline": "line one\nline two\r\nline three",
    "tab": "tab\there",
    "rlo": "\u202eRTL override\u202c after",
    "rlm": "\u200fRLM \u05d0\u05d1 mark",
    "separators": "para\u2028graph\u2029separators",
    "emoji": "emoji 🧨👩‍💻🇨🇳",
    "controls": "ctrl \x7f\x85 [31m end",
    "turtle": '"""long""" \'\'\'quotes\'\'\' ; . } ] @en ^^<x>',
}
"""Every string is a valid name/quote (no surrounding white space)."""

RDF_FILES = {
    "ttl": ("turtle", ox.RdfFormat.TURTLE),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES),
    "trig": ("trig", ox.RdfFormat.TRIG),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}
DATASETS = {"trig", "jsonld"}
PERSON = "id/person/hostile"


def fact_set(text: dict[str, str]) -> dict[str, Any]:
    """One source whose every text field is taken from ``text`` (keys as in :data:`HOSTILE`)."""
    quote = text["newline"]
    return {
        "source": {"file": "hostile.txt", "title": text["end_script"], "title_en": text["img"], "date": "2024-01-02",
                   "date_note": text["turtle"], "quotes": [text["quotes"], text["rlo"]]},
        "people": [{"id": "person/hostile", "name": text["img"], "name_en": text["end_script"],
                    "aliases": [text["quotes"], text["rlo"], text["emoji"]], "aliases_en": [text["rlm"]],
                    "description": text["script"], "note": text["backslash"], "quote": [quote, text["tab"]]}],
        "organizations": [
            {"id": "company/hostile-co", "name": text["separators"], "name_en": text["controls"],
             "quote": text["turtle"], "note": text["rlm"]},
            {"id": "group/hostile-alumni", "name": text["tab"], "name_en": text["emoji"], "quote": text["script"]},
        ],
        "moves": [{"person": "person/hostile", "from": "group/hostile-alumni", "to": "company/hostile-co",
                   "year": 2020, "role": text["script"], "from_role": text["rlo"], "reason": text["controls"],
                   "note": text["separators"], "quote": text["backslash"]}],
        "employments": [{"person": "person/hostile", "organization": "company/hostile-co", "role": text["rlm"],
                         "duration": text["emoji"], "quote": text["img"]}],
        "memberships": [{"member": "person/hostile", "group": "group/hostile-alumni", "role": text["backslash"],
                         "quote": text["controls"]}],
    }


def build_into(folder: Path, text: dict[str, str]) -> tuple[KnowledgeGraph, Path]:
    """Write the fact set, build every export into ``folder/exports``; the graph and that folder."""
    facts = folder / "facts"
    facts.mkdir(parents=True)
    (facts / "hostile.yaml").write_text(yaml.safe_dump(fact_set(text), allow_unicode=True), encoding="utf-8")
    out = folder / "exports"
    build_exports(facts, out)
    return load_graph(facts), out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, Path]:
    return build_into(tmp_path_factory.mktemp("hostile"), HOSTILE)


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, Path]:
    """The same facts with every hostile string replaced by plain letters."""
    return build_into(tmp_path_factory.mktemp("harmless"), {k: f"plain {k}" for k in HOSTILE})


# --- RDF: exact quads in two parsers ------------------------------------------------------------
Term = tuple[str, ...]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def rdflib_term(t: Any) -> Term:
    if isinstance(t, rdflib.Literal):
        datatype = str(t.datatype) if t.datatype and str(t.datatype) != XSD_STRING else ""
        return ("literal", str(t), t.language or "", datatype)
    assert isinstance(t, rdflib.URIRef), f"unexpected term {t!r}"
    return ("iri", str(t))


def ox_term(t: Any) -> Term:
    if isinstance(t, ox.Literal):
        datatype = t.datatype.value if t.datatype.value not in (XSD_STRING, LANG_STRING) else ""
        return ("literal", t.value, t.language or "", datatype)
    assert isinstance(t, ox.NamedNode), f"unexpected term {t!r}"
    return ("iri", t.value)


def expected(kg: KnowledgeGraph, dataset: bool) -> set[tuple[Term, ...]]:
    rows: Iterable[tuple[Any, ...]] = kg.quads if dataset else kg.triples()
    return {tuple(rdflib_term(t) for t in row) for row in rows}


def rdflib_rows(path: Path, fmt: str, dataset: bool) -> set[tuple[Term, ...]]:
    if dataset:
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        return {tuple(rdflib_term(t) for t in q) for q in ds.quads() if q[3] != ds.default_graph.identifier}
    return {tuple(rdflib_term(t) for t in row) for row in rdflib.Graph().parse(path, format=fmt)}


def ox_rows(path: Path, fmt: ox.RdfFormat, dataset: bool) -> set[tuple[Term, ...]]:
    quads = list(ox.parse(path=str(path), format=fmt))
    if dataset:
        return {(ox_term(q.subject), ox_term(q.predicate), ox_term(q.object), ox_term(q.graph_name)) for q in quads}
    return {(ox_term(q.subject), ox_term(q.predicate), ox_term(q.object)) for q in quads}


@pytest.mark.parametrize("parser", ["rdflib", "pyoxigraph"])
@pytest.mark.parametrize("fmt", sorted(RDF_FILES))
def test_rdf_exports_give_back_every_hostile_string_exactly(
    hostile: tuple[KnowledgeGraph, Path], fmt: str, parser: str
) -> None:
    kg, out = hostile
    path, dataset = out / FORMATS[fmt], fmt in DATASETS
    rdflib_fmt, ox_fmt = RDF_FILES[fmt]
    rows = rdflib_rows(path, rdflib_fmt, dataset) if parser == "rdflib" else ox_rows(path, ox_fmt, dataset)
    want = expected(kg, dataset)
    assert rows - want == set() and want - rows == set()
    literals = {t[1] for row in rows for t in row if t[0] == "literal"}
    assert set(HOSTILE.values()) <= literals


def test_every_hostile_string_sits_where_it_was_curated(hostile: tuple[KnowledgeGraph, Path]) -> None:
    kg, _ = hostile
    data = kg.graph.nodes[PERSON]
    assert (data["label_zh"], data["label_en"], data["description"]) == (HOSTILE["img"], HOSTILE["end_script"],
                                                                         HOSTILE["script"])
    assert data["aliases"] == [HOSTILE["quotes"], HOSTILE["rlo"], HOSTILE["emoji"], HOSTILE["rlm"]]
    joined = [d for _, _, d in kg.graph.out_edges(PERSON, data=True) if d["kind"] == "joined"]
    assert [(d["role"], d["quote"], d["reason"]) for d in joined] == [
        (HOSTILE["script"], HOSTILE["backslash"], HOSTILE["controls"])]


# --- GraphML: exact attributes --------------------------------------------------------------------
def test_graphml_gives_back_every_attribute_exactly(hostile: tuple[KnowledgeGraph, Path]) -> None:
    kg, out = hostile
    read = nx.read_graphml(out / FORMATS["graphml"], force_multigraph=True)
    flat = graphml_ready(kg.graph)
    assert dict(read.nodes(data=True)) == dict(flat.nodes(data=True))
    edges = lambda g: {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}  # noqa: E731
    assert edges(read) == edges(flat)
    aliases = json.loads(read.nodes[PERSON]["aliases"])
    assert aliases == [HOSTILE["quotes"], HOSTILE["rlo"], HOSTILE["emoji"], HOSTILE["rlm"]]


@pytest.mark.parametrize("control", ["\x01", "\x07", "\x1b", "\x00", "\ufffe"])
def test_controls_xml_cannot_carry_are_refused_at_load(tmp_path: Path, control: str) -> None:
    """C0 controls (and U+FFFE) cannot be written to XML (GraphML, GEXF) even as references, and
    ESC would drive a terminal: the loader refuses them, located, before anything is built."""
    from alumnigraph.load import FactErrors, load_dir
    from tests.factfiles import BASE_YAML, write_facts

    escaped = control.encode("unicode_escape").decode("ascii").replace("\\x", "\\x")
    facts = write_facts(tmp_path, BASE_YAML.replace("    name: 张三\n", f'    name: "张三{escaped}"\n'))
    with pytest.raises(FactErrors, match=f"t_article.yaml:8: people\\[0\\].name: contains the control character "
                       f"U\\+{ord(control):04X}"):
        load_dir(facts)


# --- the viewer, in Chromium ----------------------------------------------------------------------
def open_person(browser: Browser, html: Path) -> tuple[Page, PageLog]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    log = watch(page)
    open_viewer(page, html)
    assert page.evaluate("id => window.alumnigraph.select(id, {focus: false})", PERSON) is True
    return page, log


DOM_SHAPE = "[...document.querySelectorAll('*')].map(e => e.tagName + '|' + [...e.attributes].map(a => a.name))"
HANDLERS = "[...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))"
BIDI_OF = """text => [...document.querySelectorAll('#panel *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.includes(text)))
  .map(e => getComputedStyle(e).unicodeBidi)"""


def test_viewer_shows_hostile_text_literally_with_the_dom_of_a_harmless_twin(
    browser: Browser, hostile: tuple[KnowledgeGraph, Path], harmless: tuple[KnowledgeGraph, Path]
) -> None:
    page, log = open_person(browser, hostile[1] / FORMATS["html"])
    twin, twin_log = open_person(browser, harmless[1] / FORMATS["html"])
    try:
        text = page.evaluate("document.getElementById('panel').textContent")
        for key in ("img", "end_script", "quotes", "rlo", "emoji", "rlm", "script", "tab", "backslash"):
            assert HOSTILE[key] in text, key
        assert HOSTILE["newline"].replace("\r\n", "\n") in page.evaluate(
            "document.getElementById('panel').innerText").replace("\r\n", "\n")
        assert Counter(page.evaluate(DOM_SHAPE)) == Counter(twin.evaluate(DOM_SHAPE))
        assert page.evaluate(HANDLERS) is False
        for key in ("rlo", "rlm"):
            styles = page.evaluate(BIDI_OF, HOSTILE[key])
            assert styles and all(s == "isolate" for s in styles), (key, styles)
        for each in (log, twin_log):
            assert each.dialogs == [] and each.page_errors == [] and each.console_errors == []
            assert each.foreign_requests() == []
    finally:
        page.close()
        twin.close()
