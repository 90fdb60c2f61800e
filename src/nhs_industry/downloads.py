"""The data package as readers download it: each file at a stable address, and one zip of everything."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from . import paths, schema

ZIP_NAME = "nhs-industry-data.zip"
# Files that travel with the CSVs so the zip stands alone: schema, documentation, licence, citation.
COMPANIONS = ["datapackage.json", "README.md", "LICENSE.md"]


def files() -> list[Path]:
    """Every file of the data package that exists, CSVs first in the data package's order."""
    csvs = [paths.DATA_DIR / table.path for table in schema.tables(paths.DATA_DIR).values()]
    extras = [paths.DATA_DIR / name for name in COMPANIONS] + [paths.ROOT / "CITATION.cff", paths.ROOT / "CHANGELOG.md"]
    return csvs + [path for path in extras if path.exists()]


def publish(target: Path) -> Path:
    """Copy the data package into target and write the zip there; returns the zip's path."""
    target.mkdir(parents=True, exist_ok=True)
    archive = target / ZIP_NAME
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in files():
            shutil.copyfile(path, target / path.name)
            # A fixed timestamp keeps the zip identical when the data has not changed.
            info = zipfile.ZipInfo(f"nhs-industry-data/{path.name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    return archive
