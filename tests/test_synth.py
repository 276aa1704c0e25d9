"""The synthetic fact set: realistic, obviously synthetic, deterministic, and accepted by every command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from alumnigraph.check import check_facts
from alumnigraph.ids import ENTITY_ID
from alumnigraph.load import FactErrors, LoadedFile, load_dir, load_jsonl
from alumnigraph.synth import write_synthetic

PEOPLE = 400


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic fact set written by the real CLI."""
    out = tmp_path_factory.mktemp("synth")
    cli("synth", "--people", str(PEOPLE), "--seed", "7", "--out", str(out))
    return out


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic fact set small enough for the commands that validate with SHACL to stay fast."""
    out = tmp_path_factory.mktemp("tiny")
    write_synthetic(out, people=40, seed=2)
    return out


@pytest.fixture(scope="session")
def synth_files(synth_dir: Path) -> list[LoadedFile]:
    """The synthetic fact files, loaded through the same models as graph/."""
    return load_dir(synth_dir / "facts")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``alumnigraph`` for real; fail the test with its output on a non-zero exit."""
    proc = subprocess.run([sys.executable, "-m", "alumnigraph", *args], capture_output=True, text=True, cwd=cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_people_count_and_files_are_named_synth(synth_dir: Path, synth_files: list[LoadedFile]) -> None:
    assert sum(len(f.facts.people) for f in synth_files) == PEOPLE
    assert all(p.name.startswith("synth_") and p.suffix == ".jsonl" for p in (synth_dir / "facts").iterdir())
    assert all(p.name.startswith("synth_") and p.suffix == ".txt" for p in (synth_dir / "sources").iterdir())
    assert {f.facts.source.file for f in synth_files} == {p.name for p in (synth_dir / "sources").iterdir()}


def test_every_id_is_marked_synthetic(synth_files: list[LoadedFile]) -> None:
    ids = {e.id for f in synth_files for e in f.facts.entities()}
    assert ids and all(ENTITY_ID.match(i) and i.split("/", 1)[1].startswith("synth-") for i in ids)
    names = {e.name_en for f in synth_files for e in f.facts.entities()}
    assert all(n.startswith("Synth ") for n in names)


def test_check_passes_with_quotes_verbatim_in_the_synthetic_articles(synth_dir: Path,
                                                                    synth_files: list[LoadedFile]) -> None:
    assert check_facts(synth_files, sources_dir=synth_dir / "sources") == []
    text = (synth_dir / "sources" / synth_files[0].facts.source.file).read_text(encoding="utf-8")
    assert synth_files[0].facts.moves[0].quote in text


def test_check_command_passes(tiny_dir: Path) -> None:
    proc = cli("check", "--facts", str(tiny_dir / "facts"), "--sources", str(tiny_dir / "sources"))
    assert "conforms" in proc.stdout + proc.stderr


def test_company_sizes_are_heavy_tailed(synth_files: list[LoadedFile]) -> None:
    staff = Counter(m.to for f in synth_files for m in f.facts.moves)
    sizes = sorted(staff.values(), reverse=True)
    assert sizes[0] >= 5 * sizes[len(sizes) // 2]  # the largest company dwarfs the median one


def test_careers_have_several_moves_in_increasing_years(synth_files: list[LoadedFile]) -> None:
    moves: dict[str, list[int]] = {}
    for f in synth_files:
        for m in f.facts.moves:
            moves.setdefault(m.person, []).append(m.year or 0)
    assert len(moves) == PEOPLE
    assert sum(len(y) > 1 for y in moves.values()) > PEOPLE // 2
    assert all(years == sorted(years) and len(set(years)) == len(years) for years in moves.values())
    groups = [m for f in synth_files for m in f.facts.memberships]
    assert groups and all(m.group.startswith("group/synth-alumni-") for m in groups)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        write_synthetic(tmp_path / name, people=150, seed=seed)

    def content(name: str) -> bytes:
        return b"".join(p.read_bytes() for p in sorted((tmp_path / name).rglob("*")) if p.is_file())

    assert content("a") == content("b")
    assert content("a") != content("c")


def test_jsonl_errors_name_file_line_and_field(tmp_path: Path) -> None:
    good = {"source": {"file": "synth_000001.txt", "date": "2024", "quotes": ["q"]}}
    bad = {"source": {"file": "synth_000002.txt", "date": "2024", "quotes": ["q"]},
           "moves": [{"person": "person/synth-x", "year": 1800, "to": "company/synth-y", "quote": "q"}]}
    path = tmp_path / "synth_00000.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(bad) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(FactErrors) as caught:
        load_jsonl(path)
    shown = [str(e) for e in caught.value.errors]
    assert shown[0].startswith("synth_00000.jsonl:3: moves[0].year: Input should be greater than or equal to 1900")
    assert shown[1].startswith("synth_00000.jsonl:4: Invalid JSON")


def test_build_query_and_centrality_run_unchanged_on_synthetic_facts(tiny_dir: Path, tmp_path: Path) -> None:
    facts, out = str(tiny_dir / "facts"), tmp_path / "exports"
    cli("build", "--facts", facts, "--out", str(out), "-f", "trig", "-f", "nt", "-f", "html")
    assert {p.name for p in out.iterdir()} == {"alumnigraph.trig", "alumnigraph.nt", "alumnigraph.html"}
    moves = sum(len(f.facts.moves) for f in load_dir(tiny_dir / "facts"))
    proc = cli("query", "--exports", str(out), "-f", "csv", "SELECT (COUNT(?m) AS ?n) WHERE { ?m a ag:Move }")
    assert proc.stdout.split() == ["n", str(moves)]
    proc = cli("centrality", "--facts", facts, "--top", "3", "--format", "csv")
    assert proc.stdout.count("id/company/synth-c") == 3
