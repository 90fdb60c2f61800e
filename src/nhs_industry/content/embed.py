"""Chart-only pages for embedding in a course page or VLE: the timeline alone, with its title, key and source."""

from __future__ import annotations

import html
import json
from pathlib import Path

from . import charts, citation, timeline

EMBED_FOLDER = "embed"


TITLE = "Policy instruments on NHS–industry collaboration in the UK"


def timeline_page() -> str:
    """The chart-only page. It draws the view its address names (the timeline's own ?kinds=…&from=…: the spec's
    "address"), and every link on it opens the site in the whole window, not inside the host's frame."""
    payload = json.dumps({**timeline.spec(controls=False), "address": True}, sort_keys=True, separators=(",", ":"))
    return f"""<!DOCTYPE html><html lang="en-GB" data-content_root="../"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base target="_top">
<meta name="nhs-site" content="{html.escape(citation.SITE_TITLE)}">
<meta name="nhs-version" content="{html.escape(citation.site_version())}">
<title>{html.escape(TITLE)}</title>
<link rel="stylesheet" href="../_static/nhs.css">
<style>body {{ font-family: system-ui, sans-serif; margin: 0.5rem; }} h1 {{ font-size: 1.1rem; margin: 0 0 0.25rem; }}
.nhs-embed-source {{ font-size: 0.8rem; color: #444; margin: 0.25rem 0; }} .nhs-figure {{ margin: 0; }}
/* In a phone-sized frame the cards scroll inside it, so the title and the source line stay in the frame. */
@media (max-width: 640px) {{
  html, body {{ height: 100%; }} body {{ display: flex; flex-direction: column; box-sizing: border-box; margin: 0; padding: 0.5rem; }}
  .nhs-figure, .nhs-timeline {{ flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; }}
  .nhs-timeline-cards {{ flex: 1 1 auto; min-height: 0; overflow-y: auto; }}
  .nhs-card-year h3 {{ top: 0; }} /* the site's sticky year sits below its header bar; the frame has none */ }}
</style></head><body>
<figure class="nhs-figure"><h1>{html.escape(TITLE)}</h1>
{charts.chart_html("timeline", payload, TITLE)}
<figcaption>{html.escape(TITLE)}. Hover for details; click a mark to open its page.</figcaption></figure>
<p class="nhs-embed-source">Source:
<a class="nhs-embed-site" href="../book/timeline.html" target="_top">{html.escape(citation.SITE_TITLE)}</a>,
version {html.escape(citation.site_version())}.
Every entry cites its sources. Text and data CC BY 4.0.</p>
<script src="../_static/vendor/plotly-basic.min.js"></script><script src="../_static/nhs-site.js"></script>
<script src="../_static/nhs-timeline.js"></script><script src="../_static/nhs-travel.js"></script></body></html>
"""


def write(html_dir: Path) -> Path:
    folder = html_dir / EMBED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "timeline.html"
    target.write_text(timeline_page(), encoding="utf-8")
    return target


def snippet_html() -> str:
    """What a lecturer copies: an iframe of the chart-only page (nhs-site.js fills in this site's own address)."""
    code = (
        '<iframe src="{site}embed/timeline.html" title="Timeline of UK rules on NHS–industry collaboration" '
        'width="100%" height="640" style="border:0"></iframe>'
    )
    return (
        f'<details class="nhs-embed"><summary>Embed this chart in a course page or VLE</summary>'
        f"<p>Copy this into the page (it shows the chart alone, with its title, key and source):</p>"
        f'<pre class="nhs-embed-code">{html.escape(code)}</pre>'
        f'<p><a href="../{EMBED_FOLDER}/timeline.html">Open the chart-only page</a>.</p></details>'
    )
