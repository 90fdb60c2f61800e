"""Present it, print it (issue 25): the story steps by keys, swipes and Back, fills a projector's screen in present
mode with each step's marks labelled; the timeline, era charts and story print whole on A4 landscape with what
they show, the date and the address; an era's handout carries the era's chart."""

from __future__ import annotations

import io
import re

import browser
import pytest

from nhs_industry import paths
from nhs_industry.model import data

pytestmark = [pytest.mark.browser, pytest.mark.full]

# A4 landscape less the 10 mm margins nhs-present-print.css sets, in CSS pixels (96 per inch).
PRINT_WIDTH, PRINT_HEIGHT = 1046, 718
SCREENSHOTS = paths.BUILD_DIR / "screenshots"


def steps():
    return data.load("story").sort_values("position").to_dict("records")


def story_page(chromium, base_url, step=1, width=1280, height=800, touch=False):
    context = chromium.new_context(viewport={"width": width, "height": height}, has_touch=touch)
    page = context.new_page()
    page.set_default_timeout(10_000)  # a step is drawn in well under a second
    page.log = browser.watch(page)
    browser.open_settled(page, f"{base_url}/book/story.html?step={step}")
    return page


def heading(page) -> str:
    return page.locator(".nhs-story h3").inner_text()


def wait_for_step(page, position: int) -> None:
    """The step is shown and in the address."""
    page.wait_for_function(f"new URLSearchParams(location.search).get('step') === '{position}'")
    page.wait_for_function(f"document.querySelector('.nhs-story h3').textContent.startsWith('{position}. ')")


def drawn_after(page, action) -> None:
    """Do action, then wait until the timeline has been drawn once more."""
    before = page.evaluate("window.__nhsChartsDrawn")
    action()
    page.wait_for_function(f"window.__nhsChartsDrawn > {before}")


# ---------------------------------------------------------------- stepping: keys, swipes, Back


def test_arrow_keys_step_through_the_story_on_its_own_page(chromium, base_url):
    page = story_page(chromium, base_url, step=3)
    path = page.evaluate("location.pathname")
    page.locator("body").click(position={"x": 5, "y": 300})  # focus on the page, as a reader's first click leaves it
    drawn_after(page, lambda: page.keyboard.press("ArrowRight"))
    wait_for_step(page, 4)
    assert heading(page).startswith(f"4. {steps()[3]['title']}")
    drawn_after(page, lambda: page.keyboard.press("ArrowLeft"))
    wait_for_step(page, 3)
    assert page.evaluate("location.pathname") == path, "the arrows left the story's page"
    # Alt+← is the browser's own Back: not taken for a step.
    handled = page.evaluate("""() => { const e = new KeyboardEvent('keydown', {key: 'ArrowRight', altKey: true,
                                                                            bubbles: true, cancelable: true});
        document.body.dispatchEvent(e); return e.defaultPrevented; }""")
    assert not handled and heading(page).startswith("3. ")
    assert page.log.console_errors == []
    page.context.close()


def test_arrow_keys_are_left_alone_in_a_form_field_and_in_the_plot(chromium, base_url):
    page = story_page(chromium, base_url, step=3)
    # The site's search box is a form field on every page: arrows there move its caret.
    fields = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')].length""")
    taken = page.evaluate("""() => {
        const field = document.createElement('input'); document.querySelector('.nhs-story').appendChild(field); field.focus();
        const inField = new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true, cancelable: true});
        field.dispatchEvent(inField); field.remove();
        const plot = document.querySelector('.nhs-timeline-plot .main-svg');
        const inPlot = new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true, cancelable: true});
        plot.dispatchEvent(inPlot);
        return [inField.defaultPrevented, inPlot.defaultPrevented]; }""")
    assert taken == [False, False] and heading(page).startswith("3. "), (taken, fields)
    page.context.close()


