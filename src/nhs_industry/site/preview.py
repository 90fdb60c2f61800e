"""`./run preview`: serve the site, rebuild it when data/, book/ or the package change, reload the open page.

The serving and reloading are sphinx-autobuild's: its file watcher, its websocket and the script it adds to
each page. The build is the project's own (build.build), run in this process with one Python kernel kept from
build to build, so an edit pays only for what it touches: the entry pages of the changed rows, the chapters
(run again together, in the kept kernel), and the pages Sphinx then re-reads. A build that fails leaves the last good site
in place and prints what is wrong (file, row, column) here; nothing half-built is served.

A change to the package's own code restarts the preview: this process and its kernel hold the old code. A change
to the scripts and styles the package serves as they are does not: the next build copies them.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .. import paths
from ..model import caches
from . import build, execute

WATCHED = [paths.DATA_DIR, paths.BOOK_DIR, execute.PACKAGE] + [
    paths.ROOT / name for name in ("_config.yml", "_toc.yml", "CHANGELOG.md", "pyproject.toml")
]
# Editors' swap and backup files, and Python's bytecode, are not changes to the site.
IGNORED = [r".*/__pycache__/.*", r".*\.pyc$", r".*~$", r".*\.sw[px]$", r".*/\.#.*", r".*\.tmp$"]


class Rebuilder:
    """Called by the watcher with the changed paths; builds in this process with a kept kernel."""

    def __init__(self):
        self.kernel = execute.Kernel()

    def __call__(self, *, changed_paths) -> bool:
        code = set(execute.package_code())
        if any(Path(p).resolve() in code for p in changed_paths):
            self.restart()
        caches.forget_cached()  # this process read the old files; the kernel's caches are cleared by execute.SETUP
        started = time.perf_counter()
        ok = build.build(kernel=self.kernel) == 0
        print(
            f"\n{'Rebuilt' if ok else 'Build FAILED (the last good site is still served)'} "
            f"in {time.perf_counter() - started:.1f} s after changes to: "
            + ", ".join(
                sorted(
                    {Path(p).relative_to(paths.ROOT).as_posix() if Path(p).is_relative_to(paths.ROOT) else str(p) for p in changed_paths}
                )[:5]
            ),
            flush=True,
        )
        return ok

    def restart(self) -> None:
        print("\nThe package's code changed: restarting the preview.", flush=True)
        self.kernel.shutdown()
        os.execv(
            sys.executable,
            [sys.executable, "-m", "nhs_industry", "preview", *sys.argv[sys.argv.index("preview") + 1 :]]
            if "preview" in sys.argv
            else [sys.executable, "-m", "nhs_industry", "preview"],
        )


def app(rebuild: Rebuilder, host: str, port: int, ready: str):
    """The server: the built site, sphinx-autobuild's reload script and websocket, and the watcher, which prints
    `ready` once it watches."""
    import watchfiles
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class InProcessRebuildServer(RebuildServer):
        """sphinx-autobuild's server runs each rebuild in a new process; ours keeps its kernel, so it builds in a
        thread of this one (one build at a time: changes made during a build start the next)."""

        async def watch(self) -> None:
            # yield_on_timeout: the first (empty) answer shows the watcher is in place, and only then is the
            # preview announced: an edit made before that would not be seen (the tests edit straight away).
            announced = False
            async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path), rust_timeout=500, yield_on_timeout=True
            ):
                if not announced:
                    print(ready, flush=True)
                    announced = True
                if changes and await asyncio.to_thread(self.change_callback, changed_paths=[Path(p).resolve() for _, p in changes]):
                    self.flag.set()  # reload the open pages only when there is a new site to show

    watcher = InProcessRebuildServer([p for p in WATCHED if p.exists()], IgnoreFilter([], IGNORED), change_callback=rebuild)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=paths.HTML_DIR, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}")],
        lifespan=watcher.lifespan,
    )


def main(host: str = "127.0.0.1", port: int = 8000) -> int:
    import uvicorn

    rebuild = Rebuilder()
    if build.build(kernel=rebuild.kernel) != 0 and not paths.HTML_DIR.exists():
        print("The first build failed and there is no earlier site to serve; fix the problems above and run again.")
        rebuild.kernel.shutdown()
        return 1
    ready = f"\nPreview: http://{host}:{port}/  (watching data/, book/ and the package; Ctrl+C stops)"
    try:
        uvicorn.run(app(rebuild, host, port, ready), host=host, port=port, log_level="warning")
    finally:
        rebuild.kernel.shutdown()
    return 0


@contextmanager
def running(env: dict[str, str], log: Path):
    """A preview in a process of its own, for the tests and the benchmark: yields its address once it serves.
    Its output goes to `log` (a file, not a pipe: a pipe nobody reads fills up and stops the preview)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "nhs_industry", "preview", "--port", str(port)],
            cwd=paths.ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        # Announced once its watcher is in place; and it must answer, too.
        while "Preview:" not in log.read_text() or not page_text(f"http://127.0.0.1:{port}/"):
            if process.poll() is not None:
                raise RuntimeError("the preview stopped:\n" + log.read_text()[-3000:])
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def page_text(url: str) -> str:
    """A served page's text, or "" while it cannot be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""
