"""The interactive HTML viewer, in a real headless Chromium loading the page from ``file://``.

Expectations are derived from the built graph (never hard-coded counts): the page must draw every
node, find names in both languages and aliases, filter by type, kind, organization and year, fill
the side panel with names and quotes, stay inert on hostile text, and make no network request.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from alumnigraph.export.html import FONT_STACK, html_text, node_category, script_json, top_nodes, write_html
from alumnigraph.exports import load_graph
from tests.html_browser import PageLog, open_viewer, watch

GRAPH_DIR = Path(__file__).resolve().parent.parent / "graph"
DIM_BACKGROUND = "#eef1f4"


# --- fixtures -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def graph() -> nx.MultiDiGraph:
    """The curated graph, loaded and checked like ``alumnigraph build`` does."""
    return load_graph(GRAPH_DIR).graph


@pytest.fixture(scope="session")
def real_html(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The viewer page of the curated graph, written into a temporary folder."""
    path = tmp_path_factory.mktemp("html") / "alumnigraph.html"
    write_html(graph, path)
    return path


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab (its own context, so no state leaks between tests)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def real_page(page: Page, real_html: Path) -> tuple[Page, PageLog]:
    """The curated graph's page, loaded and laid out, with everything it did recorded."""
    log = watch(page)
    open_viewer(page, real_html)
    return page, log


# --- helpers ------------------------------------------------------------------------------------
def js(page: Page, expression: str, arg: Any = None) -> Any:
    """Evaluate ``expression`` (a function of ``arg``) with ``ag`` bound to the page's viewer API."""
    return page.evaluate(f"(arg) => {{ const ag = window.alumnigraph; return ({expression}); }}", arg)


def drawn_nodes(page: Page) -> set[str]:
    return set(js(page, "ag.drawnNodeIds()"))


def drawn_edges(page: Page) -> set[str]:
    return set(js(page, "ag.drawnEdgeIds()"))


def panel_text(page: Page) -> str:
    return js(page, "document.getElementById('panel').textContent")


def assert_clean(log: PageLog) -> None:
    assert log.foreign_requests() == []
    assert log.failed == []
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.dialogs == []


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _names(attrs: dict[str, Any]) -> list[str]:
    return [attrs["label_zh"], attrs["label_en"], *attrs["aliases"]]


