"""Each workflow's `run:` steps, run in order in a clean clone, as a runner would run them. The steps that need
GitHub (its actions: checkout, setup, upload, deploy) are skipped and named; the rest must pass here.

Slow (a fresh .venv, npm ci and a build in the clone), so marked `browser`. The clone's own test step runs one site
test (which builds the site the upload steps publish); this run does the rest."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from nhs_industry import paths

# What each GitHub-only step is replaced by here: checkout by the clone, setup-python and setup-node by this
# machine's Python 3.11 and Node, the uploads by a check that what they would upload exists.
GITHUB_ONLY = {
    "actions/checkout": "the clean clone",
    "actions/setup-python": "this machine's python3",
    "actions/setup-node": "this machine's node",
    "actions/upload-pages-artifact": "a check that `path` exists",
    "actions/upload-artifact": "a check that `path` exists",
    "actions/deploy-pages": "nothing (it needs GitHub Pages)",
}
INSIDE = "NHS_INDUSTRY_WORKFLOW_CLONE"  # set in the clone, so that its test run does not start this test again


@pytest.fixture
def workflow_clone(tmp_path: Path) -> Path:
    """A clean clone of the commit under test, as `actions/checkout` with the whole history makes it."""
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", str(paths.ROOT), str(target)], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run(["git", "checkout", "-q", "-B", "main", head], cwd=target, check=True)  # the commit under test, as main
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", head], cwd=target, check=True)
    return target


def run_steps(workflow: Path, root: Path, env: dict[str, str], done: set[tuple]) -> list[str]:
    """Run every `run:` step of every job in order; returns the steps skipped, each with what stands in for it.
    A step already run in this clone with the same command and environment (the workflows share their set-up and
    test steps) is not run again: it would do the same thing to the same tree."""
    skipped = []
    for job_name, job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].items():
        for step in job.get("steps", []):
            if "uses" in step:
                action = step["uses"].split("@")[0]
                assert action in GITHUB_ONLY, f"{workflow.name}: {action} is a new GitHub-only step: say here what replaces it"
                skipped.append(f"{workflow.name} / {job_name} / {step.get('name', action)}: skipped ({GITHUB_ONLY[action]})")
                if "path" in step.get("with", {}):
                    assert (root / step["with"]["path"]).exists(), (
                        f"{workflow.name}: {step['with']['path']} would be uploaded but is missing"
                    )
                continue
            step_env = {name: str(value).replace("${{ github.base_ref }}", "main") for name, value in step.get("env", {}).items()}
            if (step["run"], tuple(sorted(step_env.items()))) in done:
                skipped.append(f"{workflow.name} / {job_name} / {step.get('name', step['run'])}: already run in this clone")
                continue
            done.add((step["run"], tuple(sorted(step_env.items()))))
            result = subprocess.run(
                ["bash", "-eo", "pipefail", "-c", step["run"]],
                cwd=root,
                capture_output=True,
                text=True,
                env={**env, **step_env},
                timeout=1800,
            )
            assert result.returncode == 0, (
                f"{workflow.name} / {job_name} / {step.get('name', step['run'])} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
    return skipped


@pytest.mark.full
@pytest.mark.browser
@pytest.mark.skipif(bool(os.environ.get(INSIDE)), reason="already inside a workflow clone")
def test_each_workflows_run_steps_pass_in_a_clean_clone(workflow_clone, tmp_path):
    root = workflow_clone
    # A committed symlink would make the clone's `npm ci` empty the folder it points to, outside the clone.
    assert not (root / "node_modules").exists(), "node_modules is committed; it must not be (see .gitignore)"
    summary = tmp_path / "summary.md"
    # A runner's environment, not this process's: no PYTHONPATH or virtualenv of the checkout under test (the clone
    # must use its own code and .venv), nothing of pytest's own workers.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not name.startswith(("PYTEST_", "NHS_INDUSTRY_"))
    }
    env = {
        **inherited,
        INSIDE: "1",
        "CI": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        # The clone's test step (.ci/run) runs one site test of each tier; the fast one builds the site (what Pages
        # gets). The rest of the suite is this run, on the same commit: running it again in the clone would test
        # nothing new.
        "PYTEST_ADDOPTS": "-m clone_smoke -p no:cacheprovider",
    }
    skipped, done = [], set()
    for workflow in sorted((root / ".github" / "workflows").glob("*.yml")):
        skipped += run_steps(workflow, root, env, done)
    print("\n".join(skipped))
    assert "Data changes against `origin/main`" in summary.read_text(encoding="utf-8")
    assert (root / "_build" / "html" / "book" / "releases.html").exists()
    shutil.rmtree(root, ignore_errors=True)
