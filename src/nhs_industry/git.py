"""The one place the package asks git something: the site's version, each row's last change, the data diff, the
release, and the state the build's cache keys hang on."""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import paths


def run(*args: str, root: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `git args...` in root (the repository by default) and return the finished process, whatever its exit code."""
    return subprocess.run(["git", *args], cwd=root or paths.ROOT, capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def output(*args: str, root: Path | None = None, timeout: float = 60) -> str:
    """What `git args...` prints, stripped; raises subprocess.CalledProcessError if git fails (OSError if it is missing)."""
    done = run(*args, root=root, timeout=timeout)
    done.check_returncode()
    return done.stdout.strip()


def state(root: Path | None = None) -> str:
    """HEAD, the tags and the modified tracked files: everything the site's version depends on ('' without git)."""
    try:
        return "".join(run(*args, root=root, timeout=10).stdout for args in (("rev-parse", "HEAD"), ("tag", "--list"),
                       ("status", "--porcelain", "--untracked-files=no")))  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
