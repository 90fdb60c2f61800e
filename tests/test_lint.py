"""The code passes ruff's lint and its formatter with the project's settings (pyproject.toml), and each check can fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nhs_industry import paths

RUFF = Path(sys.executable).parent / "ruff"


def test_the_code_passes_ruff():
    result = subprocess.run([str(RUFF), "check", "."], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_ruff_check_can_fail(tmp_path):
    (tmp_path / "bad.py").write_text("import os\n", encoding="utf-8")
    result = subprocess.run(
        [str(RUFF), "check", "--config", str(paths.ROOT / "pyproject.toml"), str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode != 0 and "F401" in result.stdout


def test_the_code_is_laid_out_as_ruff_format_lays_it_out():
    result = subprocess.run([str(RUFF), "format", "--check", "."], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"run .venv/bin/ruff format:\n{result.stdout[-3000:]}"


def test_the_format_check_can_fail(tmp_path):
    (tmp_path / "bad.py").write_text("x = [ 1,2 ]\n", encoding="utf-8")
    result = subprocess.run(
        [str(RUFF), "format", "--check", "--config", str(paths.ROOT / "pyproject.toml"), str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode != 0 and "bad.py" in result.stdout