def test_back_returns_to_the_previous_step(chromium, base_url):
    page = story_page(chromium, base_url, step=2)
    drawn_after(page, lambda: page.get_by_role("button", name="Next →").click())
    wait_for_step(page, 3)
    drawn_after(page, lambda: page.get_by_role("button", name="Next →").click())
    wait_for_step(page, 4)
    page.go_back()
    wait_for_step(page, 3)
    assert heading(page).startswith(f"3. {steps()[2]['title']}")
    page.go_back()
    wait_for_step(page, 2)
    page.go_forward()
    wait_for_step(page, 3)
    assert page.evaluate("location.pathname").endswith("/book/story.html")
    page.context.close()


def swipe(page, selector: str, dx: int) -> None:
    page.evaluate(
        """([selector, dx]) => {
        const target = document.querySelector(selector), r = target.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + 20;
        const touch = (px) => new Touch({identifier: 1, target, clientX: px, clientY: y});
        target.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x)], changedTouches: [touch(x)], bubbles: true}));
        target.dispatchEvent(new TouchEvent('touchmove', {touches: [touch(x + dx)], changedTouches: [touch(x + dx)], bubbles: true}));
        target.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(x + dx)], bubbles: true}));
    }""",
        [selector, dx],
    )


def test_a_swipe_steps_through_the_story_on_a_phone(chromium, base_url):
    page = story_page(chromium, base_url, step=5, width=375, height=812, touch=True)
    swipe(page, ".nhs-story p", -160)  # finger moves left: the next step
    wait_for_step(page, 6)
    swipe(page, ".nhs-story p", 160)
    wait_for_step(page, 5)
    swipe(page, ".nhs-story p", 20)  # a small slip of the finger is not a swipe
    assert heading(page).startswith("5. ")
    page.screenshot(path=str(SCREENSHOTS / "present-story-375.png"), full_page=False)
    page.context.close()


# ---------------------------------------------------------------- present mode


FITS = """() => {
    const view = {w: window.innerWidth, h: window.innerHeight};
    const box = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
    const inside = (b) => b.l >= -1 && b.t >= -1 && b.r <= view.w + 1 && b.b <= view.h + 1;
    const parts = {heading: '.nhs-story h3', text: '.nhs-story > p', plot: '.nhs-timeline-plot .main-svg',
                   axis: '.nhs-timeline-plot .xaxislayer-above', slider: '.nhs-timeline-plot .rangeslider-container'};
    const out = {};
    for (const [name, selector] of Object.entries(parts)) {
        const el = document.querySelector(selector); out[name] = el ? inside(box(el)) : 'missing';
    }
    out.scrolled = document.querySelector('.nhs-presenting').scrollTop;
    out.overflows = document.querySelector('.nhs-presenting').scrollHeight > document.querySelector('.nhs-presenting').clientHeight + 1;
    return out; }"""


@pytest.mark.parametrize("width,height", [(1280, 800), (1024, 768)])
def test_present_mode_fits_each_step_with_its_chart_and_axis(chromium, base_url, width, height):
    page = story_page(chromium, base_url, step=1, width=width, height=height)
    button = page.get_by_role("button", name="Present")
    drawn_after(page, button.click)
    page.wait_for_selector(".nhs-presenting")
    for position in range(1, len(steps()) + 1):
        if position > 1:
            drawn_after(page, lambda: page.keyboard.press("ArrowRight"))
            wait_for_step(page, position)
        fits = page.evaluate(FITS)
        assert fits == {"heading": True, "text": True, "plot": True, "axis": True, "slider": True, "scrolled": 0, "overflows": False}, (
            position,
            fits,
        )
        if position == 6:
            page.screenshot(path=str(SCREENSHOTS / f"present-story-{width}.png"))
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.nhs-presenting')")
    assert page.evaluate("document.activeElement.textContent").strip() == "Present"
    assert page.log.console_errors == []
    page.context.close()


def test_each_steps_marks_are_labelled_on_the_chart(chromium, base_url):
    page = story_page(chromium, base_url, step=1)
    instruments = data.load("instruments").set_index("instrument_id")
    for step in steps():
        if step["position"] > 1:
            drawn_after(page, lambda: page.get_by_role("button", name="Next →").click())
            wait_for_step(page, step["position"])
        shown = page.evaluate("""() => [...document.querySelectorAll('.nhs-timeline-plot .annotation')]
            .filter(g => g.style.display !== 'none' && getComputedStyle(g).visibility !== 'hidden').map(g => g.textContent)""")
        for instrument_id in step["instrument_ids"]:
            short = instruments.loc[instrument_id, "short_title"] or instruments.loc[instrument_id, "title"]
            assert any(label.rstrip("…").strip() and short.startswith(label.rstrip("…").strip()) for label in shown), (
                step["position"],
                instrument_id,
                shown,
            )
    page.context.close()


