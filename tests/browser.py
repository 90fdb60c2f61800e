"""Serving the built site on localhost and driving Debian's Chromium with Playwright, for the browser tests."""
from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
]
# Messages that are not the site's fault: the theme's first-visit notice and the missing favicon.
HARMLESS_CONSOLE = ("Got invalid theme mode", "favicon.ico")


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium not found: install Debian's chromium package (the README's test command does)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


@dataclass
class PageLog:
    """What a page did that a test cares about: console errors and requests that left localhost."""

    console_errors: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


def watch(page) -> PageLog:
    """Record console errors, block and record any request to another host."""
    log = PageLog()

    def on_console(message):
        if message.type == "error" and not any(h in message.text for h in HARMLESS_CONSOLE):
            log.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_request(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            log.offsite_requests.append(route.request.url)
            route.abort()

    def on_failed(request):
        if not request.url.endswith("favicon.ico"):
            log.failed_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", on_failed)
    page.route("**/*", on_request)
    return log
