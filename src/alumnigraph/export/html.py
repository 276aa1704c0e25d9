"""Interactive HTML export (pyvis + vis-network), opening offline from a file.

>>> import networkx as nx
>>> "<html" in html_text(nx.MultiDiGraph())
True
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import networkx as nx

from .atomic import write_atomic


def html_text(graph: nx.MultiDiGraph) -> str:
    """Placeholder page (replaced by the full viewer)."""
    data = json.dumps(sorted(graph.nodes), ensure_ascii=False)
    return f"<!doctype html><html><body><pre>{html.escape(data)}</pre></body></html>\n"


def write_html(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write the page to ``path``, atomically."""
    write_atomic(path, html_text(graph))
