"""A synthetic, obviously fake fact set of any size, to measure how the pipeline scales.

``write_synthetic(out, people=N, seed=S)`` writes ``out/facts/synth_*.jsonl`` (JSON Lines: one fact
file per line, read by :func:`alumnigraph.load.load_dir` through the same models as ``graph/*.yaml``)
and ``out/sources/synth_*.txt``, the synthetic articles every quote is a verbatim sentence of, so
``alumnigraph check --facts out/facts --sources out/sources`` passes and every command runs unchanged.

The data looks like the industry it imitates: company sizes are heavy-tailed (Zipf weights), companies
fall into sectors and careers move mostly within a sector, each person has two to five jobs with years,
some studied at a university, and people who left one of the largest companies often join its alumni
group. Every id is ``<kind>/synth-…`` and every name says 合成 / "Synth", so none of it can be mistaken
for curated fact; each article is about ``PEOPLE_PER_ARTICLE`` people of one sector.

>>> import tempfile
>>> from pathlib import Path
>>> from alumnigraph.load import load_dir
>>> out = Path(tempfile.mkdtemp())
>>> stats = write_synthetic(out, people=250, seed=1)
>>> stats.people, stats.articles
(250, 3)
>>> files = load_dir(out / "facts")
>>> sum(len(f.facts.people) for f in files)
250
"""

from __future__ import annotations

import itertools
import json
import random
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PEOPLE_PER_ARTICLE = 100
"""People described by one synthetic article (one fact file, one named graph)."""
ARTICLES_PER_FILE = 200
"""Articles (JSON lines) per ``synth_*.jsonl`` file."""
PEOPLE_PER_COMPANY = 100
"""On average; sizes are heavy-tailed, so a few companies employ most people."""
COMPANIES_PER_SECTOR = 25
UNIVERSITIES = 40
ALUMNI_GROUP_SHARE = 20
"""One company in this many (the largest) has an alumni group."""
ROLES = ("工程师", "产品经理", "设计师", "运营", "销售", "总监", "副总裁", "数据分析师")
DEGREES = ("本科", "硕士", "MBA", "博士")
ARTICLE_YEAR = 2024


@dataclass(frozen=True)
class SynthStats:
    """What :func:`write_synthetic` wrote."""

    people: int
    companies: int
    articles: int
    fact_files: int


def company_id(i: int) -> str:
    """The id of synthetic company ``i`` (0 is the largest).

    >>> company_id(7)
    'company/synth-c000007'
    """
    return f"company/synth-c{i:06d}"


def person_id(i: int) -> str:
    """The id of synthetic person ``i``.

    >>> person_id(42)
    'person/synth-p0000042'
    """
    return f"person/synth-p{i:07d}"