def unique_name(graph: nx.MultiDiGraph, pick) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(node, name) for the most connected node whose ``pick``-ed name no other name equals."""
    counts: dict[str, int] = {}
    for _, attrs in graph.nodes(data=True):
        for name in set(map(_norm, _names(attrs))):
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(graph.nodes(data=True), key=lambda n: (-graph.degree(n[0]), n[0]))
    for node, attrs in ranked:
        for name in pick(attrs):
            if counts[_norm(name)] == 1:
                return node, name
    pytest.fail("the graph has no node with such a unique name")


def search_with_ui(page: Page, query: str) -> list[str]:
    page.fill("#search", query)
    page.press("#search", "Enter")
    return js(page, "ag.network.getSelectedNodes()")


def is_move(attrs: dict[str, Any]) -> bool:
    return attrs["kind"] in ("left", "joined")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


# --- the file itself ----------------------------------------------------------------------------
def test_page_is_byte_identical_between_builds_and_self_contained(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    write_html(graph, first)
    write_html(graph, second)
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(text)
    assert [u for u in parser.urls if u.strip().lower().startswith(("http:", "https:", "//"))] == []
    assert "link" not in parser.tags and "iframe" not in parser.tags
    assert parser.tags.count("script") == 3
    assert "Content-Security-Policy" in text and "default-src &#39;none&#39;" not in text
    assert "default-src 'none'" in text
    assert FONT_STACK in text and FONT_STACK.startswith('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC"')


@given(st.text())
def test_script_json_is_inert_inside_script_and_round_trips(text: str) -> None:
    encoded = script_json({"label": text, "quote": f"</script>{text}<!--"})
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(encoded) == {"label": text, "quote": f"</script>{text}<!--"}


def test_large_graph_mode_keeps_the_most_central_nodes(graph: nx.MultiDiGraph) -> None:
    k = min(5, graph.number_of_nodes() - 1)
    kept = set(top_nodes(graph, k))
    degree = dict(graph.degree())
    assert len(kept) == k
    assert min(degree[n] for n in kept) >= max(degree[n] for n in graph if n not in kept)
    assert 'id="banner"' in html_text(graph, max_nodes=k)
    assert 'id="banner"' not in html_text(graph)


# --- the real graph in Chromium -----------------------------------------------------------------
def test_real_graph_opens_offline_and_draws_every_node(real_page: tuple[Page, PageLog], graph: nx.MultiDiGraph) -> None:
    page, log = real_page
    assert drawn_nodes(page) == set(graph.nodes)
    assert js(page, "ag.nodes.length") == graph.number_of_nodes()
    assert len(drawn_edges(page)) == graph.number_of_edges()
    assert js(page, "ag.network.physics.options.enabled") is False
    before = js(page, "ag.network.getPositions()")
    page.wait_for_timeout(400)
    assert js(page, "ag.network.getPositions()") == before
    assert_clean(log)
    fonts = js(page, "[getComputedStyle(document.body).fontFamily, ag.data.options.nodes.font.face]")
    assert all(f.startswith('"Noto Sans CJK SC"') for f in fonts)
    assert js(page, "document.fonts.check('16px \"Noto Sans CJK SC\"', '腾讯')") is True


def test_layout_is_the_same_on_every_load(browser: Browser, real_html: Path) -> None:
    positions = []
    for _ in range(2):
        tab = browser.new_page()
        open_viewer(tab, real_html)
        positions.append(js(tab, "ag.network.getPositions()"))
        tab.close()
    assert positions[0] == positions[1]


@pytest.mark.parametrize(
    "pick",
    [
        pytest.param(lambda a: [a["label_zh"]] if not a["label_zh"].isascii() else [], id="chinese"),
        pytest.param(lambda a: [a["label_en"]] if a["label_en"] != a["label_zh"] else [], id="english"),
        pytest.param(lambda a: [x for x in a["aliases"] if x not in (a["label_zh"], a["label_en"])], id="alias"),
    ],
)
def test_search_selects_the_named_node(real_page: tuple[Page, PageLog], graph: nx.MultiDiGraph, pick) -> None:  # type: ignore[no-untyped-def]
    page, log = real_page
    node, name = unique_name(graph, pick)
    assert search_with_ui(page, name) == [node]
    assert graph.nodes[node]["label_zh"] in panel_text(page)
    js(page, "ag.reset()")
    assert js(page, "ag.network.getSelectedNodes()") == []
    assert js(page, "ag.search(arg)", name) == node
    assert_clean(log)


def test_type_filter_hides_that_type_and_its_edges(real_page: tuple[Page, PageLog], graph: nx.MultiDiGraph) -> None:
    page, _ = real_page
    people = {n for n, a in graph.nodes(data=True) if node_category(a) == "person"}
    assert people
    page.uncheck('#type-filters input[data-types="person"]')
    assert drawn_nodes(page) == set(graph.nodes) - people
    expected_edges = sum(1 for u, v in graph.edges() if u not in people and v not in people)
    assert len(drawn_edges(page)) == expected_edges
    page.check('#type-filters input[data-types="person"]')
    assert drawn_nodes(page) == set(graph.nodes)


def test_year_range_and_kind_filters_hide_moves(real_page: tuple[Page, PageLog], graph: nx.MultiDiGraph) -> None:
    page, _ = real_page
    moves = [(u, v, a) for u, v, a in graph.edges(data=True) if is_move(a)]
    years = sorted({a["year"] for *_, a in moves if a.get("year") is not None})
    assert len(years) >= 2, "the curated graph dates moves in several years"
    year = years[-1]
    page.fill("#year-from", str(year))
    page.fill("#year-to", str(year))
    outside = sum(1 for *_, a in moves if a.get("year") not in (None, year))
    assert len(drawn_edges(page)) == graph.number_of_edges() - outside
    assert drawn_nodes(page) == set(graph.nodes)
    page.uncheck("#year-undated")
    undated = sum(1 for *_, a in moves if a.get("year") is None)
    assert len(drawn_edges(page)) == graph.number_of_edges() - outside - undated
    page.check("#hide-isolated")
    touched = {n for u, v, a in graph.edges(data=True) if not is_move(a) or a.get("year") == year for n in (u, v)}
    assert drawn_nodes(page) == touched
    page.click("#reset")
    assert len(drawn_edges(page)) == graph.number_of_edges()
    page.uncheck('#kind-filters input[data-kinds="worksFor"]')
    works = sum(1 for *_, a in graph.edges(data=True) if a["kind"] == "worksFor")
    assert len(drawn_edges(page)) == graph.number_of_edges() - works


def test_organization_filter_shows_its_neighbourhood(real_page: tuple[Page, PageLog], graph: nx.MultiDiGraph) -> None:
    page, _ = real_page
    orgs = [n for n, a in graph.nodes(data=True) if a["type"] in ("Company", "AlumniGroup")]
    hub = max(orgs, key=lambda n: (graph.degree(n), n))
    page.select_option("#org-filter", hub)
    neighbourhood = {hub} | set(nx.all_neighbors(graph, hub))
    assert drawn_nodes(page) == neighbourhood
    page.select_option("#org-depth", "2")
    two_steps = set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), hub, cutoff=2))
    assert drawn_nodes(page) == two_steps


def test_clicking_a_node_fills_the_panel_and_highlights_its_neighbourhood(
    real_page: tuple[Page, PageLog], graph: nx.MultiDiGraph
) -> None:
    page, log = real_page
    people = [n for n, a in graph.nodes(data=True) if a["type"] == "Person" and a["quotes"]]
    person = max(people, key=lambda n: (graph.degree(n), n))
    js(page, "ag.network.moveTo({position: ag.network.getPosition(arg), scale: 2.5, animation: false})", person)
    box = page.locator("#graph").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert js(page, "ag.network.getSelectedNodes()") == [person]
    attrs = graph.nodes[person]
    text = panel_text(page)
    assert attrs["label_zh"] in text and attrs["label_en"] in text
    assert all(q["quote"] in text for q in attrs["quotes"])
    assert all(a["quote"] in text for *_, a in graph.edges(person, data=True))
    strangers = set(graph.nodes) - {person} - set(nx.all_neighbors(graph, person))
    colours = js(page, "Object.fromEntries(ag.nodes.get().map(n => [n.id, n.color.background]))")
    assert {n for n, c in colours.items() if c == DIM_BACKGROUND} == strangers
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    assert js(page, "ag.network.getSelectedNodes()") == []
    assert DIM_BACKGROUND not in js(page, "ag.nodes.get().map(n => n.color.background)")
    assert_clean(log)


# --- hostile text -------------------------------------------------------------------------------
HOSTILE = {
    "name": "<img src=x onerror=alert(1)>",
    "name_en": "</script><script>alert(2)</script>",
    "alias": "\"double\" 'single' \\back\\slash \\u003c",
    "rtl": "\u200f\u05d0 right-to-left mark \u202e",
    "description": "<b>bold</b> & <iframe src=javascript:alert(3)></iframe> {{ 7*7 }} ${alert(4)}",
    "quote": "line one\nline two </script><img src=x onerror=\"window.pwned=1\"><!-- \u2028 \u2029 end",
    "org": "</textarea><svg onload=alert(5)>",
    "org_en": "Evil & Co <style>body{display:none}</style>",
    "move": "<script>alert(6)</script> \\\" '",
}


def hostile_facts(folder: Path) -> Path:
    """A tiny, valid fact file whose every text field tries to inject markup or script."""
    facts = {
        "source": {"file": "hostile.txt", "title": HOSTILE["name_en"], "date": "2024-01-02",
                   "quotes": [HOSTILE["quote"]]},
        "people": [{"id": "person/hostile", "name": HOSTILE["name"], "name_en": HOSTILE["name_en"],
                    "aliases": [HOSTILE["alias"], HOSTILE["rtl"]], "description": HOSTILE["description"],
                    "pseudonym": True, "quote": HOSTILE["quote"]}],
        "organizations": [{"id": "company/hostile-co", "name": HOSTILE["org"], "name_en": HOSTILE["org_en"],
                           "quote": HOSTILE["org"]}],
        "moves": [{"person": "person/hostile", "to": "company/hostile-co", "year": 2020, "quote": HOSTILE["move"]}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    return folder


def test_hostile_text_stays_inert_and_literal(page: Page, tmp_path: Path) -> None:
    graph = load_graph(hostile_facts(tmp_path / "facts")).graph
    html = tmp_path / "alumnigraph.html"
    write_html(graph, html)
    log = watch(page)
    open_viewer(page, html)
    assert drawn_nodes(page) == set(graph.nodes)
    for query in (HOSTILE["name"], HOSTILE["alias"], HOSTILE["org_en"]):
        assert search_with_ui(page, query)
        page.wait_for_timeout(50)
    assert js(page, "ag.select('id/person/hostile', {focus: false})") is True
    text = panel_text(page)
    for key in ("name", "name_en", "alias", "rtl", "description", "quote", "org", "org_en", "move"):
        assert HOSTILE[key] in text, key
    assert "Pseudonym (化名)yes" in text
    js(page, "ag.selectEdge(ag.drawnEdgeIds()[0])")
    assert HOSTILE["move"] in panel_text(page)
    js(page, "ag.network.moveTo({position: ag.network.getPosition('id/person/hostile'), scale: 2, animation: false})")
    box = page.locator("#graph").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    assert HOSTILE["name"] in js(page, "document.getElementById('tooltip').textContent")
    assert js(page, "document.querySelectorAll('img, iframe, textarea, script, style').length") == 3 + 2
    handlers = "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on')))"
    assert js(page, handlers + ".length") == 0
    assert js(page, "window.pwned === undefined") is True
    assert js(page, "ag.data.details['id/person/hostile'].zh") == HOSTILE["name"]
    assert_clean(log)


def test_large_graph_mode_shows_a_banner_and_top_nodes(page: Page, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    k = min(12, graph.number_of_nodes() - 1)
    html = tmp_path / "top.html"
    write_html(graph, html, max_nodes=k)
    log = watch(page)
    open_viewer(page, html)
    assert drawn_nodes(page) == set(top_nodes(graph, k))
    banner = page.locator("#banner")
    assert banner.is_visible()
    assert f"showing the {k} most central of {graph.number_of_nodes()} nodes" in banner.inner_text()
    assert_clean(log)
