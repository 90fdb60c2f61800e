"""Serving the built site on localhost and finding a working Chromium: used by the handout command and the tests.

`python -m nhs_industry.site.browser` prints the Chromium it would use, or fails (./run installs one then)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

# Background networking off: the machine has no network, and the site must not need one.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


# Where a working Chromium is found, in order: one named by the environment; Debian's package (`chromium`); on
# GitHub's Ubuntu runners the image's own Chromium and Chrome (/usr/bin/chromium, google-chrome; CHROME_BIN names
# Chrome there); then one Playwright installed (`playwright install chromium`, as ./run does on Ubuntu).
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _works(path: str) -> bool:
    """Whether path runs a browser: Ubuntu's apt `chromium` is a stub that asks for a snap and runs nothing here."""
    if "/snap/" in os.path.realpath(path):
        return False
    try:
        result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and re.search(r"Chrom(e|ium) \d", result.stdout) is not None


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return playwright.chromium.executable_path
    except Exception:  # playwright not installed, or its driver cannot start: then there is no such browser
        return None


@functools.cache
def chromium_path() -> str:
    named = [os.environ.get(name) for name in ("NHS_INDUSTRY_CHROMIUM", "CHROME_BIN")]
    # Every match on PATH, not only the first: a stub can shadow a real browser further along.
    on_path = [found for name in CANDIDATES for folder in os.get_exec_path() if (found := shutil.which(name, path=folder))]
    for candidate in [*filter(None, named), *dict.fromkeys(on_path)]:
        if _works(candidate):
            return candidate
    bundled = _playwright_chromium()
    if bundled and Path(bundled).exists() and _works(bundled):
        return bundled
    raise RuntimeError(
        "no working Chromium found: on Debian install the chromium package; on Ubuntu (where apt's chromium is "
        "a snap stub) `.venv/bin/python -m playwright install --with-deps chromium`; ./run does either"
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request (a subclass can change how a file is served, e.g. slowly)."""

    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path, handler_class: type[QuietHandler] = QuietHandler):
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


if __name__ == "__main__":
    try:
        print(chromium_path())
    except RuntimeError as error:
        raise SystemExit(str(error)) from None
