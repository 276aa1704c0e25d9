"""One module per export format; each writes deterministically and atomically.

>>> from alumnigraph.export import FORMATS
>>> FORMATS["graphml"]
'alumnigraph.graphml'
"""

from __future__ import annotations

FORMATS = {
    "ttl": "alumnigraph.ttl",
    "trig": "alumnigraph.trig",
    "nt": "alumnigraph.nt",
    "jsonld": "alumnigraph.jsonld",
    "graphml": "alumnigraph.graphml",
    "html": "alumnigraph.html",
    "gexf": "alumnigraph.gexf",
    "nodelink": "alumnigraph.json",
    "centrality-full": "alumnigraph-centrality-full.csv",
    "centrality-talent-flow": "alumnigraph-centrality-talent-flow.csv",
    "centrality-affiliation": "alumnigraph-centrality-affiliation.csv",
    "centrality-co-alumni": "alumnigraph-centrality-co-alumni.csv",
}
"""Export format → file name under the output folder."""
