"""Interactive HTML export: one self-contained page that opens offline by double-click.

The network is assembled with pyvis (``Network.add_node`` / ``add_edge`` / ``options``) and rendered
with our own Jinja template (``templates/viewer.html``): pyvis's stock template loads Bootstrap from
a CDN. vis-network's script and style ship inside pyvis and are inlined, as are our own script and
style, so the page makes no network request. All data is embedded as one JSON document that is safe
inside ``<script>``; the page builds its DOM with ``textContent`` only and a Content-Security-Policy
allows nothing but the page's own (hashed) scripts.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("id/person/a", type="Person", label_zh="甲", label_en="A")
>>> page = html_text(g)
>>> page.startswith("<!doctype html>"), "<script src" in page, page == html_text(g)
(True, False, True)
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from .atomic import write_atomic

FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
"""CJK-capable fonts, for the page and for vis-network's canvas labels."""
DEFAULT_MAX_NODES = 1500
"""Above this many nodes the page shows only the most central ones (the curated graph is far smaller)."""
QUOTES_SHOWN = 20
"""Quotes (and source ids) a node's panel carries at most: a company of a bulk graph is quoted by thousands of
articles, which would make the page hundreds of megabytes; the panel says how many there are in all."""
LAYOUT_SEED = 20240402
STABILIZATION_ITERATIONS = 800
"""Layout budget for graphs up to ``FULL_BUDGET_NODES`` nodes; larger ones get proportionally fewer."""
FULL_BUDGET_NODES = 400
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TEXT = "#1f2933"
LABEL_MAX = 26
MOVE_KINDS = frozenset({"left", "joined"})
CORE_NODE_ATTRS = frozenset({"type", "label_zh", "label_en", "aliases", "pseudonym", "unnamed", "description",
                             "wikidata", "sources", "quotes"})
CORE_EDGE_ATTRS = frozenset({"kind", "source", "quote", "year", "move"})


@dataclass(frozen=True)
class NodeStyle:
    """How one category of node is drawn and named in the legend."""

    key: str
    label: str
    shape: str
    color: str
    border: str


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge is drawn and named: in the legend, and read from each end in the panel.

    ``dashes`` is false or a dash pattern; ``forward`` reads source → target ("works for"),
    ``backward`` reads target ← source ("employs").
    """

    kind: str
    label: str
    color: str
    dashes: bool | list[int] = False
    width: float = 1.4
    forward: str = ""
    backward: str = ""


NODE_STYLES = [
    NodeStyle("person", "Person", "dot", "#4e79a7", "#2b4c6f"),
    NodeStyle("company", "Company", "square", "#f28e2b", "#a95a0c"),
    NodeStyle("group", "Alumni group", "star", "#e15759", "#9e2a2c"),
    NodeStyle("org", "Other organization", "diamond", "#59a14f", "#356b2e"),
    NodeStyle("unnamed", "Unnamed organization", "hexagon", "#b8b8b8", "#707070"),
    NodeStyle("event", "Event", "triangle", "#b07aa1", "#7a4d6e"),
]
EDGE_STYLES = [
    EdgeStyle("worksFor", "Employment (works for)", "#8796a5", forward="works for", backward="employs"),
    EdgeStyle("left", "Move: left", "#d6604d", [7, 4], 2.0, "left", "was left by"),
    EdgeStyle("joined", "Move: joined", "#2e9e5b", False, 2.0, "joined", "was joined by"),
    EdgeStyle("memberOf", "Membership (member of)", "#8e6bbf", [2, 4], forward="member of", backward="has member"),
    EdgeStyle("alumniGroupOf", "Alumni group of", "#d35fb7", False, 2.5, "alumni group of", "has alumni group"),
    EdgeStyle("founder", "Founder", "#c9a227", forward="founded by", backward="founder of"),
    EdgeStyle("organizer", "Organizer", "#c9a227", [4, 3], forward="organized by", backward="organizer of"),
    EdgeStyle("participant", "Participant", "#a99bb8", [1, 3], forward="has participant", backward="took part in"),
    EdgeStyle("invested", "Invested in", "#1b7f79", False, 2.0, "invested in", "received investment from"),
    EdgeStyle("studiedAt", "Studied at", "#9c755f", [3, 3], forward="studied at", backward="attended by"),
]
NODE_STYLE = {s.key: s for s in NODE_STYLES}
EDGE_STYLE = {s.kind: s for s in EDGE_STYLES}
TYPE_CATEGORY = {"Person": "person", "Company": "company", "AlumniGroup": "group", "Organization": "org",
                 "Event": "event"}


def node_category(attrs: dict[str, Any]) -> str:
    """The legend category of a node: its type, except that unnamed organizations form their own.

    >>> node_category({"type": "Company", "unnamed": True}), node_category({"type": "AlumniGroup"})
    ('unnamed', 'group')
    """
    category = TYPE_CATEGORY.get(attrs.get("type", ""), "org")
    return "unnamed" if attrs.get("unnamed") and category in ("company", "group", "org") else category


def edge_style(kind: str) -> EdgeStyle:
    """The style of an edge kind; kinds added later get a plain grey style named after the kind.

    >>> edge_style("joined").color, edge_style("newKind").label
    ('#2e9e5b', 'newKind')
    """
    return EDGE_STYLE.get(kind, EdgeStyle(kind, kind, "#9aa5b1", forward=kind, backward=f"is {kind} of"))


def centrality(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Degree centrality of every node (edges in both directions), rounded so output is stable.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> centrality(g)
    {'a': 1.0, 'b': 0.5, 'c': 0.5}
    """
    return {n: round(c, 6) for n, c in sorted(nx.degree_centrality(graph).items())}


