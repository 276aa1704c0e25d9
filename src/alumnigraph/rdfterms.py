"""RDF terms as N-Triples bytes: what the builder makes, and rdflib terms made from them on demand.

The builder writes every term in its canonical N-Triples form (``<iri>``, ``"text"@lang``,
``"lexical"^^<datatype>``), UTF-8 encoded: such bytes are cheap to make, hash and sort, and they are
already the bytes of the N-Triples export. :func:`to_rdflib` turns one back into an rdflib term for
the writers and tests that want rdflib.

>>> date_literal("2015-01-13")
b'"2015-01-13"^^<http://www.w3.org/2001/XMLSchema#date>'
>>> lang_of("南极圈"), lang_of("OKX")
('zh', 'en')
>>> to_rdflib(lang_literal('say "hi"', "en"))
rdflib.term.Literal('say "hi"', lang='en')
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_ESCAPED = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def escape_string(text: str) -> str:
    """Escape a string for a double-quoted N-Triples/Turtle literal.

    >>> escape_string('a "b"\\n')
    'a \\\\"b\\\\"\\\\n'
    """
    return _NEEDS_ESCAPE.sub(_escape_char, text) if _NEEDS_ESCAPE.search(text) else text


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _UNESCAPES[match.group(3)]


def lang_of(text: str) -> str:
    """``zh`` when the text holds any CJK character, else ``en``."""
    return "zh" if _CJK.search(text) else "en"


def iri_term(iri: str) -> bytes:
    """An IRI as a term (the IRI must be valid: the builder only makes them from checked ids).

    >>> iri_term("https://w3id.org/alumnigraph/id/company/tencent")
    b'<https://w3id.org/alumnigraph/id/company/tencent>'
    """
    return f"<{iri}>".encode()


def lang_literal(text: str, lang: str) -> bytes:
    """A language-tagged literal.

    >>> lang_literal("潘国华", "zh").decode()
    '"潘国华"@zh'
    """
    return f'"{escape_string(text)}"@{lang}'.encode()


def plain_literal(text: str) -> bytes:
    """A literal with no language tag (an ``xsd:string``).

    >>> plain_literal("people")
    b'"people"'
    """
    return f'"{escape_string(text)}"'.encode()


def typed_literal(lexical: str, datatype: str) -> bytes:
    """A literal of ``datatype`` (a full IRI).

    >>> typed_literal("7", XSD + "integer")
    b'"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return f'"{escape_string(lexical)}"^^<{datatype}>'.encode()


@functools.lru_cache(maxsize=1 << 12)
def text_literal(text: str) -> bytes:
    """A language-tagged literal, tagged by :func:`lang_of`.

    >>> text_literal("产品经理").decode()
    '"产品经理"@zh'
    """
    return lang_literal(text, lang_of(text))


_DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}


def date_literal(value: str) -> bytes:
    """``YYYY`` → xsd:gYear, ``YYYY-MM`` → xsd:gYearMonth, ``YYYY-MM-DD`` → xsd:date.

    >>> date_literal("2023-12")
    b'"2023-12"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    return typed_literal(value, _DATE_TYPES[len(value)])


@functools.lru_cache(maxsize=1024)
def year_literal(year: int) -> bytes:
    """An xsd:gYear literal.

    >>> year_literal(2014)
    b'"2014"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    return typed_literal(f"{year:04d}", XSD + "gYear")


def decimal_literal(value: Decimal) -> bytes:
    """An xsd:decimal literal in the XSD canonical form (no exponent, at least one fraction digit).

    >>> decimal_literal(Decimal("1.2E+7"))
    b'"12000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> decimal_literal(Decimal("0.5800"))
    b'"0.58"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return typed_literal(text, XSD + "decimal")


def int_literal(value: int) -> bytes:
    """An xsd:integer literal."""
    return typed_literal(str(value), XSD + "integer")


def bool_literal(value: bool) -> bytes:
    """An xsd:boolean literal in canonical form.

    >>> bool_literal(True)
    b'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    """
    return _BOOLEANS[bool(value)]


_BOOLEANS = {flag: typed_literal("true" if flag else "false", XSD + "boolean") for flag in (False, True)}


@functools.lru_cache(maxsize=1 << 16)
def to_rdflib(encoded: bytes) -> Node:
    """The rdflib term of an N-Triples term made by this module.

    >>> to_rdflib(b"<urn:x>"), to_rdflib(year_literal(2014)).datatype
    (rdflib.term.URIRef('urn:x'), rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    >>> to_rdflib(lang_literal("a\\tb\\u2028", "zh")) == Literal("a\\tb\\u2028", lang="zh")
    True
    """
    term = encoded.decode("utf-8")
    if term.startswith("<"):
        return URIRef(term[1:-1])
    end = term.rindex('"')
    lexical = _ESCAPED.sub(_unescape, term[1:end]) if "\\" in term else term[1:end]
    rest = term[end + 1 :]
    if rest.startswith("@"):
        return Literal(lexical, lang=rest[1:])
    if rest.startswith("^^"):
        return Literal(lexical, datatype=URIRef(rest[3:-1]))
    return Literal(lexical)
