"""Issue 14: two editions of the online book from one source. ``make book`` (the public, student edition)
carries no answer key, lesson plan, facilitation note or rubric, and no link to them; ``make
book-instructor`` carries everything. (The PDF editions: tests/test_pdf.py.)"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, toc_docs

pytestmark = pytest.mark.slow

GUIDE = "chapters/instructor-guide"


def _guide_docs() -> list[str]:
    return [d for d in toc_docs(ROOT) if d == GUIDE or d.startswith(GUIDE + "/")]


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]+", " ", text.lower()).strip()


def _article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article") or soup


def _snippets(path: Path) -> set[str]:
    """Paragraphs, list items and table cells of a page's article, eight words or more, normalised."""
    out = set()
    for el in _article(path).find_all(["p", "li", "td"]):
        text = _norm(el.get_text(" "))
        if len(text.split()) >= 8:
            out.add(text)
    return out


def _site_text(html: Path, skip=()) -> str:
    return "\n".join(_norm(_article(p).get_text(" ")) for p in sorted(html.rglob("*.html"))
                     if not any(str(p.relative_to(html)).startswith(s) for s in skip))


def test_the_guide_is_in_the_toc():
    assert len(_guide_docs()) >= 8


def test_student_edition_has_no_instructor_pages_or_links(built_html):
    present = [d for d in _guide_docs() if (built_html / f"{d}.html").exists()]
    assert present == [], f"instructor pages in the student edition: {present}"
    linking = [str(p.relative_to(built_html)) for p in built_html.rglob("*.html")
               if "instructor-guide" in " ".join(a.get("href", "") for a in BeautifulSoup(
                   p.read_text(encoding="utf-8"), "html.parser").find_all("a"))]
    assert linking == [], f"student pages linking to the instructor guide: {linking}"
    search = (built_html / "searchindex.js").read_text(encoding="utf-8")
    assert "instructor-guide" not in search


def test_instructor_edition_has_every_guide_page(built_instructor_html):
    missing = [d for d in _guide_docs() if not (built_instructor_html / f"{d}.html").is_file()]
    assert missing == []
    landing = (built_instructor_html / "index.html").read_text(encoding="utf-8")
    assert 'href="chapters/instructor-guide.html"' in landing


def test_no_instructor_text_reaches_the_student_edition(built_html, built_instructor_html):
    """Every paragraph of the guide (lesson plans, facilitation, answer keys, rubric) that is not also part of
    the shared pages (e.g. a quoted learning objective) appears in the instructor edition only."""
    shared = _site_text(built_instructor_html, skip=(GUIDE,))
    guide = set()
    for d in _guide_docs():
        guide |= {s for s in _snippets(built_instructor_html / f"{d}.html") if s not in shared}
    assert len(guide) >= 100, f"only {len(guide)} instructor-only paragraphs found: is the guide built?"
    student = _site_text(built_html)
    leaked = sorted(s for s in guide if s in student)
    assert leaked == [], f"{len(leaked)} instructor paragraphs in the student edition, e.g. {leaked[:3]}"
    keys = [s for s in guide if "answer" in s]
    assert keys, "no answer-key text found in the instructor edition"
