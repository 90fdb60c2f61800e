"""Serving the built site on localhost and starting Debian's Chromium: used by the handout command and the tests."""
from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

# Background networking off: the machine has no network, and the site must not need one.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium not found: install Debian's chromium package (./run test does)")


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
