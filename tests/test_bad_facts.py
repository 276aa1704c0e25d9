"""The corpus of bad fact files in ``tests/bad_facts/``: each is refused with a located error.

Every case is a complete fact file ``NN_<what>.yaml`` whose first line states what must be reported::

    # expect: <file>:<line>: <field>: <start of the message>

Optional header lines: ``# with: <name>`` copies a file of ``bad_facts/companions/`` beside the case
(for problems that need two files), and ``# found by: the article check`` marks problems only the
comparison with the article text can find. Each case is loaded and checked alone in a temporary copy,
and a build from it must fail and leave a previously built exports folder byte-identical.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from alumnigraph.check import check_facts
from alumnigraph.exports import build_exports, load_graph, write_exports
from alumnigraph.load import FactErrors, load_dir

CORPUS = Path(__file__).resolve().parent / "bad_facts"
COMPANIONS = CORPUS / "companions"
BASE = COMPANIONS / "00_base.yaml"
ARTICLE_CHECK = "# found by: the article check"


@dataclass(frozen=True)
class BadCase:
    """One file of the corpus and what it must be refused with."""

    path: Path
    expect: str
    companions: tuple[str, ...]
    needs_article: bool

    @classmethod
    def read(cls, path: Path) -> BadCase:
        """Parse the header comments (UTF-8 lines, readable even where the body is in another encoding)."""
        header = [line.decode("utf-8") for line in path.read_bytes().split(b"\n") if line.startswith(b"# ")]
        expect = [line.removeprefix("# expect: ") for line in header if line.startswith("# expect: ")]
        assert len(expect) == 1, f"{path.name} must state exactly one '# expect:' line"
        companions = tuple(line.removeprefix("# with: ") for line in header if line.startswith("# with: "))
        return cls(path, expect[0], companions, ARTICLE_CHECK in header)

    def copy_to(self, folder: Path) -> tuple[Path, Path]:
        """The case (and its companions) in ``folder/facts``, the articles in ``folder/sources``."""
        facts = folder / "facts"
        facts.mkdir(parents=True)
        shutil.copy(self.path, facts / self.path.name)
        for name in self.companions:
            shutil.copy(COMPANIONS / name, facts / name)
        return facts, Path(shutil.copytree(CORPUS / "sources", folder / "sources"))


CASES = [BadCase.read(p) for p in sorted(CORPUS.glob("[0-9][0-9]_*.yaml"))]


def problems(facts: Path, sources: Path) -> list[str]:
    """Everything ``alumnigraph check`` reports about a facts folder, as printed lines."""
    try:
        files = load_dir(facts)
    except FactErrors as exc:
        return [str(e) for e in exc.errors]
    return [str(e) for e in check_facts(files, sources_dir=sources)]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def good_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Exports built from the valid companion file: what a failed build must leave as it was."""
    root = tmp_path_factory.mktemp("good")
    facts = root / "facts"
    facts.mkdir()
    shutil.copy(BASE, facts / BASE.name)
    assert problems(facts, CORPUS / "sources") == []
    return build_exports(facts, root / "exports")[0].parent


def test_the_corpus_covers_every_kind_of_problem() -> None:
    assert len(CASES) >= 30
    names = " ".join(c.path.stem for c in CASES)
    for kind in ("yaml", "not_a", "duplicate_id", "dangling", "same_organization", "impossible", "future",
                 "quote_not_in", "missing_source", "without_article", "empty_name", "slug_collides", "encoding"):
        assert kind in names, kind
    for case in CASES:
        assert case.expect.startswith(case.path.name + ":"), case.path.name


@pytest.mark.parametrize("case", CASES, ids=[c.path.stem for c in CASES])
def test_bad_file_is_refused_with_file_line_and_field(case: BadCase, tmp_path: Path) -> None:
    facts, sources = case.copy_to(tmp_path)
    found = problems(facts, sources)
    assert any(p.startswith(case.expect) for p in found), f"expected {case.expect!r}, got {found}"
    if case.needs_article:
        assert problems(facts, tmp_path / "no-articles-here") == [], "only the article check should find this"


@pytest.mark.parametrize("case", CASES, ids=[c.path.stem for c in CASES])
def test_failed_build_leaves_the_exports_byte_identical(case: BadCase, good_exports: Path, tmp_path: Path) -> None:
    facts, sources = case.copy_to(tmp_path / "case")
    out = Path(shutil.copytree(good_exports, tmp_path / "exports"))
    before = snapshot(out)
    with pytest.raises(FactErrors) as refused:
        write_exports(load_graph(facts, sources_dir=sources), out)
    assert case.expect in str(refused.value)
    if not case.needs_article:
        with pytest.raises(FactErrors):
            build_exports(facts, out)
    assert snapshot(out) == before
