"""Facts → RDF → facts loses nothing: the curated graph and random fact files, through TriG.

The comparison is on the canonical form of :mod:`tests.canonical_facts` (RDF keeps sets, not
lists). The builder's :data:`~tests.canonical_facts.KNOWN_LOSSES` are normalized away and each is
proven still real below, so a fix in ``build.py`` shows up here as a failure naming the entry to drop.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from alumnigraph.build import KnowledgeGraph, build
from alumnigraph.export.trig import write_trig
from alumnigraph.from_rdf import facts_from_trig
from alumnigraph.load import LoadedFile
from alumnigraph.models import FactFile
from tests.canonical_facts import KNOWN_LOSSES, canonical, differences
from tests.fact_strategies import fact_files
from tests.factfiles import BASE_YAML

LOSSES = tuple(KNOWN_LOSSES)


def through_trig(kg: KnowledgeGraph, folder: Path) -> dict[str, FactFile]:
    """Write the TriG export, parse it back and read the facts, by article file name."""
    path = folder / "alumnigraph.trig"
    write_trig(kg.quads, path)
    return {f.source.file: f for f in facts_from_trig(path.read_text("utf-8"))}


def assert_round_trips(before: FactFile, after: FactFile) -> None:
    diff = differences(canonical(before, LOSSES), canonical(after, LOSSES))
    assert diff == [], f"{before.source.file}: " + "\n".join(diff)


@pytest.fixture(scope="module")
def curated_back(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, FactFile]:
    return through_trig(kg, tmp_path_factory.mktemp("trig"))


def test_every_curated_source_round_trips(loaded: list[LoadedFile], curated_back: dict[str, FactFile]) -> None:
    assert sorted(curated_back) == sorted(lf.facts.source.file for lf in loaded)
    for lf in loaded:
        assert_round_trips(lf.facts, curated_back[lf.facts.source.file])


def test_curated_quotes_and_notes_survive_exactly(loaded: list[LoadedFile], curated_back: dict[str, FactFile]) -> None:
    """Spot-check without any canonical form: the exact strings of quotes and entity notes."""
    for lf in loaded:
        after = curated_back[lf.facts.source.file]
        assert sorted(after.source.quotes) == sorted(lf.facts.source.quotes)
        back = {e.id: e for e in after.entities()}
        for e in lf.facts.entities():
            assert sorted(back[e.id].quotes) == sorted(e.quotes) and back[e.id].note == e.note, e.id
        for name in ("moves", "employments", "figures"):
            assert sorted(q for r in getattr(after, name) for q in r.quotes) == sorted(
                q for r in getattr(lf.facts, name) for q in r.quotes), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(facts=fact_files())
def test_random_fact_files_round_trip(facts: FactFile, tmp_path_factory: pytest.TempPathFactory) -> None:
    back = through_trig(build([facts]), tmp_path_factory.mktemp("random"))
    assert list(back) == [facts.source.file]
    assert_round_trips(facts, back[facts.source.file])


def _base() -> dict:
    return yaml.safe_load(BASE_YAML)


def _with_claim_note() -> dict:
    data = _base()
    data["claims"][0]["note"] = "the article implies it"
    return data


def _with_ascii_alias() -> dict:
    data = _base()
    data["people"][0]["aliases"] = ["Lao Zhang"]
    return data


def _with_dated_move() -> dict:
    data = _base()
    del data["moves"][0]["year"]
    data["moves"][0]["date"] = "2020-05"
    return data


def _with_english_titles() -> dict:
    data = _base()
    data["source"] |= {"language": "en", "title": "Zhang leaves", "title_en": "A translation"}
    return data


LOSS_EXAMPLES = {
    "statement-notes": _with_claim_note,
    "ascii-aliases": _with_ascii_alias,
    "move-year-from-date": _with_dated_move,
    "english-titles": _with_english_titles,
}


@pytest.mark.parametrize("loss", LOSSES)
def test_each_known_loss_is_still_real(loss: str, tmp_path: Path) -> None:
    """Fails once build.py keeps this information: then delete the entry from KNOWN_LOSSES."""
    facts = FactFile.model_validate(LOSS_EXAMPLES[loss]())
    after = through_trig(build([facts]), tmp_path)[facts.source.file]
    others = [name for name in LOSSES if name != loss]
    assert canonical(facts, others) != canonical(after, others), f"{loss} is fixed: remove it from KNOWN_LOSSES"
    assert canonical(facts, LOSSES) == canonical(after, LOSSES)
