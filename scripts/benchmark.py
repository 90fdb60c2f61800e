"""Prints how long the main steps take on this machine. Figures only: no test asserts a time.

Usage: .venv/bin/python scripts/benchmark.py [--no-build]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nhs_industry import data, pages, paths, schema, validate


def timed(label: str, action, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best:8.3f} s")
    return best


def build(env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "nhs_industry", "build"], capture_output=True, text=True,
                            env={**os.environ, **env}, cwd=paths.ROOT)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-build", action="store_true", help="skip the (slow) full builds")
    args = parser.parse_args()
    rows = sum(len(data.load(name)) for name in schema.tables())
    print(f"data: {rows} rows in {len(schema.tables())} tables; {os.cpu_count()} cores")
    timed("validate every table (best of 5)", validate.problems, repeat=5)
    timed("load every table (cold)", lambda: [data._dataset.cache_clear(), [data.load(n) for n in schema.tables()]])
    timed("generate entry pages", pages.generate)
    if args.no_build:
        return
    with tempfile.TemporaryDirectory() as scratch:
        env = {"NHS_INDUSTRY_BUILD_DIR": str(Path(scratch) / "build")}
        timed("full build from scratch", lambda: build(env))
        timed("rebuild with nothing changed", lambda: build(env))
        copy = Path(scratch) / "data"
        shutil.copytree(paths.DATA_DIR, copy)
        text = (copy / "instruments.csv").read_text(encoding="utf-8")
        (copy / "instruments.csv").write_text(text.replace(",medium,", ",low,", 1), encoding="utf-8")
        timed("rebuild after editing one CSV row", lambda: build({**env, "NHS_INDUSTRY_DATA_DIR": str(copy)}))


if __name__ == "__main__":
    main()
