"""The GitHub Actions workflows pass actionlint and zizmor (each check shown able to fail), pin their actions by
commit, publish releases, and find a browser and a Node that GitHub's runners have."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
    result = subprocess.run([actionlint(), "-no-color", "-oneline", *map(str, files)], capture_output=True, text=True, cwd=paths.ROOT)
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
    assert "runs-on: ubuntu-latest" in text and "github.base_ref" in text
    # (An action's inputs are checked only for the releases actionlint knows, not at a pinned commit.)
    broken.write_text(
        text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lates").replace("github.base_ref", "github.base_reff"), encoding="utf-8"
    )
    code, messages = lint([broken])
    assert code == 1, messages
    assert 'label "ubuntu-lates" is unknown' in messages, messages
    assert 'property "base_reff" is not defined' in messages, messages
    assert all("broken.yml:" in line for line in messages.splitlines()), messages


# ---------------------------------------------------------------- zizmor, pins, and what the workflows must do


def zizmor(*targets: Path) -> subprocess.CompletedProcess:
    """zizmor (from requirements.txt), offline: it audits the files themselves, asking GitHub nothing."""
    found = Path(sys.executable).parent / "zizmor"
    executable = str(found) if found.exists() else shutil.which("zizmor")
    if executable is None:
        pytest.fail("zizmor is not installed: install requirements.txt (./run test does)")
    return subprocess.run(
        [executable, "--offline", "--no-progress", "--format", "plain", *map(str, targets)], capture_output=True, text=True, cwd=paths.ROOT
    )


def test_workflows_and_dependabot_pass_zizmor():
    result = zizmor(paths.ROOT / ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_fails_on_an_unsafe_workflow(tmp_path):
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    text = (paths.ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    # A tag instead of a commit, and the pull request's title pasted into a shell script (template injection).
    text = re.sub(r"actions/upload-artifact@[0-9a-f]{40}", "actions/upload-artifact@v7", text)
    text = text.replace('>> "$GITHUB_STEP_SUMMARY"', '>> "$GITHUB_STEP_SUMMARY"; echo "${{ github.event.pull_request.title }}"')
    unsafe.write_text(text, encoding="utf-8")
    result = zizmor(unsafe)
    assert result.returncode != 0
    assert "template-injection" in result.stdout and "unpinned-uses" in result.stdout, result.stdout


def uses_lines() -> list[tuple[str, str]]:
    return [
        (path.name, line.strip())
        for path in WORKFLOWS
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(- )?uses:", line)
    ]


def test_every_action_is_pinned_by_commit_with_its_release_named():
    unpinned = [f"{name}: {line}" for name, line in uses_lines() if not re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line)]
    assert unpinned == [], "pin each action by its release's commit, with '# vX.Y.Z' after it:\n" + "\n".join(unpinned)


def workflow(name: str) -> dict:
    return yaml.safe_load((paths.ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(name: str) -> list[dict]:
    return [step for job in workflow(name)["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("name", [path.name for path in WORKFLOWS])
def test_workflows_use_a_maintained_node_and_never_apts_chromium(name):
    text = (paths.ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
    assert "apt-get install -y chromium" not in text, "on Ubuntu runners apt's chromium is a snap stub; ./run browser finds one"
    for step in steps(name):
        if "setup-node" in step.get("uses", ""):
            assert int(step["with"]["node-version"]) >= 24, "Node 20 and 22 are past (or near) their end of life"
        if "actions/checkout" in step.get("uses", ""):
            assert step["with"]["fetch-depth"] == 0, "without tags and history no release or last change can be found"


def test_a_release_tag_publishes_the_site():
    on = workflow("publish.yml")[True]  # YAML 1.1 reads the key `on` as true
    assert "v*.*.*" in on["push"]["tags"] and on["push"]["branches"] == ["main"]
    assert not any("configure-pages" in step.get("uses", "") for step in steps("publish.yml")), "configure-pages is unused"


def test_dependabot_keeps_actions_python_and_npm_current():
    config = yaml.safe_load((paths.ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {update["package-ecosystem"] for update in config["updates"]} == {"github-actions", "pip", "npm"}
