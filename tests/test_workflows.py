"""The GitHub Actions workflows pass actionlint, and the check fails on a broken workflow."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nhs_industry import paths

WORKFLOWS = sorted((paths.ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    """The actionlint executable that requirements.txt installs beside this Python."""
    found = Path(sys.executable).parent / "actionlint"
    if found.exists():
        return str(found)
    on_path = shutil.which("actionlint")
    if on_path is None:
        pytest.fail("actionlint is not installed: install requirements.txt (./run test does)")
    return on_path


def lint(files: list[Path]) -> tuple[int, str]:
    """actionlint's exit code and its messages, one line per problem."""
    result = subprocess.run([actionlint(), "-no-color", "-oneline", *map(str, files)],
                            capture_output=True, text=True, cwd=paths.ROOT)
    return result.returncode, (result.stdout + result.stderr).strip()


def test_there_are_workflows():
    assert {path.name for path in WORKFLOWS} >= {"pull-request.yml", "publish.yml"}


def test_workflows_pass_actionlint():
    code, messages = lint(WORKFLOWS)
    assert code == 0, f"actionlint found problems:\n{messages}"


def test_actionlint_fails_on_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = (paths.ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert "fetch-depth:" in text and "github.base_ref" in text
    broken.write_text(text.replace("fetch-depth:", "fetch-dept:").replace("github.base_ref", "github.base_reff"), encoding="utf-8")
    code, messages = lint([broken])
    assert code == 1, messages
    assert 'input "fetch-dept" is not defined in action "actions/checkout' in messages, messages
    assert 'property "base_reff" is not defined' in messages, messages
    assert all("broken.yml:" in line for line in messages.splitlines()), messages
