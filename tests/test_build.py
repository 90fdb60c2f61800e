"""The build: bad data stops it before anything is executed, and the last good site is left as it was."""

from __future__ import annotations

import os
import subprocess
import sys

from nhs_industry import paths


def run_build(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nhs_industry", "build"], capture_output=True, text=True, env={**os.environ, **env}, cwd=paths.ROOT
    )


def test_bad_data_stops_the_build_and_leaves_the_site_alone(data_copy, tmp_path):
    (data_copy / "instruments.csv").write_text(
        (data_copy / "instruments.csv").read_text(encoding="utf-8").replace(",circular,", ",law,", 1), encoding="utf-8"
    )
    # A stand-in for the last good site: the build stops before it would replace or touch any of it.
    build_dir = tmp_path / "build"
    (build_dir / "html" / "book").mkdir(parents=True)
    (build_dir / "html" / "index.html").write_text("<p>The last good site</p>", encoding="utf-8")
    (build_dir / "html" / "book" / "timeline.html").write_text("<p>Its timeline</p>", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (build_dir / "html").rglob("*")}
    result = run_build(NHS_INDUSTRY_DATA_DIR=str(data_copy), NHS_INDUSTRY_BUILD_DIR=str(build_dir))
    assert result.returncode == 1
    assert "instruments.csv:" in result.stderr and "kind: 'law' is not an allowed value" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (build_dir / "staging").exists(), "nothing is executed before the data is valid"
    assert {p: p.stat().st_mtime_ns for p in (build_dir / "html").rglob("*")} == before
