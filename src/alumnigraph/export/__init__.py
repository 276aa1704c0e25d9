"""One module per export format; each writes deterministically and atomically.

>>> from alumnigraph.export import FORMATS
>>> sorted(FORMATS)[:2]
['graphml', 'html']
"""

from __future__ import annotations

FORMATS = {
    "ttl": "alumnigraph.ttl",
    "trig": "alumnigraph.trig",
    "nt": "alumnigraph.nt",
    "graphml": "alumnigraph.graphml",
    "html": "alumnigraph.html",
}
"""Export format → file name under the output folder."""
