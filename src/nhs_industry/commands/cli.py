"""Command line: `python -m nhs_industry validate | format [--check] | build | preview | diff [BASE] | status | release | addresses |
handout`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from ..model import canonical, data, diff, in_force, validate
from ..site import build, preview
from . import handout, release


def run_validate(args) -> int:
    dataset = validate.load_dataset(args.data_dir)
    problems = dataset.problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem(s) in {args.data_dir}. Each line gives file:line: column: what is wrong.", file=sys.stderr)
        if dataset.rules_waiting:
            print("The checks across rows (dates in order, editions chained, ...) run once these are fixed.", file=sys.stderr)
        return 1
    print(f"{args.data_dir}: valid")
    return 0


def run_format(args) -> int:
    if args.check:
        stale = canonical.files_not_canonical()
        for path in stale:
            print(f"data/{path}: not in canonical form; run `python -m nhs_industry format`")
        return 1 if stale else 0
    # Line 1 is the header: a file whose columns are wrong cannot be reordered safely.
    header_problems = [p for p in validate.problems() if p.line == 1]
    if header_problems:
        print("Fix these first:\n" + "\n".join(map(str, header_problems)))
        return 1
    for path in canonical.format_all():
        print(f"rewrote data/{path}")
    return 0


def run_build(args) -> int:
    return build.build(clean=args.clean)


def run_preview(args) -> int:
    return preview.main(args.host, args.port)


def run_diff(args) -> int:
    try:
        print(diff.report(args.base, args.data_dir), end="")
    except diff.GitError as error:
        print(f"diff: {error}", file=sys.stderr)
        return 2
    return 0


def run_status(_args) -> int:
    print(in_force.status_report(data.load("instruments")))
    return 0


def run_release(args) -> int:
    try:
        push = release.release(args.version, root=args.root)
    except release.ReleaseError as error:
        print(f"Release not made: {error}", file=sys.stderr)
        return 1
    print(
        f"Released {args.version}: committed and tagged v{args.version}. Publish it (the tag runs the publish workflow) with:\n    {push}"
    )
    return 0


def run_addresses(_args) -> int:
    for path in release.write_addresses():
        print(f"rewrote {path.name} from _config.yml's repository address")
    return 0


def run_handout(_args) -> int:
    return handout.main()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nhs_industry", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every CSV in data/ against data/datapackage.json")
    check.add_argument("--data-dir", type=Path, default=paths.DATA_DIR, help="folder holding datapackage.json and the CSVs")
    check.set_defaults(run=run_validate)
    fmt = commands.add_parser("format", help="rewrite the CSVs in canonical form (column order, sorted by id)")
    fmt.add_argument("--check", action="store_true", help="only report files that are not in canonical form")
    fmt.set_defaults(run=run_format)
    build_cmd = commands.add_parser("build", help="validate, then build the site into _build/html")
    build_cmd.add_argument("--clean", action="store_true", help="discard the execution cache and build from scratch")
    build_cmd.set_defaults(run=run_build)
    preview_cmd = commands.add_parser("preview", help="serve the site and rebuild what an edit touches, reloading the page")
    preview_cmd.add_argument("--port", type=int, default=8000)
    preview_cmd.add_argument("--host", default="127.0.0.1")
    preview_cmd.set_defaults(run=run_preview)
    diff_cmd = commands.add_parser("diff", help="print, as Markdown, the rows data/ adds, removes and changes against a git revision")
    diff_cmd.add_argument("base", nargs="?", help="git revision to compare with (default: origin/main if it exists, else HEAD)")
    diff_cmd.add_argument("--data-dir", type=Path, default=paths.DATA_DIR, help="folder holding datapackage.json and the CSVs")
    diff_cmd.set_defaults(run=run_diff)
    commands.add_parser(
        "status", help="how complete the rules-in-force answers are: counts per nation today, 2015, 2005, 1995, and each rule not checked"
    ).set_defaults(run=run_status)
    release_cmd = commands.add_parser("release", help="bump the version, date the changelog, commit and tag (clean tree only)")
    release_cmd.add_argument("version", help="the new version, such as 0.3.0")
    release_cmd.add_argument("--root", type=Path, default=paths.ROOT, help=argparse.SUPPRESS)  # the tests release a copy
    release_cmd.set_defaults(run=run_release)
    commands.add_parser(
        "addresses", help="rewrite CITATION.cff's and .zenodo.json's addresses from _config.yml's repository url"
    ).set_defaults(run=run_addresses)
    commands.add_parser("handout", help="print the seminar handouts and the timeline as A4 PDFs (after a build)").set_defaults(
        run=run_handout
    )
    args = parser.parse_args(argv)
    return args.run(args)