def enter_present_mode(page) -> None:
    drawn_after(page, page.get_by_role("button", name="Present").click)
    page.wait_for_selector(".nhs-presenting")


def test_a_presentation_clicker_and_space_step_the_story_in_present_mode(chromium, base_url):
    """A clicker sends PageDown and PageUp; Space (Shift+Space back) is the slide software's key. The focus is on the
    Present button just pressed, which Space would otherwise press (leaving present mode)."""
    page = story_page(chromium, base_url, step=3)
    enter_present_mode(page)
    for key, position in (("Space", 4), ("PageDown", 5), ("PageUp", 4), ("Shift+Space", 3)):
        drawn_after(page, lambda key=key: page.keyboard.press(key))
        wait_for_step(page, position)
        assert page.locator(".nhs-presenting").count() == 1, f"{key} left present mode"
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.nhs-presenting')")
    # Outside present mode these keys scroll the page, as on any page.
    page.keyboard.press("PageDown")
    page.wait_for_function("window.scrollY > 0")
    assert heading(page).startswith("3. ")
    assert page.log.console_errors == []
    page.context.close()


# Every piece of text drawn on the chart (ticks, lane names, strip names and labels, marks' labels) with its size
# as drawn; the range slider under the axis draws none.
CHART_TEXT = """() => [...document.querySelectorAll('.nhs-timeline-plot .main-svg text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0 && getComputedStyle(t).display !== 'none'
                 && !t.closest('[style*="display: none"]'))
    .map(t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize)])"""


def test_present_mode_draws_the_charts_text_large_enough_to_read_on_a_projector(chromium, base_url):
    page = story_page(chromium, base_url, step=6)
    small = [text for text, size in page.evaluate(CHART_TEXT) if size < 16]
    assert small, "on the page the chart keeps its own small text (the test would pass on anything otherwise)"
    enter_present_mode(page)
    for position in (6, 7):
        if position > 6:
            drawn_after(page, lambda: page.keyboard.press("PageDown"))
            wait_for_step(page, position)
        texts = page.evaluate(CHART_TEXT)
        assert len(texts) > 20, texts
        small = [(text, size) for text, size in texts if size < 16]
        assert small == [], (position, small)
    page.context.close()


def test_the_address_opens_the_story_in_present_mode_and_leaving_clears_it(chromium, base_url):
    page = story_page(chromium, base_url, step=2)
    browser.open_settled(page, f"{base_url}/book/story.html?step=2&present=1")
    page.wait_for_selector(".nhs-presenting")
    assert page.evaluate(FITS)["plot"] is True
    drawn_after(page, lambda: page.keyboard.press("PageDown"))
    wait_for_step(page, 3)
    assert "present=1" in page.url, "the address keeps present mode through the steps"
    page.keyboard.press("Escape")
    page.wait_for_function("!location.search.includes('present')")
    assert page.log.console_errors == []
    page.context.close()


# ---------------------------------------------------------------- print


PRINTED_PAGES = [
    # (address, what its print note must name: the filters, zoom or step in force)
    ("book/timeline.html?kinds=act,circular,industry-code&from=2000-01-01&to=2012-12-31", ["2000", "2012", "Industry code"]),
    ("book/eras/2007-2013.html", ["2007", "2013"]),
    ("book/story.html?step=6", ["Step 6"]),
]