class _World:
    """Companies with Zipf weights, grouped into sectors; the largest ones have alumni groups."""

    def __init__(self, people: int):
        self.companies = max(COMPANIES_PER_SECTOR, people // PEOPLE_PER_COMPANY)
        self.sectors = max(1, self.companies // COMPANIES_PER_SECTOR)
        self.grouped = max(1, self.companies // ALUMNI_GROUP_SHARE)
        self.members: list[list[int]] = [list(range(s, self.companies, self.sectors)) for s in range(self.sectors)]
        self.cumulative = [list(itertools.accumulate(1.0 / (c + 1) for c in m)) for m in self.members]

    def pick(self, rng: random.Random, sector: int) -> int:
        """A company of ``sector``, large ones far more often (Zipf)."""
        cum = self.cumulative[sector]
        return self.members[sector][bisect_left(cum, rng.random() * cum[-1])]


class _Article:
    """One synthetic article: its sentences (the text) and the fact file quoting them."""

    def __init__(self, index: int):
        self.file = f"synth_{index:06d}.txt"
        self.title = f"合成文章{index}：虚构的互联网人才流动（synthetic data）"
        self.sentences: list[str] = [self.title]
        self.orgs: dict[str, dict[str, Any]] = {}
        self.lists: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("people", "moves", "employments", "educations", "memberships", "claims")
        }

    def say(self, sentence: str) -> str:
        self.sentences.append(sentence)
        return sentence

    def add(self, list_name: str, record: dict[str, Any]) -> None:
        self.lists[list_name].append(record)

    def org(self, oid: str, name: str, name_en: str, what: str) -> str:
        if oid not in self.orgs:
            self.orgs[oid] = {"id": oid, "name": name, "name_en": name_en,
                              "quote": self.say(f"{name}（{name_en}）是一家虚构的{what}。")}
        return oid

    def company(self, i: int) -> str:
        return self.org(company_id(i), f"合成公司{i}", f"Synth Company {i}", "公司")

    def group(self, i: int) -> str:
        gid = self.org(f"group/synth-alumni-c{i:06d}", f"合成公司{i}校友会", f"Synth Company {i} Alumni", "校友组织")
        if not any(c["subject"] == gid for c in self.lists["claims"]):
            self.company(i)
            quote = self.say(f"合成公司{i}校友会由合成公司{i}的前员工组成。")
            self.add("claims", {"subject": gid, "property": "alumniGroupOf", "value": company_id(i), "quote": quote})
        return gid

    def university(self, k: int) -> str:
        return self.org(f"org/synth-university-{k:02d}", f"合成大学{k}", f"Synth University {k}", "大学")

    def fact_file(self) -> dict[str, Any]:
        return {
            "source": {"file": self.file, "title": self.title, "date": str(ARTICLE_YEAR), "quotes": [self.title]},
            "organizations": list(self.orgs.values()),
            **self.lists,
        }

    def text(self) -> str:
        return "\n".join(self.sentences) + "\n"


def _career(art: _Article, world: _World, rng: random.Random, p: int, sector: int) -> None:
    """One person: who they are, where they studied, their moves and where they work now."""
    name = f"合成人物{p}"
    pid = person_id(p)
    art.add("people", {"id": pid, "name": name, "name_en": f"Synth Person {p}",
                       "quote": art.say(f"{name}（Synth Person {p}）是一位虚构的互联网从业者。")})
    year = rng.randint(1995, 2016)
    if rng.random() < 0.6:
        uni, degree = rng.randrange(UNIVERSITIES), rng.choice(DEGREES)
        art.university(uni)
        quote = art.say(f"{name}于{year - 4}年至{year}年在合成大学{uni}攻读{degree}。")
        art.add("educations", {"person": pid, "institution": f"org/synth-university-{uni:02d}", "degree": degree,
                               "start": year - 4, "end": year, "quote": quote})
    jobs = rng.choices((2, 3, 4, 5), weights=(30, 35, 25, 10))[0]
    here: int | None = None
    role: str | None = None
    worked: set[int] = set()
    for _ in range(jobs):
        there = world.pick(rng, sector if rng.random() < 0.9 else rng.randrange(world.sectors))
        if there in worked or year > ARTICLE_YEAR:
            continue
        worked.add(there)
        new_role = rng.choice(ROLES)
        art.company(there)
        move: dict[str, Any] = {"person": pid, "to": company_id(there), "year": year, "role": new_role}
        if here is None:
            move["quote"] = art.say(f"{year}年，{name}加入合成公司{there}，任{new_role}。")
        else:
            move["quote"] = art.say(f"{year}年，{name}从合成公司{here}跳槽到合成公司{there}，任{new_role}。")
            move |= {"from": company_id(here), "from_role": role}
            if here < world.grouped and rng.random() < 0.5:
                gid = art.group(here)
                quote = art.say(f"{name}是合成公司{here}校友会的成员。")
                art.add("memberships", {"member": pid, "group": gid, "quote": quote})
        art.add("moves", move)
        here, role = there, new_role
        year += rng.randint(1, 6)
    if here is not None:
        start = art.lists["moves"][-1]["year"]
        quote = art.say(f"{name}自{start}年起在合成公司{here}担任{role}。")
        art.add("employments", {"person": pid, "organization": company_id(here), "role": role, "start": start,
                                "quote": quote})


def articles(people: int, seed: int) -> Iterator[_Article]:
    """The synthetic articles for ``people`` people, deterministic for a given ``seed``."""
    world = _World(people)
    rng = random.Random(seed)
    for index, first in enumerate(range(0, people, PEOPLE_PER_ARTICLE)):
        art = _Article(index)
        sector = index % world.sectors
        for p in range(first, min(first + PEOPLE_PER_ARTICLE, people)):
            _career(art, world, rng, p, sector)
        yield art


def write_synthetic(out: Path, people: int, seed: int = 0, articles_per_file: int = ARTICLES_PER_FILE) -> SynthStats:
    """Write ``out/facts/synth_*.jsonl`` (``articles_per_file`` articles each) and ``out/sources/synth_*.txt``;
    returns what was written."""
    facts_dir, sources_dir = out / "facts", out / "sources"
    facts_dir.mkdir(parents=True, exist_ok=True)
    sources_dir.mkdir(parents=True, exist_ok=True)
    count = files = 0
    handle = None
    try:
        for art in articles(people, seed):
            if count % articles_per_file == 0:
                if handle is not None:
                    handle.close()
                handle = (facts_dir / f"synth_{files:05d}.jsonl").open("w", encoding="utf-8", newline="\n")
                files += 1
            handle.write(json.dumps(art.fact_file(), ensure_ascii=False, separators=(",", ":")) + "\n")
            (sources_dir / art.file).write_text(art.text(), encoding="utf-8", newline="\n")
            count += 1
    finally:
        if handle is not None:
            handle.close()
    return SynthStats(people=people, companies=_World(people).companies, articles=count, fact_files=files)
