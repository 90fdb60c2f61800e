"""Lets `python -m nhs_industry ...` run the command line."""

import sys

from .commands.cli import main

sys.exit(main())
