"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, for the HTML viewer.

Run as a script to rebuild ``docs/screenshot.png`` from ``graph/``::

    python tests/html_browser.py [docs/screenshot.png]
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY_TIMEOUT_MS = 60_000
REPO = Path(__file__).resolve().parent.parent
SCREENSHOT_NODE = "id/group/nanji-quan"


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """One headless Chromium for a whole test session (never ``playwright install``: it is Debian's)."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """Everything a page asked for or complained about while it was open."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to anything but ``file:`` and ``data:``."""
        return [url for url in self.requests if not url.startswith(("file:", "data:"))]


def watch(page: Page) -> PageLog:
    """Record requests, failures, console errors, page errors and dialogs (dismissed) of ``page``."""
    log = PageLog()
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("requestfailed", lambda r: log.failed.append(f"{r.url}: {_failure(r)}"))
    page.on("console", lambda m: _console(log, m))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
    return log


def _failure(request: Request) -> str:
    return request.failure or "failed"


def _console(log: PageLog, message: ConsoleMessage) -> None:
    if message.type == "error":
        log.console_errors.append(message.text)


def open_viewer(page: Page, html: Path) -> None:
    """Load the page from ``file://`` and wait until its layout has stabilized and physics is off."""
    page.goto(html.resolve().as_uri())
    page.wait_for_function("() => window.alumnigraph && window.alumnigraph.ready === true", timeout=READY_TIMEOUT_MS)


def write_screenshot(browser: Browser, html: Path, target: Path, select: str | None = None) -> None:
    """Screenshot the viewer at 1600×1000, with ``select`` (a node id) selected if given."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
    try:
        open_viewer(page, html)
        if select:
            page.evaluate("id => window.alumnigraph.select(id)", select)
        page.wait_for_timeout(800)
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
    finally:
        page.close()


def main(argv: list[str]) -> None:
    """Build the page from ``graph/`` into a temporary folder and screenshot it."""
    from alumnigraph.export.html import write_html
    from alumnigraph.exports import load_graph

    target = Path(argv[0]) if argv else REPO / "docs" / "screenshot.png"
    graph = load_graph(REPO / "graph").graph
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        html = Path(tmp) / "alumnigraph.html"
        write_html(graph, html)
        write_screenshot(browser, html, target, select=SCREENSHOT_NODE if SCREENSHOT_NODE in graph else None)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
