"""Ids: valid, stable and unique for any name."""

from __future__ import annotations

import unicodedata

import rdflib
from hypothesis import given
from hypothesis import strategies as st

from alumnigraph.ids import ENTITY_ID, iri, slugify


@given(st.text(min_size=1, max_size=40))
def test_any_name_gives_a_valid_stable_slug(name: str) -> None:
    slug = slugify(name)
    assert slug == slugify(name)
    assert ENTITY_ID.match(f"person/{slug}")
    # the IRI parses as an IRI in N-Triples
    g = rdflib.Graph().parse(data=f"<{iri('person/' + slug)}> <urn:p> <urn:o> .", format="nt")
    assert len(g) == 1


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_different_non_ascii_names_do_not_collide(a: str, b: str) -> None:
    norm_a, norm_b = (unicodedata.normalize("NFKC", x).strip() for x in (a, b))
    if norm_a != norm_b and not (norm_a.isascii() and norm_b.isascii()):
        assert slugify(a) != slugify(b)


def test_known_slugs() -> None:
    assert slugify("Zhou Shan") == "zhou-shan"
    assert slugify("南极圈") != slugify("前橙会")
    assert slugify("南极圈").startswith("x-")
