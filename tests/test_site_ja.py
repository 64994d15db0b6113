"""Issue 25: the Japanese edition (日本語版) of the online book in a real browser.

Every check of ``tests/test_site.py`` runs again on the Japanese site (``make book-ja``, built with ``-W`` from a
copy of the repository): offline, no console or page errors, no broken link, axe in light and dark, alt text,
search, phones, charts at full size, ... — this module imports those tests and gives them the Japanese site as
``built_html`` and ``site_server``. Then the checks that are the Japanese edition's own: the page language, the
link between the two editions, Japanese search, and no English left in the body text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import test_site
from test_site import *  # noqa: F401,F403  (every test of the English site, run here on the Japanese one)
from test_site import Visit, open_page, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Tests of test_site.py that are not about the site's language-independent behaviour, with the reason they are
#: not repeated here (each is covered for Japanese by a test below, or checks the English site only).
NOT_REPEATED = {
    "test_vendored_assets_are_pruned": "checks the repository's vendored files, not a site",
    "test_vendored_mathjax_typesets_offline": "builds its own one-page English site",
}
for _name in NOT_REPEATED:
    globals().pop(_name, None)


@pytest.fixture(scope="module")
def built_html(built_ja_html):
    return built_ja_html


@pytest.fixture(scope="module")
def site_server(ja_site_server):
    return ja_site_server


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def _main(html_file: Path) -> BeautifulSoup:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return soup


def test_every_japanese_page_declares_its_language(built_ja_html):
    bad = {}
    for rel in site_pages(built_ja_html):
        lang = (_main(built_ja_html / rel).html or {}).get("lang")
        if lang != "ja":
            bad[rel] = lang
    assert bad == {}


def test_every_english_page_still_declares_english(built_book):
    _, html = built_book
    bad = {rel: (_main(html / rel).html or {}).get("lang") for rel in site_pages(html)}
    assert {k: v for k, v in bad.items() if v != "en"} == {}


def _switch(soup: BeautifulSoup):
    return soup.select_one("a.abduction-language-switch")


@pytest.mark.parametrize("direction", ["ja->en", "en->ja"])
def test_each_page_links_to_the_same_page_in_the_other_edition(built_ja_html, built_book, direction):
    """The header's language link of every page leads to the same page of the other edition (the two sites sit
    where `make book` and `make book-ja` put them)."""
    _, en_html = built_book
    here, there, lang = (built_ja_html, en_html, "en") if direction == "ja->en" else (en_html, built_ja_html, "ja")
    checked, bad = 0, {}
    for rel in site_pages(here):
        if rel in ("genindex.html", "search.html"):
            continue
        link = _switch(_main(here / rel))
        if link is None:
            bad[rel] = "no language link"
            continue
        target = (here / rel).parent / link["href"].split("#")[0]
        if link.get("hreflang") != lang or not target.resolve().is_file():
            bad[rel] = f"{link.get('hreflang')} {link['href']}"
        elif target.resolve() != (there / rel).resolve():
            bad[rel] = f"leads to {target.resolve()}, not the same page"
        checked += 1
    assert bad == {} and checked >= 10


def test_the_language_link_is_a_visible_button_in_the_header(ja_site_server, chromium):
    v = Visit("chapters/02-the-summit.html")
    context, page = open_page(chromium, ja_site_server, v.page, v)
    try:
        link = page.locator("a.abduction-language-switch")
        assert link.is_visible() and link.inner_text().strip() == "English"
        link.click()
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.url.endswith("chapters/02-the-summit.html")
    finally:
        context.close()


def test_japanese_search_finds_pages_offline(ja_site_server, chromium, built_ja_html):
    """Sphinx's Japanese splitter (no download): a search for 拉致 (abduction) lists pages that exist."""
    v = Visit("search.html")
    pos = ja_site_server.log_position()
    context, page = open_page(chromium, ja_site_server, "search.html?q=%E6%8B%89%E8%87%B4", v)
    try:
        page.wait_for_selector("#search-results li", timeout=20000)
        hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    finally:
        context.close()
    assert len(hrefs) >= 5, hrefs
    for href in hrefs:
        assert (built_ja_html / href.split("#")[0].split("?")[0]).is_file(), href
    assert v.external == [] and ja_site_server.errors_since(pos) == []


#: What may stay in English on a Japanese page: citations and links to sources (titles of English sources),
#: code, and proper names (a line with fewer than five English words).
def english_blocks(html_file: Path) -> list[str]:
    soup = _main(html_file)
    main = soup.select_one("main") or soup
    for el in main.select("div.cell_input, pre, code, .highlight, div.citation, .bd-sidebar-secondary"):
        el.decompose()
    for a in main.select("a"):
        href = a.get("href", "")
        if href.startswith(("http://", "https://")) or "bibliography.html" in href:
            a.decompose()
    found = []
    for el in main.select("p, li, td, th, h1, h2, h3, figcaption, dt, dd, legend, label, button, option"):
        if el.find(["p", "li", "td"]):
            continue
        text = " ".join(el.get_text(" ").split())
        if len(ENGLISH_WORD.findall(text)) > 4 and not JAPANESE.search(text):
            found.append(text[:120])
    return found


def test_no_english_left_in_the_body_text(built_ja_html):
    bad = {rel: english_blocks(built_ja_html / rel) for rel in site_pages(built_ja_html)}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_english_check_can_fail(built_book):
    """The check above finds English where there is English (the English site)."""
    _, html = built_book
    assert len(english_blocks(html / "chapters" / "02-the-summit.html")) > 10


def test_dates_figures_and_generated_text_are_written_the_japanese_way(built_ja_html):
    text = _main(built_ja_html / "chapters" / "02-the-summit.html").get_text(" ")
    assert "2002年9月17日" in text and "September 2002" not in text
    reading = _main(built_ja_html / "chapters" / "03-the-backfire.html").select_one("p.reading-time").get_text()
    assert reading.startswith("読む時間の目安") and "minute" not in reading
    assert re.search(r"\d+\.\d%", _main(built_ja_html / "chapters" / "05-reading-the-sources.html").get_text())


def test_the_japanese_instructor_edition_is_japanese_and_its_links_have_words(built_instructor_ja_html):
    """``make book-instructor-ja`` builds with -W (the fixture); its guide pages (lesson plans, answer keys,
    rubrics) leave no English in the body text, and every link shows its words."""
    guide = sorted((built_instructor_ja_html / "chapters").rglob("instructor-guide*.html")) + \
        sorted((built_instructor_ja_html / "chapters" / "instructor-guide").glob("*.html"))
    assert len(guide) >= 9
    bad = {p.name: english_blocks(p) for p in guide}
    assert {k: v for k, v in bad.items() if v} == {}
    empty = {p.name: test_site.links_without_words(p)[:3] for p in guide}
    assert {k: v for k, v in empty.items() if v} == {}
