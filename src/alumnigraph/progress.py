"""A rich progress display for long builds: one line per stage, a bar while sources are built.

>>> from rich.console import Console
>>> import io
>>> shown = RichProgress(Console(file=io.StringIO(), width=80))
>>> with shown:
...     shown.stage("building", 2)
...     shown.advance(2)
>>> shown.stages
['building']
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class RichProgress:
    """Shows the stages of :func:`alumnigraph.exports.build_exports` as they run (a context manager)."""

    def __init__(self, console: Console):
        self.display = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False,
        )
        self.task: TaskID | None = None
        self.stages: list[str] = []
        self.started = time.perf_counter()

    def __enter__(self) -> RichProgress:
        self.display.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._finish()
        self.display.stop()

    def _finish(self) -> None:
        if self.task is not None:
            total = self.display.tasks[-1].total
            self.display.update(self.task, completed=total if total is not None else 1, total=total or 1)

    def stage(self, name: str, total: int | None = None) -> None:
        """Close the previous stage and open ``name`` (with ``total`` steps if known)."""
        self._finish()
        self.stages.append(name)
        self.task = self.display.add_task(name, total=total)

    def advance(self, done: int) -> None:
        """``done`` steps of the current stage are finished."""
        if self.task is not None:
            self.display.update(self.task, completed=done)
