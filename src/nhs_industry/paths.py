"""Where things are, found from this file so that it never depends on the working directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Both can be moved with environment variables, so tests can build from a changed copy of the data
# into a separate folder without touching the working tree.
DATA_DIR = Path(os.environ.get("NHS_INDUSTRY_DATA_DIR") or ROOT / "data")
DATAPACKAGE = DATA_DIR / "datapackage.json"
BOOK_DIR = ROOT / "book"
BUILD_DIR = Path(os.environ.get("NHS_INDUSTRY_BUILD_DIR") or ROOT / "_build")
HTML_DIR = BUILD_DIR / "html"
STAGING_DIR = BUILD_DIR / "staging"  # the build writes here first; HTML_DIR is replaced only on success
# The book's sources are copied here with the generated entry pages beside them, so a build (a test's
# too) never writes into the working tree.
SOURCE_DIR = STAGING_DIR / "source"
GENERATED_DIR = SOURCE_DIR / "book" / "entries"
BOOK_SOURCE_FILES = ["_config.yml", "_toc.yml", "book"]
NODE_MODULES = ROOT / "node_modules"
PACKAGE_STATIC = Path(__file__).resolve().parent / "site" / "static"
