"""Read ``graph/*.yaml`` into models; every error names the file, the line and the field.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "x.yaml").write_text("source:\\n  file: x.txt\\n  title: T\\n  date: 2024\\n"
...                                   "  quotes: [T]\\npeople:\\n  - id: person/a\\n", encoding="utf-8")
>>> try:
...     load_dir(folder)
... except FactErrors as err:
...     print(err.errors[0])
x.yaml:7: people[0].name: Field required
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .models import FactFile, error_message

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class FactError:
    """One problem in the curated facts, located as precisely as the input allows."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class FactErrors(Exception):
    """Raised with every problem found, sorted by file and line."""

    def __init__(self, errors: Iterable[FactError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class LoadedFile:
    """A parsed fact file with the line of every key, to locate later errors."""

    path: Path
    facts: FactFile
    lines: dict[Path_, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The file name, as errors show it."""
        return self.path.name

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest known key on ``loc`` (1-based)."""
        return _line_of(self.lines, loc)

    def error(self, loc: Sequence[str | int], message: str) -> FactError:
        """A located error about the value at ``loc``."""
        return FactError(self.name, self.line_of(loc), field_name(loc), message)


def field_name(loc: Sequence[str | int]) -> str:
    """``('moves', 3, 'year')`` → ``'moves[3].year'``.

    >>> field_name(("moves", 3, "year"))
    'moves[3].year'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(lines: dict[Path_, int], loc: Sequence[str | int]) -> int:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)


class _NoDuplicateKeys(Exception):
    def __init__(self, key: str, line: int, first: int):
        self.key, self.line, self.first = key, line, first


def _to_python(loader: yaml.SafeLoader, node: yaml.Node, at: Path_, lines: dict[Path_, int]) -> Any:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if key in out:
                raise _NoDuplicateKeys(field_name((*at, key)), key_node.start_mark.line + 1, lines[(*at, key)])
            lines[(*at, key)] = key_node.start_mark.line + 1
            out[key] = _to_python(loader, value_node, (*at, key), lines)
            lines[(*at, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, (*at, i), lines) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node)
    except ValueError as exc:  # e.g. an unquoted 2024-02-30 that YAML reads as a date
        raise _BadScalar(at, node.start_mark.line + 1, f"not a valid value {node.value!r}: {exc}") from None


class _BadScalar(Exception):
    def __init__(self, at: Path_, line: int, message: str):
        self.at, self.line, self.message = at, line, message


def parse_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML file into Python data plus the line of every key and item.

    Raises :class:`FactErrors` for undecodable bytes, YAML syntax errors and duplicate keys.
    """
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FactErrors([FactError(name, line, "", f"not UTF-8 (byte {exc.start}): save the file as UTF-8")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    lines: dict[Path_, int] = {}
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FactErrors([FactError(name, 1, "", "the file is empty")])
        data = _to_python(loader, node, (), lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FactErrors([FactError(name, line, "", f"YAML syntax: {exc.problem or exc}")]) from None
    except _BadScalar as bad:
        raise FactErrors([FactError(name, bad.line, field_name(bad.at), bad.message)]) from None
    except _NoDuplicateKeys as dup:
        msg = f"duplicate key (first at line {dup.first})"
        raise FactErrors([FactError(name, dup.line, dup.key, msg)]) from None
    finally:
        loader.dispose()
    return data, lines


def load_file(path: Path) -> LoadedFile:
    """Load and validate one fact file.

    Raises :class:`FactErrors` with every schema problem of the file.
    """
    data, lines = parse_yaml(path)
    if not isinstance(data, dict):
        raise FactErrors([FactError(path.name, 1, "", "the top level must be a mapping with a 'source' key")])
    try:
        facts = FactFile.model_validate(data)
    except ValidationError as exc:
        raise FactErrors(_validation_errors(path.name, exc, lambda loc: _line_of(lines, loc))) from None
    return LoadedFile(path=path, facts=facts, lines=lines)


FACT_SUFFIXES = (".yaml", ".yml", ".jsonl")
"""What a fact file is called: YAML (one article per file) or JSON Lines (one article per line, for bulk data)."""


def fact_files(folder: Path) -> list[Path]:
    """The fact files of a folder, sorted by name (``*.yaml``, ``*.yml`` and bulk ``*.jsonl``)."""
    return sorted(p for p in folder.iterdir() if p.suffix in FACT_SUFFIXES and p.is_file())


def _validation_errors(name: str, exc: ValidationError, line_of: Callable[[Path_], int]) -> list[FactError]:
    errors = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        errors.append(FactError(name, line_of(loc), field_name(loc), error_message(err)))
    return errors


def load_jsonl(path: Path) -> list[LoadedFile]:
    """Load a JSON Lines file of facts: each non-blank line is one fact file (one article), as JSON.

    Lines are validated by the same models as YAML; errors name the file, the line and the field.
    Raises :class:`FactErrors` with every problem of every line.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "bulk.jsonl"
    >>> _ = path.write_text('{"source": {"file": "a.txt", "date": "2024", "quotes": ["q"]}}\\n'
    ...                     '{"source": {"file": "b.txt", "quotes": ["q"]}, "people": [{"id": "person/x"}]}\\n')
    >>> try:
    ...     load_jsonl(path)
    ... except FactErrors as err:
    ...     print(err.errors[0])
    bulk.jsonl:2: people[0].name: Field required
    """
    loaded, errors = [], []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                facts = FactFile.model_validate_json(raw)
            except ValidationError as exc:
                errors.extend(_validation_errors(path.name, exc, lambda _loc, n=number: n))
                continue
            loaded.append(LoadedFile(path=path, facts=facts, lines={(): number}))
    if errors:
        raise FactErrors(errors)
    return loaded


def load_path(path: Path) -> list[LoadedFile]:
    """Load one fact file: a YAML file is one fact file, a JSON Lines file one per line."""
    return load_jsonl(path) if path.suffix == ".jsonl" else [load_file(path)]


def load_dir(folder: Path) -> list[LoadedFile]:
    """Load every fact file in ``folder``; raises :class:`FactErrors` with the problems of all files."""
    if not folder.is_dir():
        raise FactErrors([FactError(str(folder), 0, "", "no such folder of facts")])
    loaded, errors = [], []
    for path in fact_files(folder):
        try:
            loaded.extend(load_path(path))
        except FactErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise FactErrors(errors)
    if not loaded:
        raise FactErrors([FactError(str(folder), 0, "", "no *.yaml fact files in this folder")])
    return loaded
