"""Hypothesis strategies: small, valid ``FactFile`` models with arbitrary Unicode text.

Text mixes any non-surrogate, NUL-free character (control characters, RTL marks, line and paragraph
separators, emoji) with the hostile strings of :data:`HOSTILE_TEXTS`. References point at declared
entities of the right kind, so the builder can build every generated file.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from alumnigraph.models import CLAIM_VALUE_TYPES, FactFile

HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "\"double\" 'single' \\back\\slash \\u003c \\n",
    "line one\nline two\ttab\rreturn",
    "\u202eevil-rtl\u202c and \u200fmark",
    "a\u2028b\u2029c",
    "emoji 🧨👩‍💻 ok",
    "[31mred\x7f\x85",
    '"""triple""" \'\'\'quotes\'\'\' }} {{ ]]>',
)

_XML_ILLEGAL = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
_chars = st.characters(exclude_categories=("Cs",), exclude_characters=_XML_ILLEGAL)
_free_text = st.text(_chars, min_size=1, max_size=12)
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXTS), _free_text, st.text(_chars, min_size=1, max_size=8)).filter(
    lambda s: bool(s.strip()) and s == s.strip()
)
"""A string the models accept as a name, quote or note (non-blank, no surrounding white space)."""

SLUG = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,3})?", fullmatch=True)
YEAR = st.integers(1900, 2100)


@st.composite
def partial_dates(draw: st.DrawFn, year: int | None = None) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real calendar day), in ``year`` if given."""
    y = year if year is not None else draw(YEAR)
    precision = draw(st.integers(0, 2))
    if precision == 0:
        return f"{y:04d}"
    month = draw(st.integers(1, 12))
    if precision == 1:
        return f"{y:04d}-{month:02d}"
    return f"{y:04d}-{month:02d}-{draw(st.integers(1, 28)):02d}"


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _quotes() -> st.SearchStrategy[Any]:
    return TEXT | st.lists(TEXT, min_size=1, max_size=3)


