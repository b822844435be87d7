"""A real browser for the tests: the system's Chromium driven by Playwright, never a download.

The built site is served over HTTP on 127.0.0.1 (a port the OS picks), as a reader's browser
would see it; Chromium starts with the network features that would reach outside switched off.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system's Chromium, or None."""
    given = os.environ.get("GRIDNEWS_CHROMIUM")
    if given:
        return given
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker keeps to about three requests a second per server unless the server
        # answers with this header; the test server lets it go as fast as it can.
        self.send_header("LinkChecker", "allow")
        super().end_headers()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1; yields the base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- pages of the sample site that the browser tests visit ---------------------------------------

PAGE_NAMES = ("home", "story", "honours", "worker", "event", "recap")
WIDTHS = (375, 1280)
AXE_JS = Path(__file__).parent / "tools/node_modules/axe-core/axe.min.js"
SCREENSHOTS = Path(__file__).parent / "screenshots"


def _first(output: Path, pattern: str) -> str:
    """The site-relative URL of the first page matching a glob, as a folder URL."""
    found = sorted(output.glob(pattern))
    if not found:
        raise AssertionError(f"the built site has no page matching {pattern}")
    return found[0].parent.relative_to(output).as_posix() + "/"


def sample_pages(output: Path) -> dict[str, str]:
    """Site-relative URLs of one page of each kind, found in the built site.

    The story is one with pictures (responsive images are the riskiest part of a story page).
    """
    stories = sorted(output.glob("stories/*/index.html"))
    with_images = [page for page in stories if "<img" in page.read_text(encoding="utf-8")]
    story = (with_images or stories)[0]
    return {
        "home": "",
        "story": story.parent.relative_to(output).as_posix() + "/",
        "honours": "honours/",
        "worker": _first(output, "workers/*/index.html"),
        "event": _first(output, "events/*/index.html"),
        "recap": _first(output, "recaps/*/*/index.html"),
    }


def screenshot_folder() -> Path:
    """Where screenshots go: $GRIDNEWS_SCREENSHOTS, else tests/screenshots/ (gitignored)."""
    folder = Path(os.environ.get("GRIDNEWS_SCREENSHOTS") or SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- watching a page load ------------------------------------------------------------------------


@dataclass
class PageLog:
    """What a page did while loading: console errors, bad requests, outside requests, dialogs."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # "<resource type> <url>", blocked
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything that should not happen on a page of the site, one line each."""
        return (
            [f"console: {line}" for line in self.errors]
            + [f"request: {line}" for line in self.failed]
            + [f"outside request (blocked): {line}" for line in self.outside]
            + [f"dialog: {line}" for line in self.dialogs]
        )


def watch(context: Any, page: Any) -> PageLog:
    """Record a page's console errors, uncaught exceptions, failed requests and dialogs.

    Requests to any host but 127.0.0.1 are blocked and recorded: the site must not depend on
    (or leak readers to) another server, and the tests must not reach the network.
    """
    log = PageLog()

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            log.outside.append(f"{route.request.resource_type} {url}")
            route.abort()

    def response(response: Any) -> None:
        if response.status != 200:
            log.failed.append(f"{response.status} {response.url}")

    def dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def console(message: Any) -> None:
        if message.type == "error":
            log.errors.append(message.text)

    def failed(request: Any) -> None:
        if urlsplit(request.url).hostname == "127.0.0.1":
            log.failed.append(f"failed {request.url} ({request.failure})")

    context.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: log.errors.append(f"uncaught {error}"))
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("response", response)
    page.on("requestfailed", failed)
    page.on("dialog", dialog)
    return log


def load_everything(page: Any) -> None:
    """Scroll to the end and back so lazy images load; wait for every image and font."""
    page.wait_for_load_state("load")
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
                scrollTo(0, y);
                await new Promise((done) => requestAnimationFrame(done));
            }
            scrollTo(0, 0);
            await Promise.all([...document.images].map((image) => image.complete || new Promise(
                (done) => ["load", "error"].forEach((type) => image.addEventListener(type, done)))));
            await document.fonts.ready;
        }"""
    )


# Families that draw Chinese on the systems readers use; make test installs Noto CJK.
CJK_FONT = re.compile(
    r"CJK|Source Han|PingFang|Hiragino|YaHei|JhengHei|SimSun|Song|WenQuanYi|Droid Sans Fallback"
)


def fonts_used(context: Any, page: Any, selector: str) -> list[str]:
    """The font families Chromium actually drew an element's text with."""
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [font["familyName"] for font in fonts]


# --- accessibility -------------------------------------------------------------------------------

SERIOUS = ("serious", "critical")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core over the page; return its violations (id, impact, help, nodes)."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                url: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "),
                    html: n.html,
                    summary: n.failureSummary,
                })),
            }));
        }"""
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable report: rule, impact and help, then each failing element's selector."""
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['url']})"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    {node['target']}  {node['html'][:160]}")
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)