def _scores(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, float]:
    """:func:`centrality` of ``nodes`` only (the same numbers, without ranking the whole graph)."""
    scale = 1 / (len(graph) - 1) if len(graph) > 1 else 1.0
    return {n: round(graph.degree(n) * scale, 6) for n in nodes}


def top_nodes(graph: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The nodes to show: all of them, or the ``max_nodes`` most central (ties by id), in id order.

    >>> top_nodes(nx.MultiDiGraph([("a", "b"), ("a", "c")]), 1)
    ['a']
    """
    if max_nodes >= graph.number_of_nodes():
        return sorted(graph.nodes)
    scores = _scores(graph, graph.nodes)  # cheap at a million nodes: no full sort, only a heap of max_nodes
    return sorted(n for _, n in heapq.nsmallest(max(max_nodes, 0), ((-c, n) for n, c in scores.items())))


def short(text: str, limit: int = LABEL_MAX) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (for canvas labels; the panel shows all).

    >>> short("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def node_label(attrs: dict[str, Any]) -> str:
    """The two-line canvas label: Chinese name, then English name (once if they are the same).

    >>> node_label({"label_zh": "腾讯", "label_en": "Tencent"}), node_label({"label_zh": "OKX", "label_en": "OKX"})
    ('腾讯\\nTencent', 'OKX')
    """
    zh, en = attrs.get("label_zh", ""), attrs.get("label_en", "")
    return short(zh) if zh == en or not en else f"{short(zh)}\n{short(en)}"


def _json_value(value: Any) -> Any:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _extras(attrs: dict[str, Any], core: frozenset[str]) -> list[list[Any]]:
    return [[k, _json_value(v)] for k, v in sorted(attrs.items()) if k not in core and v not in (None, "")]


def node_details(node: str, attrs: dict[str, Any], degree: int, score: float) -> dict[str, Any]:
    """What the side panel shows about a node (all of it plain data, shown as text by the page).

    At most :data:`QUOTES_SHOWN` quotes and sources are carried; ``quotesTotal`` and ``sourcesTotal`` count all.

    >>> node_details("id/person/a", {"type": "Person", "label_zh": "甲", "label_en": "A", "age": 30}, 2, 0.5)["facts"]
    [['age', 30]]
    >>> many = [{"source": f"source/s{i}", "quote": "q"} for i in range(50)]
    >>> d = node_details("id/company/b", {"quotes": many}, 1, 0.1)
    >>> len(d["quotes"]), d["quotesTotal"]
    (20, 50)
    """
    quotes, sources = list(attrs.get("quotes", [])), list(attrs.get("sources", []))
    return {
        "id": node,
        "zh": attrs.get("label_zh", ""),
        "en": attrs.get("label_en", ""),
        "aliases": list(attrs.get("aliases", [])),
        "type": attrs.get("type", ""),
        "category": node_category(attrs),
        "pseudonym": bool(attrs.get("pseudonym", False)),
        "unnamed": bool(attrs.get("unnamed", False)),
        "description": attrs.get("description", ""),
        "wikidata": attrs.get("wikidata", ""),
        "sources": list(sources[:QUOTES_SHOWN]),
        "sourcesTotal": len(sources),
        "quotes": _json_value(quotes[:QUOTES_SHOWN]),
        "quotesTotal": len(quotes),
        "facts": _extras(attrs, CORE_NODE_ATTRS),
        "degree": degree,
        "centrality": score,
    }


def _node_size(degree: int, max_degree: int) -> float:
    return round(10 + 26 * math.sqrt(degree / max_degree), 2) if max_degree else 10.0


def _add_nodes(net: Network, graph: nx.MultiDiGraph, shown: list[str]) -> dict[str, Any]:
    scores = _scores(graph, shown)
    degrees = dict(graph.degree(shown))
    max_degree = max((degrees[n] for n in shown), default=0)
    details = {}
    for n in shown:
        attrs = graph.nodes[n]
        style = NODE_STYLE[node_category(attrs)]
        dashed = bool(attrs.get("pseudonym")) or bool(attrs.get("unnamed"))
        net.add_node(
            n,
            label=node_label(attrs),
            shape=style.shape,
            color={"background": style.color, "border": style.border,
                   "highlight": {"background": style.color, "border": "#111111"},
                   "hover": {"background": style.color, "border": "#111111"}},
            font={"color": TEXT},
            size=_node_size(degrees[n], max_degree),
            borderWidth=2.5 if dashed else 1.5,
            shapeProperties={"borderDashes": [4, 3] if dashed else False},
        )
        details[n] = node_details(n, attrs, degrees[n], scores[n])
    return details


def edge_id(u: str, v: str, key: Any) -> str:
    """The id of a networkx edge in the page.

    >>> edge_id("id/person/a", "id/company/b", "edge/1")
    'id/person/a>id/company/b>edge/1'
    """
    return f"{u}>{v}>{key}"


def _curve(index: int) -> dict[str, Any]:
    """Parallel edges between one pair of nodes bend apart: straight, then alternating curves."""
    if index == 0:
        return {"enabled": False}
    side = "curvedCW" if index % 2 else "curvedCCW"
    return {"enabled": True, "type": side, "roundness": round(0.18 * ((index + 1) // 2), 2)}


def _add_edges(net: Network, graph: nx.MultiDiGraph, shown: list[str]) -> dict[str, Any]:
    keep = set(shown)
    pairs: Counter[tuple[str, str]] = Counter()
    details = {}
    among = ((u, v, key, attrs) for u in shown for v, keyed in graph.adj[u].items() if v in keep
             for key, attrs in keyed.items())
    for u, v, key, attrs in sorted(among, key=lambda e: (e[0], e[1], str(e[2]))):
        kind = attrs.get("kind", "")
        style = edge_style(kind)
        year = attrs.get("year")
        eid = edge_id(u, v, key)
        pair = (min(u, v), max(u, v))
        label = {"label": str(year)} if kind in MOVE_KINDS and year is not None else {}
        net.add_edge(
            u, v, id=eid,
            color={"color": style.color, "highlight": "#111111", "hover": "#333333", "inherit": False},
            dashes=style.dashes,
            width=style.width,
            **label,
            font={"color": "#52606d"},
            smooth=_curve(pairs[pair]),
        )
        pairs[pair] += 1
        details[eid] = {
            "id": eid, "from": u, "to": v, "kind": kind, "year": _json_value(year),
            "source": attrs.get("source", ""), "quote": attrs.get("quote", ""),
            "move": attrs.get("move", ""), "facts": _extras(attrs, CORE_EDGE_ATTRS),
        }
    return details


def stabilization_iterations(node_count: int) -> int:
    """The fixed layout budget: the full budget for small graphs, less (at least 150) for large ones.

    >>> stabilization_iterations(200), stabilization_iterations(1600)
    (800, 200)
    """
    if node_count <= FULL_BUDGET_NODES:
        return STABILIZATION_ITERATIONS
    return max(150, STABILIZATION_ITERATIONS * FULL_BUDGET_NODES // node_count)


def vis_options(node_count: int = 0) -> dict[str, Any]:
    """vis-network options: seeded layout, fixed stabilization budget, CJK fonts, arrows.

    The page switches physics off once stabilization is done, so nothing moves after load.

    >>> vis_options()["layout"]["randomSeed"] == LAYOUT_SEED
    True
    """
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.012, "springLength": 120,
                                 "springConstant": 0.06, "damping": 0.55, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": stabilization_iterations(node_count), "updateInterval": 50,
                              "fit": True},
            "minVelocity": 0.75,
        },
        "interaction": {"hover": True, "multiselect": False, "navigationButtons": False, "keyboard": False,
                        "tooltipDelay": 150},
        "nodes": {"font": {"face": FONT_STACK, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"face": FONT_STACK, "size": 11, "strokeWidth": 3, "strokeColor": "#ffffff",
                           "align": "middle"},
                  "selectionWidth": 2},
    }


def build_network(graph: nx.MultiDiGraph, max_nodes: int = DEFAULT_MAX_NODES) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of ``graph`` (top ``max_nodes`` by centrality) and the page's own data.

    >>> net, data = build_network(nx.MultiDiGraph([("id/person/a", "id/company/b", {"kind": "worksFor"})]))
    >>> len(net.nodes), len(net.edges), data["truncated"]
    (2, 1, False)
    """
    shown = top_nodes(graph, max_nodes)
    net = Network(directed=True, cdn_resources="in_line")
    details = _add_nodes(net, graph, shown)
    edge_details = _add_edges(net, graph, shown)
    net.options = vis_options(len(shown))
    years = sorted({d["year"] for d in edge_details.values() if d["kind"] in MOVE_KINDS and isinstance(d["year"], int)})
    orgs = sorted((d for d in details.values() if d["type"] in ("Company", "AlumniGroup")),
                  key=lambda d: (d["type"] != "AlumniGroup", d["en"].casefold(), d["id"]))
    present_kinds = {d["kind"] for d in edge_details.values()}
    data = {
        "details": details,
        "edgeDetails": edge_details,
        "nodeStyles": [asdict(s) for s in NODE_STYLES],
        "edgeStyles": [asdict(s) for s in EDGE_STYLES]
        + [asdict(edge_style(k)) for k in sorted(present_kinds - EDGE_STYLE.keys())],
        "orgs": [{"id": d["id"], "zh": d["zh"], "en": d["en"], "type": d["type"]} for d in orgs],
        "years": [years[0], years[-1]] if years else None,
        "total": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
        "shown": {"nodes": len(net.nodes), "edges": len(net.edges)},
        "truncated": len(shown) < graph.number_of_nodes(),
        "fontFace": FONT_STACK,
        "build": {k: graph.graph[k] for k in ("version", "content_hash") if k in graph.graph},
        "sourceTitles": dict(sorted(graph.graph.get("source_titles", {}).items())),
    }
    return net, data


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&``, U+2028/2029 are escaped.

    >>> script_json({"x": "</script><b>&"})
    '{"x":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def inline(text: str, tag: str) -> Markup:
    """``text`` to put between ``<tag>`` and ``</tag>``; refuses text that could end the element early.

    >>> inline("a < b", "script")
    Markup('a < b')
    >>> inline("x</SCRIPT>", "script")
    Traceback (most recent call last):
    ...
    ValueError: cannot inline text containing '</script' or '<!--'
    """
    lowered = text.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise ValueError(f"cannot inline text containing '</{tag}' or '<!--'")
    return Markup(text)


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source expression that allows exactly this inline script.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def _template_text(name: str) -> str:
    return (resources.files("alumnigraph") / "templates" / name).read_text(encoding="utf-8")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_text),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def html_text(graph: nx.MultiDiGraph, *, max_nodes: int = DEFAULT_MAX_NODES,
              title: str = "alumnigraph: China's internet alumni networks") -> str:
    """The whole page: inlined vis-network and viewer code, the graph as escaped JSON."""
    net, data = build_network(graph, max_nodes)
    data.update(nodes=net.nodes, edges=net.edges, options=net.options)
    scripts = {
        "vis_js": (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        "viewer_js": _template_text("viewer.js"),
    }
    styles = {
        "vis_css": (VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        "viewer_css": _template_text("viewer.css").replace("__FONT_STACK__", FONT_STACK),
    }
    page = _environment().get_template("viewer.html").render(
        title=title,
        data_json=inline(script_json(data), "script"),
        script_hashes=" ".join(csp_hash(s) for s in scripts.values()),
        truncated=data["truncated"],
        shown=data["shown"],
        total=data["total"],
        **{k: inline(v, "script") for k, v in scripts.items()},
        **{k: inline(v, "style") for k, v in styles.items()},
    )
    return page


def write_html(graph: nx.MultiDiGraph, path: Path, *, max_nodes: int = DEFAULT_MAX_NODES) -> None:
    """Write the page for ``graph`` to ``path``, atomically and byte-identically on every build.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "g.html"
    >>> write_html(nx.MultiDiGraph([("id/person/a", "id/company/b", {"kind": "worksFor"})]), target)
    >>> "vis-network" in target.read_text(encoding="utf-8")
    True
    """
    write_atomic(path, html_text(graph, max_nodes=max_nodes))
