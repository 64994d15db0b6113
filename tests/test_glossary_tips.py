"""Issue 23: a glossary term shows its definition where it is used.

* :func:`abduction_issue.sphinxext.htmltheme.short_definition` keeps whole sentences up to about a limit and leaves out
  "See ..." pointers;
* in a real (small) Sphinx build, every link to a glossary term carries the short definition as its ``title``
  and the class ``abd-term`` (what ``abduction-site.js`` turns into the hover / focus / tap box), citations and
  page cross-references are left out of it, and editing the glossary updates the definition on a page that
  did not change (an incremental build re-reads it);
* in the built book, in Chromium: hover and keyboard focus show the definition and Escape hides it; on a
  phone the first tap shows it and the second follows the link (browser test, slow).
"""
from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from abduction_issue.sphinxext.htmltheme import TERM_TIP_CHARS, short_definition

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- the short definition

def test_short_definition_keeps_whole_sentences_and_drops_see_pointers():
    text = ("North Korea's founding leader, who ruled it from 1948 until his death in 1994. He was the father of "
            "Kim Jong Il. See Before 2002. " + "A much longer sentence that would not fit. " * 5)
    out = short_definition(text, limit=120)
    assert out == "North Korea's founding leader, who ruled it from 1948 until his death in 1994. He was the father of Kim Jong Il."


def test_short_definition_adds_a_second_sentence_to_a_very_short_first():
    text = "The sister of Kim Jong Un. " + "In statements of 2024 she set out North Korea's terms for a summit, " * 3 + "in full."
    out = short_definition(text, limit=120)
    assert out.startswith("The sister of Kim Jong Un. In statements")


def test_short_definition_cuts_a_runaway_sentence_at_a_word():
    text = "word " * 200
    out = short_definition(text.strip() + ".", limit=TERM_TIP_CHARS)
    assert out.endswith("…") and len(out) <= TERM_TIP_CHARS + 1 and "  " not in out


# --------------------------------------------------------------------------- a small Sphinx project

CONF = """
import sys
sys.path.insert(0, {root!r})
extensions = []
smartquotes = False
exclude_patterns = ["_build"]
def setup(app):
    from abduction_issue.sphinxext.htmltheme import setup_glossary_tooltips
    setup_glossary_tooltips(app)
"""

INDEX = """
Index
=====

.. toctree::

   glossary
   page
"""

GLOSSARY = """
Glossary
========

.. glossary::

   Kim Il Sung
      North Korea's {what}. He was the father of :term:`Kim Jong Il`. See :doc:`page`.

   Kim Jong Il
      His son and successor. See :doc:`page`.
"""

PAGE = """
Page
====

This page mentions :term:`Kim Il Sung` and :term:`Kim Jong Il`, and links to :doc:`glossary` plainly.
"""


def _build(src: Path, out: Path, builder: str = "html") -> None:
    """``sphinx-build -W`` in a process of its own (Sphinx keeps node registrations per process)."""
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", builder, "-d", str(out / ".doctrees"),
                           str(src), str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _titles(html: Path) -> dict[str, str]:
    text = html.read_text(encoding="utf-8")
    out = {}
    for tag in re.findall(r"<a [^>]*>", text):
        if "abd-term" in tag:
            href = re.search(r'href="([^"]*)"', tag).group(1)
            title = re.search(r'title="([^"]*)"', tag)
            out[href.rpartition("#")[2]] = unescape(title.group(1)) if title else None
    return out


@pytest.fixture
def project(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF.format(root=str(ROOT)), encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "glossary.rst").write_text(GLOSSARY.format(what="founding leader"), encoding="utf-8")
    (src / "page.rst").write_text(PAGE, encoding="utf-8")
    return src, tmp_path / "out"


