"""Chart builders return the figures they promise, checked without a browser."""

from __future__ import annotations

import json

from nhs_industry.content import charts, tables
from nhs_industry.model import data, names, reported, schema


def test_chart_markup_is_stable_and_never_points_off_site():
    partnerships = data.load("partnerships")
    fig = charts.partnership_timeline(partnerships, names.load(), reported.statuses(partnerships))
    first, second = charts.chart_html("plotly", charts.plotly_spec(fig)), charts.chart_html("plotly", charts.plotly_spec(fig))
    assert first == second
    assert "cdn" not in first.lower() and "<script src" not in first


def test_script_json_cannot_close_its_script_element():
    markup = charts.chart_html("plotly", json.dumps({"title": "</script><b>"}))
    assert markup.count("</script>") == 1 and markup.endswith("</script>")


def test_table_beside_the_timeline_lists_every_instrument_in_date_order():
    instruments = data.load("instruments")
    table = tables.instrument_table(instruments, names.load())
    assert len(table) == len(instruments)
    starts = instruments.set_index("instrument_id").loc[table.index, "published_date_start"]
    assert starts.is_monotonic_increasing


def test_network_labels_are_names_never_nan_and_fit():
    organisations, instruments, partnerships = data.load("organisations"), data.load("instruments"), data.load("partnerships")
    fig = charts.network(organisations, instruments, partnerships)
    labels = [t for trace in fig.data if trace.text for t in trace.text]
    assert labels and all(isinstance(t, str) and t and t.lower() not in ("nan", "none") for t in labels)
    assert max(map(len, labels)) <= charts.LABEL_CHARACTERS


def test_partnership_chart_draws_each_dated_partnership_once_on_its_model_s_labelled_row():
    partnerships = data.load("partnerships")
    fig = charts.partnership_timeline(partnerships, names.load(), reported.statuses(partnerships))
    drawn = [(custom[0], row) for trace in fig.data for custom, row in zip(trace.customdata, trace.y)]
    dated = partnerships[partnerships["start_date"] != ""]
    assert sorted(drawn) == sorted(
        (r["partnership_id"], schema.label("partnerships", "model", r["model"])) for r in dated.to_dict("records")
    )


def test_date_range_covers_its_data_with_padding():
    import pandas as pd

    starts = pd.Series(pd.to_datetime(["2000-01-01", "2010-06-01"]))
    low, high = charts.date_range(starts, starts)
    assert low < "2000-01-01" and high > "2010-06-01" and low > "1998" and high < "2012"


def test_context_charts_draw_the_nearest_instruments_and_always_the_page_s_own():
    """With ten times the instruments, each entry page's 'In context' chart draws at most MOST_MARKS marks, the
    page's own among them (ringed), inside the plot, and its caption says it shows the nearest of how many."""
    import re

    from nhs_industry.content import context_svg, pages

    site = pages.Site()
    site.instrument_records = [{**r, "instrument_id": f"{r['instrument_id']}-x{n}"} for n in range(10) for r in site.instrument_records]
    site._context_charts = {}
    capped = 0
    for row in site.instrument_records[::3]:
        article = pages.context_chart(site, "instruments", row)
        links = re.findall(r'<a href="[^"]*/instruments/([^"/]+)\.html"', article)
        xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', article)] + [
            float(p.split(",")[0]) for p in re.findall(r'<polygon points="([\d.]+,[\d.]+) ', article)
        ]
        assert 0 < len(links) <= context_svg.MOST_MARKS and row["instrument_id"] in links
        assert article.count('stroke-width="3"') == 1  # the page's own mark, ringed
        assert all(context_svg.LEFT - 1 <= x <= context_svg.WIDTH - context_svg.RIGHT + 1 for x in xs)
        assert len(re.findall(r'fill="#444">\d{4}</text>', article)) >= 3, "a reader needs years to read the axis by"
        if len(links) == context_svg.MOST_MARKS:
            capped += 1
            assert re.search(rf"The {context_svg.MOST_MARKS} instruments published nearest to .+ \(of \d+ within five years\)", article)
    assert capped > 0


def test_context_charts_of_the_real_data_draw_every_instrument_within_five_years_or_say_how_many_they_leave_out():
    from nhs_industry.content import context_svg, pages

    site = pages.Site()
    for row in site.instrument_records:
        article = pages.context_chart(site, "instruments", row)
        assert "within five years of" in article or "nearest to" in article, row["instrument_id"]
    for chart in site._context_charts.values():
        if chart:
            assert chart.count == min(chart.of, context_svg.MOST_MARKS)
