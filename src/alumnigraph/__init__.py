"""alumnigraph: a knowledge graph of China's internet industry alumni networks, from quoted facts.

>>> from alumnigraph import __version__
>>> __version__.count(".")
2
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alumnigraph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
