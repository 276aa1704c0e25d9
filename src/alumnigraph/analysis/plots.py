"""Plots for docs/analysis.md: deterministic SVG drawn with matplotlib's Agg/SVG backends.

Figures are made without pyplot, on the Agg canvas (no display needed, no global state). SVG output
is byte-stable: ids are hashed with a fixed ``svg.hashsalt``, the ``Date`` metadata is
dropped and text is drawn as paths. Chinese labels need a CJK font; when none is installed, labels are
English only, so drawing never fails for want of a font.

>>> svg = bar_chart([label("Tencent", "腾讯", None)], [0.5], "PageRank", font=None)
>>> svg.startswith(b"<?xml") and b"<dc:date>" not in svg
True
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import networkx as nx
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Arial Unicode MS")
"""CJK font families tried in order."""

LATIN_FONT = "DejaVu Sans"
"""The font for Latin text (matplotlib's bundled default)."""

MAX_LABEL = 34
"""Longest English label, in characters, before it is cut with an ellipsis."""

COLOR = "#3b6ea5"
"""The bar and node colour."""

PALETTE = (COLOR, "#e3a33b", "#6aa57a", "#b85c5c")
"""Colours of stacked series."""

BIG_COMPONENT = 5
"""Components with at least this many nodes get a band of their own in network drawings."""


def cjk_font() -> str | None:
    """The first installed font family of :data:`CJK_FONTS`, or None.

    >>> cjk_font() in (None, *CJK_FONTS)
    True
    """
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def label(en: str, zh: str, font: str | None, width: int = MAX_LABEL) -> str:
    """A plot label: the English name cut to ``width`` characters, with the Chinese name (cut to half as
    many) when a CJK font is available.

    >>> label("ByteDance", "字节跳动", "Noto Sans CJK SC"), label("ByteDance", "字节跳动", None)
    ('ByteDance 字节跳动', 'ByteDance')
    >>> label("a mid-sized internet company going overseas (unnamed)", "一家互联网出海中厂", "CJK", 16)
    'a mid-sized int… 一家互联网出海…'
    >>> label("a mid-sized internet company going overseas (unnamed)", "一家互联网出海中厂", None)
    'a mid-sized internet company goin…'
    """
    return f"{_cut(en, width)} {_cut(zh, width // 2)}" if font and zh != en else _cut(en, width)


@contextmanager
def _style(font: str | None) -> Iterator[None]:
    rc = {
        "svg.hashsalt": "alumnigraph",
        "svg.fonttype": "path",
        "font.family": [LATIN_FONT, font] if font else [LATIN_FONT],
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with rc_context(rc):
        yield


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def _svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "alumnigraph docs analysis"},
                bbox_inches="tight")
    return buffer.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[float] | dict[str, Sequence[float]], xlabel: str, *,
              font: str | None, title: str = "", log: bool = False) -> bytes:
    """Horizontal bars, first label on top, as SVG bytes; ``log`` for a logarithmic value axis.

    ``values`` is one series, or several by name (drawn stacked, with a legend).

    >>> bar_chart(["A", "B"], [2, 1], "moves", font=None)[:5]
    b'<?xml'
    >>> bar_chart(["A", "B"], {"people": [2, 1], "events": [0, 3]}, "links", font=None)[:5]
    b'<?xml'
    """
    series = values if isinstance(values, dict) else {"": values}
    with _style(font):
        fig = _figure(7, 0.6 + 0.32 * max(len(labels), 1) + (0.3 if len(series) > 1 else 0))
        ax = fig.add_subplot()
        ys = list(range(len(labels)))[::-1]
        left = [0.0] * len(labels)
        for i, (name, numbers) in enumerate(series.items()):
            ax.barh(ys, list(numbers), left=left, color=PALETTE[i % len(PALETTE)], log=log, label=name)
            left = [a + b for a, b in zip(left, numbers, strict=True)]
        ax.set_yticks(ys, list(labels))
        ax.set_xlabel(xlabel)
        if len(series) > 1:
            ax.legend(loc="lower right", frameon=False)
        if title:
            ax.set_title(title, loc="left")
        return _svg(fig)


def year_chart(counts: dict[int, int], ylabel: str, *, font: str | None, title: str = "") -> bytes:
    """Vertical bars per year (every year between the first and the last shown), as SVG bytes.

    >>> year_chart({2020: 1, 2022: 3}, "moves", font=None)[:5]
    b'<?xml'
    """
    with _style(font):
        fig = _figure(7, 3)
        ax = fig.add_subplot()
        years = list(range(min(counts), max(counts) + 1)) if counts else []
        ax.bar(years, [counts.get(y, 0) for y in years], color=COLOR)
        ax.set_xticks(years, [str(y) for y in years], rotation=90 if len(years) > 12 else 0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title, loc="left")
        return _svg(fig)