PRINT_LAYOUT = """() => {
    const box = (el) => { if (!el) { return null; } const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const note = document.querySelector('.nhs-print-note');
    return {plot: box(document.querySelector('.nhs-timeline-plot .svg-container')),
            svg: box(document.querySelector('.nhs-timeline-plot .main-svg')),
            axis: box(document.querySelector('.nhs-timeline-plot .xaxislayer-above')),
            note: note && getComputedStyle(note).display !== 'none' ? note.innerText : '',
            title: document.querySelector('article h1, main h1').innerText,
            controls: [...document.querySelectorAll('.nhs-timeline-controls, .nhs-story-nav, .modebar-container')]
                      .filter(el => el.getBoundingClientRect().height > 0).length}; }"""


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("address,named", PRINTED_PAGES)
def test_charts_print_whole_on_a4_landscape_with_what_they_show_the_date_and_the_address(chromium, base_url, address, named):
    from pypdf import PdfReader

    # Drawn on a lecturer's wide screen, then printed: the widest chart the page can have.
    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    browser.open_settled(page, f"{base_url}/{address}")
    page.emulate_media(media="print")
    layout = page.evaluate(PRINT_LAYOUT)
    # The drawn chart (its svg) and its axis: with Plotly's responsive option the divs around it take the page's width.
    for part in ("svg", "axis"):
        left, top, right, bottom = layout[part]  # laid out in the 1920px window: its size, not its place, is the sheet's
        assert right - left <= PRINT_WIDTH and bottom - top <= PRINT_HEIGHT, (address, part, layout[part])
    assert layout["axis"][0] >= layout["svg"][0] - 1 and layout["axis"][2] <= layout["svg"][2] + 1
    assert layout["controls"] == 0, "buttons and filters are not printed"
    note = layout["note"]
    assert "Printed on" in note and page.url in note, note
    for word in named:
        assert word in note, (word, note)
    page.screenshot(path=str(SCREENSHOTS / f"print-{address.split('/')[-1].split('.')[0]}.png"), full_page=True)

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert page_count(pdf) == len(reader.pages) >= 1
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (842, 595), "A4 landscape"
    texts = [" ".join(sheet.extract_text().split()) for sheet in reader.pages]
    assert layout["title"].strip() in texts[0]
    # The whole chart on one sheet: its every lane name and year on the axis are on the sheet that holds any.
    lanes = page.evaluate("() => [...document.querySelectorAll('.nhs-timeline-plot .ytick text')].map(t => t.textContent)")
    years = page.evaluate(
        "() => [...document.querySelectorAll('.nhs-timeline-plot .xaxislayer-above .xtick text')].map(t => t.textContent)"
    )
    sheet = next(t for t in texts if lanes[0] in t)
    assert "Printed on" in sheet and address.split("?")[0] in sheet, "the chart's sheet names the date and address"
    missing = [label for label in lanes + years if label not in sheet]
    assert not missing, (address, missing)
    context.close()


FIRST_SHEET = """() => ({lanes: [...document.querySelectorAll('.nhs-timeline-plot .ytick text')].map(t => t.textContent),
    years: [...document.querySelectorAll('.nhs-timeline-plot .xaxislayer-above .xtick text')].map(t => t.textContent),
    title: document.querySelector('article h1').innerText.replace(/#$/, '').trim()})"""


@pytest.mark.parametrize("width,height", [(1280, 800), (1920, 1080)])
def test_the_timeline_prints_its_title_what_it_shows_and_the_chart_on_one_sheet(chromium, base_url, width, height):
    """The first sheet of the printed timeline holds the page's title, the line with the filters, dates, printing
    date and address, and the whole chart (every row name and every year on its axis): before, the title and the
    introduction printed alone on the first sheet and the chart on the second."""
    from pypdf import PdfReader

    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    browser.open_settled(page, f"{base_url}/book/timeline.html?from=1990-01-01&to=2015-12-31")
    page.emulate_media(media="print")
    shown = page.evaluate(FIRST_SHEET)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    context.close()
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert shown["title"] and first.startswith(shown["title"]), first[:200]
    for words in ("Printed on", "/book/timeline.html?from=1990-01-01&to=2015-12-31", "Dates shown: 1 January 1990 to 31 December 2015"):
        assert words in first, (words, first[:400])
    missing = [label for label in shown["lanes"] + shown["years"] if label not in first]
    assert shown["lanes"] and not missing, missing
