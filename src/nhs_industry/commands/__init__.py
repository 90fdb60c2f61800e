"""The command line (`python -m nhs_industry ...`): validate, format, diff, build, preview, release, handout.
The top layer: imports anything below it, and nothing imports it."""