def _spread(value: float, values: list[float]) -> float:
    """The rank of ``value`` among ``values`` mapped onto [-1, 1]: keeps the order, evens out clusters.

    >>> [_spread(v, [0.0, 0.1, 5.0]) for v in (0.0, 0.1, 5.0)], _spread(3.0, [3.0, 3.0])
    ([-1.0, 0.0, 1.0], 0.0)
    """
    distinct = sorted(set(values))
    return 0.0 if len(distinct) == 1 else 2 * distinct.index(value) / (len(distinct) - 1) - 1


def component_layout(graph: nx.Graph, columns: int = 2, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions: each connected component laid out on its own (seeded spring layout), largest first.

    Components of :data:`BIG_COMPONENT` nodes or more get a full-width band each; smaller ones share a
    grid of ``columns`` cells per row below them.

    >>> pos = component_layout(nx.Graph([("a", "b"), ("c", "d")]))
    >>> sorted(pos) == ["a", "b", "c", "d"] and pos["a"] != pos["c"]
    True
    """
    plain = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    parts = sorted(nx.connected_components(plain), key=lambda c: (-len(c), min(c)))
    positions: dict[str, tuple[float, float]] = {}

    def place(nodes: set[str], center: tuple[float, float], half: tuple[float, float]) -> None:
        sub = nx.Graph()  # a fresh graph: subgraph views iterate their nodes in set (hash) order
        sub.add_nodes_from(sorted(nodes))
        sub.add_edges_from(sorted((u, v) for u, v in plain.edges(sorted(nodes)) if u in nodes and v in nodes))
        local = (nx.spring_layout(sub, seed=seed, weight=None, k=2 / len(nodes) ** 0.5, iterations=200)
                 if len(nodes) > 1 else {min(nodes): (0, 0)})
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        if max(ys) - min(ys) > max(xs) - min(xs):  # lay tall components on their side: bands are wide
            local, xs, ys = {n: (y, x) for n, (x, y) in local.items()}, ys, xs
        for n, (x, y) in local.items():  # each axis stretched to fill the band or cell
            positions[n] = (center[0] + half[0] * _spread(x, xs), center[1] + half[1] * _spread(y, ys))

    width, top = 4.5 * columns, 0.0
    for nodes in (c for c in parts if len(c) >= BIG_COMPONENT):
        place(nodes, (width / 2, top - 2.0), (width / 2 - 1.0, 1.6))
        top -= 4.4
    for i, nodes in enumerate(c for c in parts if len(c) < BIG_COMPONENT):
        row, column = divmod(i, columns)
        place(nodes, (4.5 * column + 2.25, top - 1.8 * row - 0.8), (1.5, 0.5))
    return positions


def network_chart(graph: nx.DiGraph, sizes: dict[str, float], labelled: set[str], *, font: str | None) -> bytes:
    """A drawing of a weighted graph: node area by ``sizes``, edge width by weight, some nodes named.

    >>> g = nx.DiGraph([("a", "b", {"weight": 2})])
    >>> network_chart(g, {"a": 0.4, "b": 0.6}, {"b"}, font=None)[:5]
    b'<?xml'
    """
    with _style(font):
        layout = component_layout(graph)
        ys = [y for _, y in layout.values()] or [0.0]
        fig = _figure(10, 1.0 + 0.9 * (max(ys) - min(ys)))
        ax = fig.add_subplot()
        ax.set_axis_off()
        top = max(sizes.values(), default=1) or 1
        nodes = sorted(graph.nodes)
        node_size = [20 + 380 * sizes.get(n, 0) / top for n in nodes]
        nx.draw_networkx_edges(graph, layout, ax=ax, edgelist=sorted(graph.edges), nodelist=nodes,
                               node_size=node_size, edge_color="#7b8794", arrowsize=10,
                               width=[0.8 + 0.8 * graph.edges[e].get("weight", 1) for e in sorted(graph.edges)])
        nx.draw_networkx_nodes(graph, layout, ax=ax, nodelist=nodes, node_color=COLOR, alpha=0.8,
                               node_size=node_size)
        for n in sorted(labelled):
            x, y = layout[n]
            ax.annotate(label(graph.nodes[n].get("label_en", n), graph.nodes[n].get("label_zh", n), font,
                              16), (x, y), xytext=(0, 9), textcoords="offset points",
                        ha="center", fontsize=7, annotation_clip=False)
        ax.margins(0.05)
        return _svg(fig)
