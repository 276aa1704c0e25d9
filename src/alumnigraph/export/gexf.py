"""GEXF export of the built graph, for Gephi.

The graph is flattened as for GraphML (lists become JSON text, every node gets a bilingual ``label``).
GEXF gives some attribute names a meaning of their own, so edges are adapted: the edge key becomes the
GEXF edge ``id``, the edge ``kind`` its ``label``, and ``start``/``end`` (employment years) are renamed
``startYear``/``endYear`` so Gephi does not read them as time intervals of a dynamic graph. The
``<meta>`` element names alumnigraph and carries no date, so the file is byte-identical from build to
build.

>>> from alumnigraph.analysis.example import example_graph
>>> text = gexf_text(example_graph())
>>> '<edge source="id/group/x-alumni" target="id/person/bo" id="edge/3" label="founder">' in text
True
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ..fingerprint import stamp
from .atomic import write_atomic
from .graphml import graphml_ready

RENAMED_EDGE_ATTRIBUTES = {"start": "startYear", "end": "endYear"}
"""Edge attributes GEXF would misread, and the names they are written under."""


def gexf_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` with GEXF-safe attributes (see the module docstring).

    >>> from alumnigraph.analysis.example import example_graph
    >>> g = gexf_ready(example_graph())
    >>> g.edges["id/person/ann", "id/company/y", "edge/0"]
    {'endYear': 2022, 'kind': 'worksFor', 'id': 'edge/0', 'label': 'worksFor'}
    """
    flat = graphml_ready(graph)
    out = nx.MultiDiGraph()
    out.add_nodes_from(flat.nodes(data=True))
    for u, v, k, data in flat.edges(keys=True, data=True):
        attrs = {RENAMED_EDGE_ATTRIBUTES.get(a, a): value for a, value in data.items()}
        out.add_edge(u, v, key=k, **attrs, id=k, label=data.get("kind", ""))
    return out


def gexf_text(graph: nx.MultiDiGraph) -> str:
    """The GEXF 1.2 document of ``graph``.

    >>> import networkx as nx
    >>> print(gexf_text(nx.MultiDiGraph()).splitlines()[2].strip())
    <meta>
    """
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.attrib.pop("lastmodifieddate", None)
    creator = meta.find("creator")
    assert creator is not None
    creator.text = "alumnigraph"
    if "content_hash" in graph.graph:
        description = meta.find("description")
        if description is None:
            description = ET.SubElement(meta, "description")
        description.text = stamp(graph.graph["version"], graph.graph["content_hash"])
    writer.add_graph(gexf_ready(graph))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` as GEXF, atomically.

    >>> import tempfile
    >>> from alumnigraph.analysis.example import example_graph
    >>> target = Path(tempfile.mkdtemp()) / "g.gexf"
    >>> write_gexf(example_graph(), target)
    >>> nx.read_gexf(target).number_of_edges()
    12
    """
    write_atomic(path, gexf_text(graph))
