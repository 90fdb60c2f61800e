"""Lets `python -m nhs_industry ...` run the command line."""
import sys

from .cli import main

sys.exit(main())
