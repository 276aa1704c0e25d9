"""Tiny fact files for tests: a valid base and helpers to break it one field at a time."""

from __future__ import annotations

from pathlib import Path

BASE_YAML = """\
source:
  file: t_article.txt
  title: 测试文章
  date: 2024-04-02
  quotes: ["测试文章"]
people:
  - id: person/zhang-san
    name: 张三
    name_en: Zhang San
    aliases: [老张]
    quote: 张三离开腾讯，加入阿里巴巴。
organizations:
  - id: company/tencent
    name: 腾讯
    name_en: Tencent
    quote: 张三离开腾讯，加入阿里巴巴。
  - id: company/alibaba
    name: 阿里巴巴
    name_en: Alibaba Group
    quote: 张三离开腾讯，加入阿里巴巴。
  - id: group/nanji-quan
    name: 南极圈
    name_en: Nanjiquan
    quote: 南极圈是腾讯离职员工的组织。
moves:
  - person: person/zhang-san
    from: company/tencent
    to: company/alibaba
    year: 2020
    role: 产品经理
    quote: 张三离开腾讯，加入阿里巴巴。
claims:
  - subject: group/nanji-quan
    property: alumniGroupOf
    value: company/tencent
    quote: 南极圈是腾讯离职员工的组织。
"""

ARTICLE = "测试文章\n张三离开腾讯，加入阿里巴巴。\n南极圈是腾讯离职员工的组织。\n"


def write_facts(folder: Path, text: str = BASE_YAML, name: str = "t_article.yaml") -> Path:
    """Write a fact file (and its article under ``folder/sources``); returns the facts folder."""
    facts = folder / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / name).write_text(text, encoding="utf-8")
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "t_article.txt").write_text(ARTICLE, encoding="utf-8")
    return facts
