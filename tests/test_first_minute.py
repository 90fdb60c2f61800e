"""A newcomer's first minute (issue 34): on a phone the menu and the page's contents open and lead everywhere the
book's table of contents does; the home page's first screen, on a laptop and on a phone, says what the site is and
links to the four ways in."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import browser
import pytest
import yaml

from nhs_industry import paths

PHONE = {"width": 375, "height": 812}
SCREENSHOTS = paths.BUILD_DIR / "screenshots"


def phone_page(chromium, base_url, address):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.log = browser.watch(page)
    browser.open_settled(page, f"{base_url}/{address}")
    return page


def toc_chapters() -> list[str]:
    """Every chapter _toc.yml lists, as the address of its page ("book/timeline.html")."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [f"{entry['file']}.html" for entry in toc["chapters"]]


def visible_button(page, selector: str):
    """The one button matching selector that a reader can see (the theme's layout holds another, hidden one)."""
    shown = page.locator(f"{selector} >> visible=true")
    assert shown.count() == 1, f"{shown.count()} visible {selector} buttons"
    return shown


# Inside the window, to the pixel (a box's edges fall between pixels).
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1; }"""


def site_path(base_url: str, page_url: str, href: str) -> str:
    """A link's page as a path from the site's root, without query or fragment."""
    return urlparse(urljoin(page_url, href)).path.removeprefix(urlparse(base_url).path).lstrip("/")


@pytest.mark.full
def test_on_a_phone_the_menu_opens_and_reaches_every_chapter(chromium, base_url):
    page = phone_page(chromium, base_url, "index.html")
    visible_button(page, ".primary-toggle").tap()
    drawer = page.locator("#pst-primary-sidebar-modal")
    drawer.wait_for(state="visible", timeout=3000)
    assert drawer.evaluate("d => d.open"), "the menu opened as a dialog"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-menu-375.png"))
    links = drawer.locator("nav a.reference")
    found = {}
    for index in range(links.count()):
        link = links.nth(index)
        found.setdefault(site_path(base_url, page.url, link.get_attribute("href")), link)
    missing = [chapter for chapter in toc_chapters() if chapter not in found]
    assert missing == [], f"chapters not in the phone's menu: {missing}"
    for chapter in toc_chapters():
        link = found[chapter]
        link.scroll_into_view_if_needed()
        assert link.evaluate(IN_VIEW), f"{chapter}: its link in the menu cannot be seen"
        assert page.request.get(urljoin(page.url, link.get_attribute("href"))).ok, chapter
    # A tap on a chapter takes the reader there.
    found["book/allowed.html"].tap()
    page.wait_for_url("**/book/allowed.html")
    assert page.log.console_errors == []
    page.context.close()


@pytest.mark.full
def test_on_a_phone_the_page_contents_button_lists_the_chapters_headings(chromium, base_url):
    page = phone_page(chromium, base_url, "book/eras/2000-2007.html")
    # The chapter's own sections (the theme lists those): not the headings a cell's output or the citation box holds.
    headings = page.evaluate(
        "[...document.querySelectorAll('article section > h2')].filter(h => !h.closest('.output')).map(h => h.innerText)"
    )
    assert len(headings) >= 3
    visible_button(page, ".secondary-toggle").tap()
    contents = page.locator("#pst-secondary-sidebar-modal")
    contents.wait_for(state="visible", timeout=3000)
    page.screenshot(path=str(SCREENSHOTS / "phone-contents-375.png"))
    listed = [" ".join(text.split()) for text in contents.locator("nav a").all_inner_texts()]
    for heading in headings:
        assert " ".join(heading.rstrip("#").split()) in listed, (heading, listed)
    first = contents.locator("nav a").first
    first.scroll_into_view_if_needed()
    assert first.evaluate(IN_VIEW)
    first.tap()
    page.wait_for_function("location.hash.length > 1")
    page.context.close()


# ---------------------------------------------------------------- the home page's first screen

# The ways in a newcomer is offered before anything else: (what the link is, the page it opens, its query).
WAYS_IN = [
    ("the timeline", "book/timeline.html", ""),
    ("the story", "book/story.html", ""),
    ("the story in Present mode", "book/story.html", "present=1"),
    ("what was allowed, when", "book/allowed.html", ""),
    ("the rules in force", "book/in-force.html", ""),
]

FIRST_SCREEN = """() => {
    const inView = (el) => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 &&
               r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1; };
    const lead = document.querySelector('article h1 ~ p');
    return {lead: lead ? lead.innerText : '', leadInView: !!lead && inView(lead),
            links: [...document.querySelectorAll('article a[href]')].filter(inView)
                   .map(a => { const u = new URL(a.href); return [u.pathname, u.search.slice(1)]; })}; }"""


@pytest.mark.full
@pytest.mark.parametrize("width,height", [(1280, 800), (375, 812)])
def test_the_home_pages_first_screen_says_what_the_site_is_and_links_the_ways_in(chromium, base_url, width, height):
    context = chromium.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500)
    page = context.new_page()
    browser.open_settled(page, f"{base_url}/index.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{width}.png"))
    screen = page.evaluate(FIRST_SCREEN)
    context.close()
    # The page's first paragraph, whole on the first screen, says what the site is about.
    assert screen["leadInView"], f"the first paragraph is not on the first screen: {screen['lead'][:80]!r}"
    assert all(word in screen["lead"] for word in ("NHS", "industry", "rules")), screen["lead"]
    root = urlparse(base_url).path.rstrip("/")
    shown = {(path.removeprefix(root).lstrip("/"), query) for path, query in screen["links"]}
    missing = [name for name, path, query in WAYS_IN if (path, query) not in shown]
    assert missing == [], f"not linked on the first screen at {width}px: {missing}"


def test_the_home_pages_chapter_list_names_the_story_what_was_allowed_and_every_era(site):
    home = (site / "book" / "index.html").read_text(encoding="utf-8")
    chapters = home.split('id="chapters"', 1)
    assert len(chapters) == 2, "the home page has a Chapters section"
    eras = sorted(p.stem for p in (paths.BOOK_DIR / "eras").glob("*.md"))
    for chapter in ["story", "allowed", *(f"eras/{era}" for era in eras)]:
        assert f'href="{chapter}.html"' in chapters[1], chapter


def test_no_page_doubles_a_word_next_to_a_linked_title(site):
    """A link written as {doc}`timeline` shows the page's own title ("The timeline"): the sentence around it must not
    say the same word again ("Begin with the The timeline", "the Teaching guide guide")."""
    import re

    doubled = []
    for page in [*sorted((site / "book").glob("*.html")), *sorted((site / "book" / "eras").glob("*.html"))]:
        article = page.read_text(encoding="utf-8").split("<article", 1)[-1].split("</article>", 1)[0]
        for block in re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", article, flags=re.DOTALL):
            text = " ".join(re.sub(r"<[^>]+>", "", block[1]).split())
            doubled += [f"{page.name}: {m.group(0)}" for m in re.finditer(r"\b([A-Za-z]+) \1\b", text, flags=re.IGNORECASE)]
    assert doubled == [], doubled