def test_term_links_carry_their_short_definition(project):
    src, out = project
    _build(src, out)
    titles = _titles(out / "page.html")
    assert titles == {"term-Kim-Il-Sung": "North Korea's founding leader. He was the father of Kim Jong Il.",
                      "term-Kim-Jong-Il": "His son and successor."}
    # the link inside the glossary itself (same page: a #term-... anchor) is marked too
    assert _titles(out / "glossary.html") == {"term-Kim-Jong-Il": "His son and successor."}
    # a link that is not to a term is left alone
    plain = [t for t in re.findall(r"<a [^>]*>", (out / "page.html").read_text()) if 'href="glossary.html"' in t and "reference internal" in t]
    assert plain and all("title=" not in t and "abd-term" not in t for t in plain)


def test_an_edited_glossary_updates_pages_that_did_not_change(project):
    src, out = project
    _build(src, out)
    page_before = (out / "page.html").stat().st_mtime_ns
    (src / "glossary.rst").write_text(GLOSSARY.format(what="first leader"), encoding="utf-8")
    _build(src, out)
    assert (out / "page.html").stat().st_mtime_ns != page_before
    assert _titles(out / "page.html")["term-Kim-Il-Sung"] == "North Korea's first leader. He was the father of Kim Jong Il."


def test_the_latex_builder_is_untouched(project):
    src, out = project
    _build(src, out / "latex", "latex")
    tex = next((out / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "founding leader" in tex and "abd-term" not in tex


# --------------------------------------------------------------------------- in the built book, in Chromium

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


@pytest.mark.slow
def test_every_term_link_in_the_book_has_a_definition(built_html):
    pages = [p for p in built_html.rglob("*.html") if "_static" not in p.parts]
    links = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r'(<a [^>]*>)<span class="xref std std-term">', text):
            links += 1
            assert "abd-term" in tag and 'title="' in tag, f"{page.name}: a term link without a definition: {tag}"
    assert links >= 50


@pytest.mark.slow
def test_the_glossary_has_an_a_to_z_line_whose_letters_lead_to_their_first_term(built_html):
    page = (built_html / "chapters" / "glossary.html").read_text(encoding="utf-8")
    m = re.search(r'<p class="glossary-jump">(.*?)</p>', page, re.S)
    assert m, "no A–Z line on the glossary page"
    links = re.findall(r'<a class="reference internal" href="#([^"]+)">([A-Z])</a>', m.group(1))
    letters = [letter for _, letter in links]
    assert letters == sorted(letters) and len(letters) >= 10, letters
    for anchor, letter in links:
        term = re.search(r'<dt id="' + re.escape(anchor) + r'">(.*?)<', page, re.S)
        assert term and term.group(1).strip().upper().startswith(letter), (anchor, letter)


@pytest.mark.slow
@pytest.mark.browser
def test_definition_shows_on_hover_focus_and_tap(site_server, chromium):
    errors = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_server.url + "chapters/start-here.html", wait_until="load")
    tip = page.locator("#abd-term-tip")
    link = page.locator(".bd-article a.abd-term").first
    definition = link.get_attribute("data-abd-definition")
    assert definition and "founding leader" in definition
    assert link.get_attribute("title") is None            # the box replaces the browser's own tooltip
    link.hover()
    assert tip.is_visible() and tip.inner_text() == definition
    assert link.get_attribute("aria-describedby") == "abd-term-tip"
    page.mouse.move(1, 1)
    page.wait_for_timeout(600)
    assert not tip.is_visible()
    link.focus()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    context.close()

    phone = chromium.new_context(**PHONE)
    page = phone.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_server.url + "chapters/start-here.html", wait_until="load")
    tip = page.locator("#abd-term-tip")
    link = page.locator(".bd-article a.abd-term").nth(2)
    link.scroll_into_view_if_needed()
    link.tap()
    page.wait_for_timeout(200)
    assert page.url.endswith("chapters/start-here.html"), "the first tap must show the definition, not leave"
    assert tip.is_visible() and link.get_attribute("data-abd-definition") in tip.inner_text()
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"the definition box leaves the screen: {box}"
    page.locator(".bd-article h1").tap()
    assert not tip.is_visible()
    link.tap()
    page.wait_for_timeout(200)
    link.tap()
    page.wait_for_url(re.compile(r"glossary\.html#term-"))
    phone.close()
    assert not errors, errors
