"""The theme's icons without its 1.5 MB fontawesome.js: the few icons the pages use, as CSS masks.

The shapes are read from the theme's own copy of Font Awesome (free, CC BY 4.0 icons), so they are the
same icons; a test checks that every icon class on a built page is drawn here."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pydata_sphinx_theme

CSS_FILE = "nhs-icons.css"
FONTAWESOME_JS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
# Every fa-* icon the theme puts on this site's pages.
USED = [
    "magnifying-glass",
    "chevron-down",
    "bars",
    "list",
    "sun",
    "moon",
    "circle-half-stroke",
    "expand",
    "arrow-up",
    "angle-right",
    "angle-left",
    "outdent",
    "compress",
]


def shape(name: str, source: str) -> tuple[int, int, str]:
    """(width, height, SVG path) of one icon in Font Awesome's bundled definitions: the first place where the
    name, not the end of a longer word ("list" in "checklist"), is followed by its definition."""
    # The name leads the pattern, so the search skips ahead to each place the name occurs (a pattern that
    # started with the boundary test read the 1.5 MB script character by character: 0.5 s a build for 13 icons).
    definition = re.compile(re.escape(name) + r'"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')
    match = definition.search(source)
    while match and match.start() > 0 and re.match(r"\w", source[match.start() - 1]):
        match = definition.search(source, match.start() + 1)
    if match:
        return int(match.group(1)), int(match.group(2)), match.group(3)
    raise KeyError(f"icon {name!r} not found in {FONTAWESOME_JS}")


def css() -> str:
    source = FONTAWESOME_JS.read_text(encoding="utf-8")
    rules = [
        # The icon fonts are not shipped: nothing may ask for them (an icon is a mask below, not a glyph).
        ".fa-solid, .fa-regular, .fa-brands, .fa, .fas, .far, .fab { display: inline-block; font-style: normal; line-height: 1; "
        "font-family: inherit !important; }",
        "[class*='fa-']::before, [class*='fa-']::after { font-family: inherit !important; }",
        *(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: local("nhs-no-icon-font"); }}'
            for family, weight in (("Font Awesome 6 Free", 900), ("Font Awesome 6 Free", 400), ("Font Awesome 6 Brands", 400))
        ),
    ]
    for name in USED:
        width, height, path = shape(name, source)
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        mask = f'url("data:image/svg+xml,{quote(svg, safe="")}") no-repeat center / contain'
        rules.append(
            f'.fa-{name}::before {{ content: ""; display: inline-block; width: {width / height:.3f}em; height: 1em; '
            f"vertical-align: -0.125em; background-color: currentColor; -webkit-mask: {mask}; mask: {mask}; }}"
        )
    return "\n".join(rules) + "\n"


def write_css(static_dir: Path) -> Path:
    static_dir.mkdir(parents=True, exist_ok=True)
    target = static_dir / CSS_FILE
    target.write_text(css(), encoding="utf-8")
    return target
