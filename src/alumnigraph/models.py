"""Pydantic models of the curated facts: one ``FactFile`` per source article.

Every statement carries a ``quote``: the verbatim sentence(s) of the article that support it.
The models check what a single record can show (types, id forms, ranges); checks across records
and against the article text live in :mod:`alumnigraph.check`.

>>> person = Person(id="person/pan-guohua", name="潘国华", name_en="Pan Guohua",
...                 aliases=["老潘"], quote="南极圈创始人潘国华坦诚得出人意料。")
>>> person.kind, person.pseudonym
('person', False)
>>> Move(person="person/pan-guohua", **{"from": "company/tencent"}, year=2012, quote="…").from_
'company/tencent'
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from .ids import ENTITY_ID, ENTITY_KINDS, SLUG, kind_of

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_MAX_YEAR = 2100


def _entity_ref(value: str) -> str:
    if not ENTITY_ID.match(value):
        raise ValueError(
            f"{value!r} is not an entity id: write <kind>/<slug> with kind one of "
            "person, company, group, org, event and a slug of lowercase ASCII words joined by '-'"
        )
    return value


def _partial_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value):
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        dt.date.fromisoformat(value)  # rejects 2023-02-30
    return value


_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[{_ILLEGAL_CHARS}]")
_CLEAN_TEXT = re.compile(f"[^\\s{_ILLEGAL_CHARS}](?:[^{_ILLEGAL_CHARS}]*[^\\s{_ILLEGAL_CHARS}])?")
"""What :func:`_nonblank` accepts, in one match: ``\\s`` is what ``str.strip`` strips."""


def _nonblank(value: str) -> str:
    if _CLEAN_TEXT.fullmatch(value):
        return value
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group(0)):04X}, which XML exports (and terminals) "
            "cannot carry safely: remove it"
        )
    if not value.strip():
        raise ValueError("must not be empty or blank")
    if value != value.strip():
        raise ValueError("must not start or end with white space")
    return value


_RUST_ILLEGAL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}"  # surrogates cannot reach a Rust string
ENTITY_PATTERN = rf"^(?:{'|'.join(ENTITY_KINDS)})/{SLUG}$"
TEXT_PATTERN = rf"^[^\s{_RUST_ILLEGAL}](?:[^{_RUST_ILLEGAL}]*[^\s{_RUST_ILLEGAL}])?$"
"""What :func:`_nonblank` accepts, as a pattern pydantic checks in Rust (``\\s`` there is Unicode White_Space,
which is what ``str.strip`` strips but for controls this pattern refuses anyway)."""
PATTERN_CHECKS = {ENTITY_PATTERN: _entity_ref, TEXT_PATTERN: _nonblank}
"""The Python check behind each pattern: it gives the message when a value does not match."""

EntityRef = Annotated[str, StringConstraints(pattern=ENTITY_PATTERN)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
"""A date as precise as the article gives it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]
Year = Annotated[int, Field(ge=1900, le=_MAX_YEAR)]
Quote = Text


def error_message(error: Any) -> str:
    """The message of one pydantic error (an item of ``ValidationError.errors()``), in our words.

    Values refused by a pattern get the message of the Python check the pattern stands for.

    >>> from pydantic import ValidationError
    >>> try:
    ...     Membership(member="person/x", group="group/a", quote=" q")
    ... except ValidationError as exc:
    ...     print(error_message(exc.errors()[0]))
    must not start or end with white space
    """
    value = error.get("input")
    if error["type"] == "string_pattern_mismatch" and isinstance(value, str):
        check = PATTERN_CHECKS.get(error.get("ctx", {}).get("pattern"))
        try:
            if check is not None:
                check(value)
        except ValueError as exc:
            return str(exc)
    if error["type"] == "string_unicode" and isinstance(value, str):
        try:
            _nonblank(value)  # a lone surrogate: the control-character message
        except ValueError as exc:
            return str(exc)
    return str(error["msg"]).removeprefix("Value error, ")


