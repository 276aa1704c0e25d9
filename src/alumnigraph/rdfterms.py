"""Small helpers that turn curated values into RDF terms.

>>> date_literal("2015-01-13").datatype.endswith("#date")
True
>>> lang_of("南极圈"), lang_of("OKX")
('zh', 'en')
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def lang_of(text: str) -> str:
    """``zh`` when the text holds any CJK character, else ``en``."""
    return "zh" if _CJK.search(text) else "en"


def text_literal(text: str) -> Literal:
    """A language-tagged literal, tagged by :func:`lang_of`.

    >>> text_literal("产品经理").language
    'zh'
    """
    return Literal(text, lang=lang_of(text))


def date_literal(value: str) -> Literal:
    """``YYYY`` → xsd:gYear, ``YYYY-MM`` → xsd:gYearMonth, ``YYYY-MM-DD`` → xsd:date.

    >>> str(date_literal("2023-12").datatype)
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    """
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def year_literal(year: int) -> Literal:
    """An xsd:gYear literal.

    >>> year_literal(2014).n3()
    '"2014"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal literal in the XSD canonical form (no exponent, at least one fraction digit).

    >>> decimal_literal(Decimal("1.2E+7")).n3()
    '"12000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> str(decimal_literal(Decimal("0.5800")))
    '0.58'
    """
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def int_literal(value: int) -> Literal:
    """An xsd:integer literal."""
    return Literal(str(value), datatype=XSD.integer)


def bool_literal(value: bool) -> Literal:
    """An xsd:boolean literal in canonical form.

    >>> bool_literal(True).n3()
    '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    """
    return Literal("true" if value else "false", datatype=XSD.boolean)
