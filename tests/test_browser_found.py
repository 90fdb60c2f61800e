"""The tests and handouts find a Chromium that runs, and pass over Ubuntu's snap stub named `chromium`."""

from __future__ import annotations

import os

from nhs_industry.site import browser

SNAP_STUB = """#!/bin/sh
echo "Command '/usr/bin/chromium' requires the chromium snap to be installed." >&2
exit 1
"""


def test_a_snap_stub_first_on_the_path_is_passed_over(tmp_path, monkeypatch):
    stub = tmp_path / "chromium"
    stub.write_text(SNAP_STUB)
    stub.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("NHS_INDUSTRY_CHROMIUM", raising=False)
    monkeypatch.delenv("CHROME_BIN", raising=False)
    browser.chromium_path.cache_clear()
    try:
        found = browser.chromium_path()
    finally:
        browser.chromium_path.cache_clear()
    assert found != str(stub) and browser._works(found)
    assert not browser._works(str(stub))
