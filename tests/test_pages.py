"""Entry pages are MyST documents made from the data: text from the data is shown as written, never read as markup."""

from __future__ import annotations

import pytest
import yaml
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from nhs_industry import paths
from nhs_industry.content import pages

HOSTILE = [
    "<script>alert(1)</script> & &amp; *emphasis* _under_ `code` [link](javascript:x) ![img](x)",
    "{eval-rst}`.. raw:: html` {cite:p}`x` {{ 7*7 }} $x$ ~~del~~ a|b \\ backslash",
    "# heading",
    "- item",
    "+ item",
    "1. first",
    "2008) year",
    "> quoted",
    ":::{note}",
    "% comment",
    "---",
    "```",
    "  leading and\ntrailing spaces  ",
    "(brackets), commas; colons: 50% done.",
]


def parser():
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return create_md_parser(MdParserConfig(enable_extensions=set(config["parse"]["myst_enable_extensions"])), RendererHTML)


@pytest.mark.parametrize("where", ["{}", "# {}", "- {}", "* - Name\n  - {}"])
def test_text_from_the_data_is_never_read_as_myst(where):
    md = parser()
    for hostile in HOSTILE:
        tokens = md.parse(where.format(pages.text(hostile)))
        inline = [t for t in tokens if t.type == "inline"][-1]
        assert {child.type for child in inline.children} <= {"text", "text_special"}, hostile
        assert "".join(child.content for child in inline.children) == " ".join(hostile.split()), hostile


def test_the_escape_check_can_fail():
    tokens = parser().parse("*emphasis* and <b>html</b>")
    assert {child.type for child in tokens[1].children} > {"text"}