@st.composite
def entities(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """One entity of ``kind`` (id not yet set)."""
    unnamed = draw(st.booleans())
    name_en = draw(TEXT.filter(lambda s: not s.endswith("(unnamed)")))
    record: dict[str, Any] = {
        "name": draw(TEXT),
        "name_en": f"{name_en} (unnamed)" if unnamed else name_en,
        "unnamed": unnamed,
        "aliases": draw(st.lists(TEXT, max_size=2)),
        "aliases_en": draw(st.lists(TEXT, max_size=2)),
        "description": draw(_opt(TEXT)),
        "note": draw(_opt(TEXT)),
        "quote": draw(_quotes()),
    }
    if kind == "person":
        record["pseudonym"] = draw(st.booleans())
    elif kind == "event":
        record |= {"date": draw(_opt(partial_dates())), "location": draw(_opt(TEXT))}
    else:
        record["wikidata"] = draw(_opt(st.integers(1, 10**8).map(lambda n: f"Q{n}")))
    return record


@st.composite
def fact_files(draw: st.DrawFn) -> FactFile:
    """A small valid fact file: a few entities and a few records of every kind about them."""
    kinds = ["person"] * draw(st.integers(1, 3)) + draw(
        st.lists(st.sampled_from(["company", "group", "org"]), min_size=2, max_size=4)
    ) + ["event"] * draw(st.integers(0, 2))
    slugs = draw(st.lists(SLUG, min_size=len(kinds), max_size=len(kinds), unique=True))
    ents = [draw(entities(kind)) | {"id": f"{kind}/{slug}"} for kind, slug in zip(kinds, slugs, strict=True)]
    people = [e["id"] for e in ents if e["id"].startswith("person/")]
    orgs = [e["id"] for e in ents if e["id"].split("/")[0] in ("company", "group", "org")]
    agents = people + orgs
    pick = st.sampled_from
    for e in ents:
        if e["id"].startswith("event/"):
            e["participants"] = draw(st.lists(pick(agents), max_size=2))
            e["organizers"] = draw(st.lists(pick(agents), max_size=1))
    data: dict[str, Any] = {
        "source": draw(sources(people, orgs)),
        "people": [e for e in ents if e["id"].startswith("person/")],
        "organizations": [e for e in ents if e["id"] in orgs],
        "events": [e for e in ents if e["id"].startswith("event/")],
        "moves": draw(st.lists(moves(people, orgs), max_size=3)),
        "employments": draw(st.lists(spans(people, orgs, "organization", "role", "duration"), max_size=2)),
        "educations": draw(st.lists(spans(people, orgs, "institution", "degree"), max_size=2)),
        "memberships": draw(st.lists(st.fixed_dictionaries(
            {"member": pick(agents), "group": pick(orgs), "quote": _quotes()},
            optional={"role": TEXT, "note": TEXT}), max_size=2)),
        "foundings": draw(st.lists(foundings(people, orgs), max_size=2)),
        "claims": draw(st.lists(claims(people + orgs, orgs), max_size=3)),
        "figures": draw(st.lists(st.fixed_dictionaries(
            {"subjects": st.lists(pick([e["id"] for e in ents]), min_size=1, max_size=2), "measure": TEXT,
             "value": st.decimals(-10**9, 10**9, places=3), "unit": TEXT,
             "qualifier": pick(["exact", "approximately", "more-than", "at-least", "less-than", "at-most"]),
             "quote": _quotes()},
            optional={"year": YEAR, "date": partial_dates(), "reported_by": pick(agents), "note": TEXT}), max_size=2)),
        "investments": draw(st.lists(investments(agents, orgs), max_size=2)),
    }
    return FactFile.model_validate(data)


@st.composite
def sources(draw: st.DrawFn, people: list[str], orgs: list[str]) -> dict[str, Any]:
    """The ``source`` block: dated, or bounded with a note."""
    title = draw(_opt(TEXT))
    meta: dict[str, Any] = {
        "file": draw(st.from_regex(r"[a-z0-9][a-z0-9_]{0,8}\.txt", fullmatch=True)),
        "title": title,
        "title_en": draw(_opt(TEXT)) if title else None,
        "authors": draw(st.lists(st.sampled_from(people), max_size=2)),
        "editors": draw(st.lists(st.sampled_from(people), max_size=1)),
        "outlet": draw(_opt(st.sampled_from(orgs))),
        "url": draw(_opt(TEXT)),
        "language": draw(st.sampled_from(["zh", "en"])),
        "quotes": draw(st.lists(TEXT, min_size=1, max_size=3)),
        "date_note": draw(_opt(TEXT)),
    }
    if draw(st.booleans()):
        meta["date"] = draw(partial_dates())
    else:
        meta["date_not_before"] = draw(_opt(partial_dates()))
        meta["date_not_after"] = draw(partial_dates())
        meta["date_note"] = meta["date_note"] or draw(TEXT)
    return meta


@st.composite
def moves(draw: st.DrawFn, people: list[str], orgs: list[str]) -> dict[str, Any]:
    """A move from and/or to two different organizations."""
    ends = draw(st.lists(st.sampled_from(orgs), min_size=2, max_size=2, unique=True))
    side = draw(st.sampled_from(["both", "from", "to"]))
    year = draw(_opt(YEAR))
    return {
        "person": draw(st.sampled_from(people)),
        "from": ends[0] if side != "to" else None,
        "to": ends[1] if side != "from" else None,
        "year": year,
        "date": draw(_opt(partial_dates(year))),
        "role": draw(_opt(TEXT)),
        "from_role": draw(_opt(TEXT)),
        "reason": draw(_opt(TEXT)),
        "note": draw(_opt(TEXT)),
        "quote": draw(_quotes()),
    }


@st.composite
def spans(draw: st.DrawFn, people: list[str], orgs: list[str], org_field: str, *texts: str) -> dict[str, Any]:
    """An employment or education with ordered start/end years."""
    years = sorted(draw(st.lists(YEAR, min_size=2, max_size=2)))
    return {
        "person": draw(st.sampled_from(people)),
        org_field: draw(st.sampled_from(orgs)),
        "start": years[0] if draw(st.booleans()) else None,
        "end": years[1] if draw(st.booleans()) else None,
        **{name: draw(_opt(TEXT)) for name in (*texts, "note")},
        "quote": draw(_quotes()),
    }


@st.composite
def foundings(draw: st.DrawFn, people: list[str], orgs: list[str]) -> dict[str, Any]:
    """Founders and/or a founding year of one organization."""
    founders = draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
    return {
        "organization": draw(st.sampled_from(orgs)),
        "founders": founders,
        "role": draw(st.sampled_from(["founder", "organizer"])),
        "year": draw(YEAR) if not founders else draw(_opt(YEAR)),
        "note": draw(_opt(TEXT)),
        "quote": draw(_quotes()),
    }


_CLAIM_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "year": YEAR,
    "int": st.integers(0, 10**6),
    "bool": st.booleans(),
    "text": TEXT,
    "date": partial_dates(),
}


@st.composite
def claims(draw: st.DrawFn, subjects: list[str], orgs: list[str]) -> dict[str, Any]:
    """A claim about a person or organization (never an event: its location is the event's own)."""
    groups = [o for o in orgs if o.startswith("group/")]
    companies = [o for o in orgs if o.startswith("company/")]
    properties = [p for p, kind in CLAIM_VALUE_TYPES.items() if kind != "ref" or (groups and companies)]
    prop = draw(st.sampled_from(properties))
    kind = CLAIM_VALUE_TYPES[prop]
    if kind == "ref":
        subject, value = draw(st.sampled_from(groups)), draw(st.sampled_from(companies))
    else:
        subject, value = draw(st.sampled_from(subjects)), draw(_CLAIM_VALUES[kind])
    return {"subject": subject, "property": prop, "value": value, "year": draw(_opt(YEAR)),
            "note": draw(_opt(TEXT)), "quote": draw(_quotes())}


@st.composite
def investments(draw: st.DrawFn, agents: list[str], orgs: list[str]) -> dict[str, Any]:
    """Money from an agent into a different organization, amount and currency together."""
    investee = draw(st.sampled_from(orgs))
    investor = draw(st.sampled_from([a for a in agents if a != investee]))
    amount = draw(_opt(st.decimals(0, 10**12, places=2)))
    return {
        "investor": investor,
        "investee": investee,
        "amount": amount,
        "currency": draw(TEXT) if amount is not None else None,
        "year": draw(_opt(YEAR)),
        "date": draw(_opt(partial_dates())),
        "note": draw(_opt(TEXT)),
        "quote": draw(_quotes()),
    }