class Record(BaseModel):
    """Base of every curated record: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Quoted(Record):
    """A statement backed by a verbatim quote (or several, as a list), with an optional note (English)."""

    quote: Quote | list[Quote]
    note: Text | None = None

    @property
    def quotes(self) -> list[str]:
        """The supporting quotes as a list.

        >>> Quoted(quote=["a", "b"]).quotes
        ['a', 'b']
        """
        return [self.quote] if isinstance(self.quote, str) else list(self.quote)

    @model_validator(mode="after")
    def _some_quote(self) -> Quoted:
        if not self.quote:  # an empty list (an empty string is refused by Quote)
            raise ValueError("quote: give at least one verbatim quote")
        return self


class SourceMeta(Record):
    """What an article states about itself. ``quotes`` are the verbatim lines that state it."""

    file: Text = Field(description="file name of the article under sources/, e.g. 003_0624c5519d2bf45e.txt")
    title: Text | None = Field(default=None, description="the title, only if the article prints one")
    title_en: Text | None = Field(default=None, description="an English translation of the title")
    authors: list[EntityRef] = Field(default_factory=list)
    editors: list[EntityRef] = Field(default_factory=list)
    outlet: EntityRef | None = None
    date: PartialDate | None = None
    date_not_before: PartialDate | None = None
    date_not_after: PartialDate | None = None
    date_note: Text | None = Field(default=None, description="how the date or its bounds were derived")
    url: Text | None = None
    language: Literal["zh", "en"] = "zh"
    quotes: list[Quote] = Field(min_length=1)

    @model_validator(mode="after")
    def _date_or_bounds(self) -> SourceMeta:
        if self.title is None and self.title_en is not None:
            raise ValueError("title_en translates the title: an untitled article has neither")
        if self.date is None and self.date_not_before is None and self.date_not_after is None:
            raise ValueError("give the article's date, or the bounds its content sets (date_not_before/after)")
        if self.date is None and self.date_note is None:
            raise ValueError("an undated article needs date_note: say how the bounds were derived")
        return self


class Entity(Quoted):
    """A named thing: ``name`` is the Chinese name exactly as the article writes it."""

    id: EntityRef
    name: Text
    name_en: Text
    aliases: list[Text] = Field(default_factory=list, description="other names the article uses (skos:altLabel)")
    aliases_en: list[Text] = Field(default_factory=list)
    description: Text | None = Field(default=None, description="one line in English")
    unnamed: bool = Field(
        default=False, description="the article does not name it; name/name_en describe it as the article does"
    )

    @property
    def kind(self) -> str:
        """The kind segment of the id (person, company, group, org, event)."""
        return kind_of(self.id)

    @model_validator(mode="after")
    def _unnamed_says_so(self) -> Entity:
        if self.unnamed and not self.name_en.endswith("(unnamed)"):
            raise ValueError("name_en of an unnamed entity must end with '(unnamed)'")
        if not self.unnamed and self.name_en.endswith("(unnamed)"):
            raise ValueError("name_en says '(unnamed)' but unnamed is not true")
        return self


class Person(Entity):
    """A person; ``pseudonym`` is true when the article says the name is a pseudonym (化名)."""

    pseudonym: bool = False

    @model_validator(mode="after")
    def _is_person(self) -> Person:
        if self.kind != "person":
            raise ValueError(f"a person's id starts with 'person/', not {self.kind + '/'!r}")
        return self


class Organization(Entity):
    """A company (``company/``), an alumni group (``group/``) or another organization (``org/``)."""

    wikidata: Annotated[str, Field(pattern=r"^Q[1-9]\d*$")] | None = None

    @model_validator(mode="after")
    def _is_organization(self) -> Organization:
        if self.kind not in ("company", "group", "org"):
            raise ValueError(f"an organization's id starts with company/, group/ or org/, not {self.kind}/")
        return self


class Event(Entity):
    """A dated gathering the article describes (a meeting, an annual meeting, a listing)."""

    date: PartialDate | None = None
    location: Text | None = None
    participants: list[EntityRef] = Field(default_factory=list)
    organizers: list[EntityRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _is_event(self) -> Event:
        if self.kind != "event":
            raise ValueError(f"an event's id starts with 'event/', not {self.kind + '/'!r}")
        return self


class Move(Quoted):
    """One person leaving one organization and/or joining another."""

    person: EntityRef
    from_: EntityRef | None = Field(default=None, alias="from")
    to: EntityRef | None = None
    year: Year | None = None
    date: PartialDate | None = None
    role: Text | None = Field(default=None, description="role taken at the destination")
    from_role: Text | None = Field(default=None, description="role held at the origin")
    reason: Text | None = None

    @model_validator(mode="after")
    def _shape(self) -> Move:
        if self.from_ is None and self.to is None:
            raise ValueError("a move needs 'from' or 'to' (or both)")
        if self.from_ is not None and self.from_ == self.to:
            raise ValueError(f"a move from and to the same organization ({self.to})")
        if self.date is not None and self.year is not None and not self.date.startswith(f"{self.year}"):
            raise ValueError(f"date {self.date} is not in year {self.year}")
        return self


class _Span(Quoted):
    start: Year | None = None
    end: Year | None = None

    @model_validator(mode="after")
    def _ordered(self) -> _Span:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Employment(_Span):
    """A person working for an organization, with role, years and length where known."""

    person: EntityRef
    organization: EntityRef
    role: Text | None = None
    duration: Text | None = Field(default=None, description="length as the article gives it, e.g. 7年")


class Education(_Span):
    """A person studying at an institution (possibly unnamed)."""

    person: EntityRef
    institution: EntityRef
    degree: Text | None = None


class Membership(Quoted):
    """A person (or organization) belonging to a group or organization: ``ag:memberOf``."""

    member: EntityRef
    group: EntityRef
    role: Text | None = None


class Founding(Quoted):
    """Who founded or organizes an organization, and when it was founded."""

    organization: EntityRef
    founders: list[EntityRef] = Field(default_factory=list)
    role: Literal["founder", "organizer"] = "founder"
    year: Year | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Founding:
        if not self.founders and self.year is None:
            raise ValueError("a founding needs founders or a year")
        return self


ClaimProperty = Literal[
    "alumniGroupOf",
    "foundingYear",
    "formerName",
    "accountLastUpdated",
    "accountActive",
    "officialBacking",
    "location",
    "age",
]

CLAIM_VALUE_TYPES: dict[str, str] = {
    "alumniGroupOf": "ref",
    "foundingYear": "year",
    "formerName": "text",
    "accountLastUpdated": "date",
    "accountActive": "bool",
    "officialBacking": "bool",
    "location": "text",
    "age": "int",
}
"""What each claim property takes as its value."""


class Claim(Quoted):
    """One property of one entity: ``subject property value`` (e.g. 南极圈 formerName 永远一家人)."""

    subject: EntityRef
    property: ClaimProperty
    value: Any
    year: Year | None = Field(default=None, description="the year the claim holds in (e.g. for age)")

    @model_validator(mode="after")
    def _typed(self) -> Claim:
        expected = CLAIM_VALUE_TYPES[self.property]
        value = self.value
        ok = {
            "ref": lambda v: isinstance(v, str) and ENTITY_ID.match(v) is not None,
            "year": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= _MAX_YEAR,
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
            "bool": lambda v: isinstance(v, bool),
            "text": lambda v: isinstance(v, str) and bool(v.strip()),
            "date": lambda v: isinstance(v, dt.date | str) and _is_partial_date(v),
        }[expected](value)
        if not ok:
            raise ValueError(f"value {value!r} of {self.property} must be a {expected}")
        if expected == "date":
            object.__setattr__(self, "value", _partial_date(value))
        return self


def _is_partial_date(value: Any) -> bool:
    try:
        _partial_date(value)
    except ValueError:
        return False
    return True


class Figure(Quoted):
    """A number the article gives about organizations or groups (headcount, members, money)."""

    subjects: list[EntityRef] = Field(min_length=1)
    measure: Text = Field(description="what is counted, in English, e.g. 'employees', 'members'")
    value: Decimal
    unit: Text = Field(description="e.g. 'people', 'CNY', 'USD', 'companies'")
    qualifier: Literal["exact", "approximately", "more-than", "at-least", "less-than", "at-most"] = "exact"
    year: Year | None = None
    date: PartialDate | None = None
    reported_by: EntityRef | None = None


class Investment(Quoted):
    """Money an investor put into an organization."""

    investor: EntityRef
    investee: EntityRef
    amount: Decimal | None = None
    currency: Text | None = None
    year: Year | None = None
    date: PartialDate | None = None

    @model_validator(mode="after")
    def _distinct(self) -> Investment:
        if self.investor == self.investee:
            raise ValueError("an organization does not invest in itself")
        if (self.amount is None) != (self.currency is None):
            raise ValueError("give amount and currency together")
        return self


STATEMENT_LISTS = (
    "moves",
    "employments",
    "educations",
    "memberships",
    "foundings",
    "claims",
    "figures",
    "investments",
)
ENTITY_LISTS = ("people", "organizations", "events")


class FactFile(Record):
    """Everything curated from one source article."""

    source: SourceMeta
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)
    employments: list[Employment] = Field(default_factory=list)
    educations: list[Education] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    foundings: list[Founding] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    investments: list[Investment] = Field(default_factory=list)

    def entities(self) -> list[Entity]:
        """All entities declared in this file, in file order.

        >>> FactFile.model_validate({"source": {"file": "x.txt", "title": "t", "date": "2024",
        ...     "quotes": ["t"]}}).entities()
        []
        """
        return [*self.people, *self.organizations, *self.events]
