"""Bad input: every problem gives file, line and field, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from alumnigraph.check import check_facts
from alumnigraph.exports import build_exports
from alumnigraph.load import FactErrors, load_dir
from tests.factfiles import BASE_YAML, write_facts


def errors_for(tmp_path: Path, text: str) -> list[str]:
    """Load + check a fact file; the problems as printed strings (empty if it is valid)."""
    facts = write_facts(tmp_path, text)
    try:
        files = load_dir(facts)
    except FactErrors as exc:
        return [str(e) for e in exc.errors]
    return [str(e) for e in check_facts(files, sources_dir=tmp_path / "sources")]


def test_base_file_is_valid(tmp_path: Path) -> None:
    assert errors_for(tmp_path, BASE_YAML) == []


# (what to replace, replacement, expected "file:line: field: message" fragment)
CASES = [
    ("    year: 2020\n", "    year: twenty\n", "t_article.yaml:29: moves[0].year: Input should be a valid integer"),
    (
        "    to: company/alibaba\n",
        "    to: company/alibabaa\n",
        "t_article.yaml:28: moves[0].to: unknown id company/alibabaa",
    ),
    (
        "    to: company/alibaba\n",
        "    to: company/tencent\n",
        "t_article.yaml:26: moves[0]: a move from and to the same organization",
    ),
    (
        "    year: 2020\n",
        "    year: 2025\n",
        "t_article.yaml:29: moves[0].year: 2025 is after the article's date (2024)",
    ),
    (
        "    role: 产品经理\n    quote: 张三离开腾讯，加入阿里巴巴。\n",
        "    role: 产品经理\n    quote: 张三离开腾讯。\n",
        "t_article.yaml:31: moves[0].quote: quote not found verbatim",
    ),
    ("    name: 张三\n", "    name: ''\n", "t_article.yaml:8: people[0].name: must not be empty"),
    (
        "  - id: company/alibaba\n",
        "  - id: company/tencent\n",
        "t_article.yaml:17: organizations[1].id: duplicate id company/tencent (first declared at line 13)",
    ),
    (
        "  - id: person/zhang-san\n",
        "  - id: person/Zhang San\n",
        "t_article.yaml:7: people[0].id: 'person/Zhang San' is not an entity id",
    ),
    (
        "    value: company/tencent\n",
        "    value: person/zhang-san\n",
        "t_article.yaml:35: claims[0].value: person/zhang-san is a person",
    ),
    (
        "    year: 2020\n",
        "    year: 2020\n    colour: red\n",
        "t_article.yaml:30: moves[0].colour: Extra inputs are not permitted",
    ),
    ("  date: 2024-04-02\n", "  date: 2024-02-30\n", "t_article.yaml:4: source.date: not a valid value"),
    ("source:\n", "sauce:\n", "t_article.yaml:1: sauce: Extra inputs are not permitted"),
    (
        "    name_en: Zhang San\n",
        "    name_en: Zhang San\n    name_en: Li Si\n",
        "t_article.yaml:10: people[0].name_en: duplicate key (first at line 9)",
    ),
    ("    aliases: [老张]\n", "    aliases: [老张\n", "t_article.yaml:11: YAML syntax"),
    (
        "    name: 张三\n",
        "    name: 李四\n",
        "t_article.yaml:8: people[0].name: neither '李四' nor an alias is in the article",
    ),
]

CASES += [
    ("claims:\n", "foundings:\n  - organization: group/nanji-quan\n    founders: [company/tencent]\n"
     "    quote: 南极圈是腾讯离职员工的组织。\nclaims:\n",
     "t_article.yaml:34: foundings[0].founders[0]: company/tencent is a company; expected one of: person"),
    (
        "    name_en: Zhang San\n",
        "    name_en: Zhang San\n    unnamed: true\n",
        "t_article.yaml:7: people[0]: name_en of an unnamed entity must end with '(unnamed)'",
    ),
    (
        "    name_en: Zhang San\n",
        "    name_en: Zhang San\n    pseudonym: true\n",
        "t_article.yaml:10: people[0].pseudonym: pseudonym: true, but the article says no 化名",
    ),
    (
        "    property: alumniGroupOf\n",
        "    property: foundingYear\n",
        "t_article.yaml:33: claims[0]: value 'company/tencent' of foundingYear must be a year",
    ),
    (
        "    property: alumniGroupOf\n",
        "    property: favouriteColour\n",
        "t_article.yaml:34: claims[0].property: Input should be",
    ),
    (
        "    year: 2020\n",
        "    year: 2020\n    date: 2019-05\n",
        "t_article.yaml:26: moves[0]: date 2019-05 is not in year 2020",
    ),
    (
        "    from: company/tencent\n    to: company/alibaba\n",
        "",
        "t_article.yaml:26: moves[0]: a move needs 'from' or 'to'",
    ),
    (
        "  - person: person/zhang-san\n",
        "  - person: company/tencent\n",
        "t_article.yaml:26: moves[0].person: company/tencent is a company; expected one of: person",
    ),
    (
        "    year: 2020\n",
        "    year: 1066\n",
        "t_article.yaml:29: moves[0].year: Input should be greater than or equal to 1900",
    ),
    ("  date: 2024-04-02\n", "", "t_article.yaml:1: source: give the article's date, or the bounds"),
    ('  quotes: ["测试文章"]\n', "  quotes: []\n", "t_article.yaml:5: source.quotes: List should have at least 1 item"),
    (
        '  quotes: ["测试文章"]\n',
        '  quotes: ["测试的文章"]\n',
        "t_article.yaml:5: source.quotes[0]: quote not found verbatim",
    ),
    ("  file: t_article.txt\n", "  file: missing.txt\n", "t_article.yaml:2: source.file: no article missing.txt"),
    (
        "    name_en: Tencent\n",
        "    name_en: Tencent\n    wikidata: X42\n",
        "t_article.yaml:16: organizations[0].wikidata: String should match pattern",
    ),
    ("    role: 产品经理\n", "    role: '  '\n", "t_article.yaml:30: moves[0].role: must not be empty or blank"),
    (
        "  - id: group/nanji-quan\n",
        "  - id: person/nanji-quan\n",
        "t_article.yaml:21: organizations[2]: an organization's id starts with company/, group/ or org/, not person/",
    ),
    (
        "claims:\n  - subject",
        "claims: 42\nxclaims:\n  - subject",
        "t_article.yaml:32: claims: Input should be a valid list",
    ),
    (
        "  - subject: group/nanji-quan\n",
        "  - subject: group/nanji-quan\n    year: 2999\n",
        "t_article.yaml:34: claims[0].year: Input should be less than or equal to 2100",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), CASES, ids=[c[2].split(": ", 2)[1] + "-" + str(i) for i, c in enumerate(CASES)]
)
def test_bad_input_is_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in BASE_YAML
    problems = errors_for(tmp_path, BASE_YAML.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_empty_file_and_non_mapping_are_refused(tmp_path: Path) -> None:
    assert errors_for(tmp_path, "") == ["t_article.yaml:1: the file is empty"]
    assert errors_for(tmp_path, "- just\n- a list\n") == [
        "t_article.yaml:1: the top level must be a mapping with a 'source' key"
    ]


def test_two_files_disagreeing_on_an_entity_are_caught(tmp_path: Path) -> None:
    facts = write_facts(tmp_path)
    other = BASE_YAML.replace("name_en: Tencent", "name_en: Tengxun")
    (facts / "u_article.yaml").write_text(other, encoding="utf-8")
    problems = [str(e) for e in check_facts(load_dir(facts))]
    assert "u_article.yaml:2: source.file: t_article.txt is already curated in t_article.yaml" in problems
    prefix = "u_article.yaml:15: organizations[0].name_en: company/tencent: name_en 'Tengxun' differs"
    assert any(p.startswith(prefix) for p in problems), problems


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    facts = write_facts(tmp_path)
    (facts / "t_article.yaml").write_bytes(BASE_YAML.encode("utf-8").replace("老张".encode(), "老张".encode("gbk")))
    with pytest.raises(FactErrors) as exc:
        load_dir(facts)
    assert str(exc.value).startswith("t_article.yaml:10: not UTF-8")


def test_failed_build_leaves_exports_untouched(tmp_path: Path) -> None:
    good = write_facts(tmp_path)
    out = tmp_path / "out"
    build_exports(good, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (good / "t_article.yaml").write_text(
        BASE_YAML.replace("to: company/alibaba", "to: company/nowhere"), encoding="utf-8"
    )
    with pytest.raises(FactErrors, match="unknown id company/nowhere"):
        build_exports(good, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
