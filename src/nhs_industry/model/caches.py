"""The package's cached readers, forgotten together: a process that builds more than once (the preview, its kernel)
must read the files again after an edit."""

from __future__ import annotations

import sys


def forget_cached() -> None:
    """Clear every cached reader in the package, so the next call reads the files again. Each cache holds something
    read from the files, so all of them go."""
    for name, module in list(sys.modules.items()):
        if name == "nhs_industry" or name.startswith("nhs_industry."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
